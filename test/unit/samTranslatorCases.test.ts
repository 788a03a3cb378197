// SAM cases pinned with the values AWS's SAM translator produces for them. Each case's expected.json is the
// translator's output (samtranslator 1.110.0, as `bench/samOracle.ts` runs it) read back as the fields the
// model shows; its `source` field says which translator behaviour the case pins. The translator is Python and
// not a dependency of the tests, so the values are pinned here and the bench re-checks them against the
// translator itself. Where the translator leaves an intrinsic function for CloudFormation to resolve, the
// expected value is what CloudFormation deploys with every parameter at its default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCloudFormation } from '../../src/model/cloudFormation';
import type { FunctionDef, Value } from '../../src/model/types';
import { toPlain } from '../../src/model/types';

interface Expected {
  source: string;
  functions: Record<string, { runtime: string | null; handler: string | null; memorySize: number | null; timeout: number | null; deployedName: string | null; triggers: string[]; image?: boolean; urlAuthType?: string }>;
}

const root = join(__dirname, '..', 'fixtures', 'sam-translator');

function plain(v: Value | undefined): unknown {
  return v === undefined ? null : toPlain(v);
}

function observed(fn: FunctionDef): Expected['functions'][string] {
  const out: Expected['functions'][string] = {
    runtime: plain(fn.runtime?.value) as string | null,
    handler: plain(fn.handler?.value) as string | null,
    // The translator's output leaves unset settings out; the model fills Lambda's defaults (marked as such).
    memorySize: fn.defaults?.includes('memorySize') ? null : (plain(fn.memorySize?.value) as number | null),
    timeout: fn.defaults?.includes('timeout') ? null : (plain(fn.timeout?.value) as number | null),
    deployedName: fn.deployedName ?? null,
    triggers: fn.triggers.map((t) => t.type),
  };
  if (fn.handlerInfo.image) out.image = true;
  const url = fn.triggers.find((t) => t.type === 'functionUrl');
  if (url) out.urlAuthType = plain(url.config.AuthType?.value) as string;
  return out;
}

for (const name of readdirSync(root).sort()) {
  test(`SAM translator case: ${name}`, () => {
    const file = join(root, name, 'template.yaml');
    const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Expected;
    assert.ok(expected.source.length > 40, 'each case says which translator behaviour it pins');
    const project = parseCloudFormation(file, readFileSync(file, 'utf8'));
    assert.equal(project.kind, 'sam');
    assert.deepEqual(Object.fromEntries(project.functions.map((f) => [f.name, observed(f)])), expected.functions);
  });
}
