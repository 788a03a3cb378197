import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameworkVersionBelow } from '../../../src/model/frameworkVersion';

test('frameworkVersion ranges that admit only releases before v3', () => {
  for (const range of ['2', 2, '2.x', '2.72.4', '=2.1.0', '^2.1.0', '~1.28', '>=1.0.0 <2.0.0', '>=2.0.0 <3.0.0', '>= 1.28.0 < 3', '<3', '<=2.72.4', '1.x || 2.x', '1.0.0 - 2.72.4', 'v2']) {
    assert.equal(frameworkVersionBelow(range, 3), true, String(range));
  }
});

test('frameworkVersion ranges that admit v3 or later, or say nothing readable, are taken as a current release', () => {
  for (const range of [undefined, '', '3', 3, '^3.0.0', '>=2.0.0', '>= 2.0.0', '>=2.0.0 <4.0.0', '<3.1.0', '2.x || 3.x', '1.0.0 - 3.1.0', '*', 'x', 'latest', '${env:SLS_VERSION}']) {
    assert.equal(frameworkVersionBelow(range, 3), false, String(range));
  }
});
