import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskSource, scanSource } from '../../../src/analysis/sourceScan';

test('masking blanks comments and string contents, keeping offsets and lines', () => {
  const text = "const a = '{'; // {\n/* { */ const b = `x{`;\n";
  const masked = maskSource(text);
  assert.equal(masked.length, text.length);
  assert.equal(masked.split('\n').length, text.split('\n').length);
  assert.ok(!masked.includes('{'));
  assert.ok(masked.includes('const b ='));
});

test('imports: named, default, namespace, require, destructured require, side effect; type-only skipped', () => {
  const facts = scanSource(
    [
      "import type { Handler } from 'aws-lambda';",
      "import { get, set as assign } from 'lodash';",
      "import moment from 'moment';",
      "import * as R from 'ramda';",
      "import 'source-map-support/register';",
      "const { v4 } = require('uuid');",
      "const axios = require('axios');",
      '// import nope from "commented";',
      'export const handler = async () => { moment.utc(); moment.duration(1); R.map(1); axios(1); return get(assign); };',
    ].join('\n'),
    'handler',
  );
  const bySpec = Object.fromEntries(facts.imports.map((i) => [i.specifier, i]));
  assert.deepEqual(Object.keys(bySpec).sort(), ['axios', 'lodash', 'moment', 'ramda', 'source-map-support/register', 'uuid']);
  assert.deepEqual(bySpec.lodash.named, ['get', 'set']);
  assert.equal(bySpec.lodash.line, 1);
  assert.deepEqual(bySpec.moment.membersUsed, ['duration', 'utc']);
  assert.deepEqual(bySpec.ramda.membersUsed, ['map']);
  assert.equal(bySpec.axios.membersUsed, undefined, 'axios is called bare: the whole object is used');
  assert.deepEqual(bySpec.uuid.named, ['v4']);
  assert.equal(bySpec['source-map-support/register'].bare, true);
});

test('clients inside the handler vs at init; top-level await and sync work', () => {
  const src = [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { readFileSync } from 'node:fs';",
    'const shared = new DynamoDBClient({});',
    "const cfg = readFileSync('cfg.json', 'utf8');",
    'const secret = await loadSecret();',
    'function lazy() { return new DynamoDBClient({}); }',
    'export async function handler(event: { a: string }): Promise<{ ok: boolean }> {',
    '  const perCall = new DynamoDBClient({ region: "x" });',
    '  const again = new SQSClient({});',
    '  await perCall.send(x);',
    '  return { ok: true };',
    '}',
  ].join('\n');
  const facts = scanSource(src, 'handler');
  assert.equal(facts.handlerFound, true);
  assert.deepEqual(facts.clientsInHandler, [
    { line: 7, text: 'new DynamoDBClient' },
    { line: 8, text: 'new SQSClient' },
  ]);
  assert.deepEqual(facts.clientsAtInit, [{ line: 2, text: 'new DynamoDBClient' }]);
  assert.deepEqual(facts.topLevelAwaits, [{ line: 4, text: 'await' }]);
  assert.deepEqual(facts.topLevelSyncWork, [{ line: 3, text: 'readFileSync' }]);
});

test('handler forms: arrow with a braced return type, exports.x = function, module.exports.x = arrow', () => {
  const arrow = scanSource('export const handler = async (e: { id: string }): Promise<{ a: { b: 1 } }> => {\n  new S3Client({});\n};', 'handler');
  assert.equal(arrow.clientsInHandler.length, 1);
  const cjs = scanSource('exports.main = async function (event) {\n  const pool = createPool({});\n};', 'main');
  assert.deepEqual(cjs.clientsInHandler, [{ line: 1, text: 'createPool' }]);
  const mod = scanSource('module.exports.handler = async (event) => {\n  new AWS.SQS();\n};', 'handler');
  assert.deepEqual(mod.clientsInHandler, [{ line: 1, text: 'new AWS.SQS' }]);
  const notFound = scanSource('export const handler = middy(base);\nfunction base() { new S3Client({}); }', 'handler');
  assert.equal(notFound.handlerFound, false);
  assert.deepEqual(notFound.clientsInHandler, []);
});

test('keywords inside strings and comments are not code', () => {
  const facts = scanSource("const s = 'await new S3Client()';\n// await readFileSync()\nexport const handler = async () => 1;", 'handler');
  assert.deepEqual(facts.topLevelAwaits, []);
  assert.deepEqual(facts.topLevelSyncWork, []);
  assert.deepEqual(facts.clientsAtInit, []);
});
