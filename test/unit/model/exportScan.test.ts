import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportScanContext } from '../../../src/model/exportScan';
import { originalLines, scanJsDefaultExport, scanJsExport } from '../../../src/model/exportScan';
import { esbuildTypeStripper } from '../../../src/invoke/typeStripper';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';

const dir = join(__dirname, '..', '..', 'fixtures', 'export-scan');
const fs = nodeFileSystem();
const withEsbuild: ExportScanContext = { fs, stripTypes: esbuildTypeStripper() };
const withoutEsbuild: ExportScanContext = { fs };

function scan(file: string, name: string, ctx: ExportScanContext): ReturnType<typeof scanJsExport> {
  const path = join(dir, file);
  return scanJsExport(path, readFileSync(path, 'utf8'), name, ctx);
}

for (const [label, ctx] of [['on esbuild\'s stripped output', withEsbuild], ['on the TypeScript itself (no esbuild)', withoutEsbuild]] as const) {
  describe(`export scan ${label}`, () => {
    test('a typed TypeScript handler: found at its own line (types above it do not shift it); a type export is no handler', async () => {
      assert.deepEqual(await scan('typed.ts', 'handler', ctx), { found: true, line: 9 });
      assert.deepEqual(await scan('typed.ts', 'Order', ctx), { found: false });
    });
    test('export const { handler } = make(): each destructured name is an export', async () => {
      assert.deepEqual(await scan('destructured.ts', 'handler', ctx), { found: true, line: 7 });
      assert.deepEqual(await scan('destructured.ts', 'warmup', ctx), { found: true, line: 7 });
      assert.deepEqual(await scan('destructured.ts', 'greet', ctx), { found: false });
    });
    test('export * from a relative module is followed (the line is the re-export\'s); a package re-export cannot be seen through', async () => {
      assert.deepEqual(await scan('barrel/index.ts', 'handler', ctx), { found: true, line: 2 });
      assert.deepEqual(await scan('barrel/index.ts', 'nothing', ctx), { found: false });
      assert.deepEqual(await scan('from-package.ts', 'handler', ctx), { found: undefined });
    });
    test('re-export cycles end', async () => {
      assert.equal((await scan('cycle/a.ts', 'b', ctx)).found, true);
      assert.equal((await scan('cycle/a.ts', 'c', ctx)).found, false);
    });
    test('import statements with CommonJS exports (TypeScript for tsc\'s CommonJS output): module.exports.create counts', async () => {
      assert.deepEqual(await scan('mixed.ts', 'create', ctx), { found: true, line: 8 });
      assert.deepEqual(await scan('mixed.ts', 'handler', ctx), { found: false });
    });
    test('a misspelt export is reported missing', async () => {
      assert.deepEqual(await scan('missing.ts', 'handler', ctx), { found: false });
    });
  });
}

describe('export scan: CommonJS and JSX', () => {
  test('exports.handler =, at its line', async () => {
    assert.deepEqual(await scan('cjs/impl.js', 'handler', withEsbuild), { found: true, line: 4 });
  });
  test('module.exports = require(\'./impl.js\') is followed', async () => {
    assert.deepEqual(await scan('cjs/index.js', 'handler', withEsbuild), { found: true, line: 1 });
    assert.deepEqual(await scan('cjs/index.js', 'other', withEsbuild), { found: false });
  });
  test('module.exports = { … } with function values and methods: every key, at its line', async () => {
    assert.deepEqual(await scan('cjs/object.js', 'warm', withEsbuild), { found: true, line: 3 });
    assert.deepEqual(await scan('cjs/object.js', 'handler', withEsbuild), { found: true, line: 4 });
    assert.deepEqual(await scan('cjs/object.js', 'cleanup', withEsbuild), { found: true, line: 7 });
    assert.deepEqual(await scan('cjs/object.js', 'db', withEsbuild), { found: false });
  });
  test('TSX through esbuild', async () => {
    assert.deepEqual(await scan('view.tsx', 'handler', withEsbuild), { found: true, line: 4 });
    assert.deepEqual(await scan('view.tsx', 'Greeting', withEsbuild), { found: false });
  });
  test('an Azure v3 module that is the function', async () => {
    const path = join(dir, 'azure-v3.js');
    assert.deepEqual(await scanJsDefaultExport(path, readFileSync(path, 'utf8'), withEsbuild), { found: true, line: 1 });
    assert.deepEqual(await scanJsDefaultExport(join(dir, 'typed.ts'), readFileSync(join(dir, 'typed.ts'), 'utf8'), withEsbuild), { found: false });
  });
  test('a file neither lexer can read is unknown, never a missing export', async () => {
    const ctx = { fs, stripTypes: async () => undefined };
    assert.deepEqual(await scanJsExport(join(dir, 'broken.js'), 'export const handler = `unterminated', 'handler', ctx), { found: undefined });
  });
});

test('source map lines: segments on a line, lines without segments take the nearest mapped line above', () => {
  // Generated line 0 → original 0 (col 0) and original 2 (col 4); line 1 has no segment; line 2 → original 5.
  const map = JSON.stringify({ version: 3, sources: ['x'], names: [], mappings: 'AAAA,IAEA;;AAGA' });
  const at = originalLines(map);
  assert.equal(at(0, 0), 0);
  assert.equal(at(0, 3), 0);
  assert.equal(at(0, 4), 2);
  assert.equal(at(0, 40), 2);
  assert.equal(at(1, 0), 2);
  assert.equal(at(2, 0), 5);
  assert.equal(originalLines('not json')(7, 0), 7);
});

test('the esbuild stripper erases types, keeps exports and maps back (what the scan above read)', async () => {
  const text = readFileSync(join(dir, 'typed.ts'), 'utf8');
  const out = await esbuildTypeStripper()(text, join(dir, 'typed.ts'));
  assert.ok(out, 'esbuild ran');
  assert.doesNotMatch(out.code, /interface|APIGatewayProxyHandlerV2|export type/);
  assert.match(out.code, /export const handler = async/);
  const generated = out.code.split('\n').findIndex((l) => l.includes('export const handler'));
  assert.notEqual(generated, 9, 'the stripped code has the handler on another line');
  assert.equal(originalLines(out.map!)(generated, 13), 9);
  assert.equal(await esbuildTypeStripper()('export const x = 1', join(dir, 'plain.js')), undefined, 'plain JavaScript is lexed as it is');
  const failing = esbuildTypeStripper(async () => {
    throw new Error('no esbuild here');
  });
  assert.equal(await failing(text, join(dir, 'typed.ts')), undefined);
});
