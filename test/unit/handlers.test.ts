import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanJsExport, scanPythonExport } from '../../src/model/exportScan';
import { resolveHandlers } from '../../src/model/handlers';
import type { FunctionDef } from '../../src/model/types';
import { parseServerlessFramework } from '../../src/model/serverlessFramework';
import { parseCloudFormation } from '../../src/model/cloudFormation';
import { memoryFileSystem } from './helpers/memoryFileSystem';

function sls(functions: string, runtime = 'nodejs20.x'): string {
  return `service: h\nprovider:\n  name: aws\n  runtime: ${runtime}\nfunctions:\n${functions}`;
}

test('Node handler files: every extension, folder index, and the export line', async () => {
  const files: Record<string, string> = {
    '/p/a.js': 'exports.a = async () => 1;\n',
    '/p/b.mjs': '\n\nexport async function b() {}\n',
    '/p/c.cjs': 'module.exports = { c };\n',
    '/p/src/d.ts': 'export const d = async () => ({});\n',
    '/p/e.mts': 'export { x as e };\n',
    '/p/f.cts': 'module.exports.f = () => 1;\n',
    '/p/lib/index.ts': 'export function g() {}\n',
    '/p/h.js': 'exports.other = 1;\n',
  };
  const p = parseServerlessFramework('/p/serverless.yml', sls('  a: {handler: a.a}\n  b: {handler: b.b}\n  c: {handler: c.c}\n  d: {handler: src/d.d}\n  e: {handler: e.e}\n  f: {handler: f.f}\n  g: {handler: lib.g}\n  h: {handler: h.missing}\n  i: {handler: nowhere.x}\n'));
  await resolveHandlers(p, memoryFileSystem(files));
  const by = Object.fromEntries(p.functions.map((f) => [f.name, f.handlerInfo]));
  assert.equal(by.a.file, '/p/a.js');
  assert.equal(by.b.file, '/p/b.mjs');
  assert.equal(by.b.exportLine, 2);
  assert.equal(by.b.moduleType, 'esm');
  assert.equal(by.c.file, '/p/c.cjs');
  assert.equal(by.c.moduleType, 'cjs');
  assert.equal(by.d.file, '/p/src/d.ts');
  assert.equal(by.e.file, '/p/e.mts');
  assert.equal(by.f.file, '/p/f.cts');
  assert.equal(by.g.file, '/p/lib/index.ts');
  for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) assert.equal(by[k].exportFound, true, k);
  assert.equal(by.h.exportFound, false);
  assert.equal(by.i.file, undefined);
  assert.ok(by.i.candidates.includes('/p/nowhere.js') && by.i.candidates.includes('/p/nowhere/index.ts'));
});

test('exports: false finds the same files and module types without scanning them (what a run needs)', async () => {
  const files: Record<string, string> = { '/p/a.js': 'exports.a = async () => 1;\n', '/p/h.js': 'exports.other = 1;\n', '/p/m.mjs': 'export const m = 1;\n', '/p/s.py': 'def s(e, c):\n  pass\n' };
  const config = sls('  a: {handler: a.a}\n  h: {handler: h.missing}\n  m: {handler: m.m}\n  i: {handler: nowhere.x}\n');
  const full = parseServerlessFramework('/p/serverless.yml', config);
  const quick = parseServerlessFramework('/p/serverless.yml', config);
  await resolveHandlers(full, memoryFileSystem(files));
  await resolveHandlers(quick, memoryFileSystem(files), undefined, { exports: false });
  const shape = (fns: FunctionDef[]): unknown => fns.map((f) => [f.name, f.handlerInfo.file, f.handlerInfo.moduleType, f.handlerInfo.exportName, f.handlerInfo.candidates]);
  assert.deepEqual(shape(quick.functions), shape(full.functions));
  assert.deepEqual(full.functions.map((f) => f.handlerInfo.exportFound), [true, false, true, undefined]);
  assert.deepEqual(quick.functions.map((f) => f.handlerInfo.exportFound), [undefined, undefined, undefined, undefined], 'nothing was scanned');
});

test('package.json "type": "module" makes .js handlers ESM', async () => {
  const files = { '/p/package.json': '{"type":"module"}', '/p/src/h.js': 'export const handler = async () => 1;' };
  const p = parseServerlessFramework('/p/serverless.yml', sls('  a:\n    handler: src/h.handler\n'));
  await resolveHandlers(p, memoryFileSystem(files));
  assert.equal(p.functions[0].handlerInfo.moduleType, 'esm');
});

test('Python handlers: module.func, slash paths and dotted packages', async () => {
  const files = { '/p/handler.py': 'def hello(event, context):\n    return 1\n', '/p/src/api/users.py': 'import json\n\nasync def create(e, c):\n  pass\n', '/app/worker/pkg/jobs.py': 'run = make_handler()\n' };
  const p = parseServerlessFramework('/p/serverless.yml', sls('  a: {handler: handler.hello}\n  b: {handler: src/api/users.create}\n  c: {handler: handler.nope}\n', 'python3.12'));
  await resolveHandlers(p, memoryFileSystem(files));
  assert.equal(p.functions[0].handlerInfo.file, '/p/handler.py');
  assert.equal(p.functions[0].handlerInfo.exportLine, 0);
  assert.equal(p.functions[1].handlerInfo.file, '/p/src/api/users.py');
  assert.equal(p.functions[1].handlerInfo.exportLine, 2);
  assert.equal(p.functions[2].handlerInfo.exportFound, false);
  const t = parseCloudFormation('/app/template.yaml', 'Resources:\n  W:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: worker\n      Handler: pkg.jobs.run\n      Runtime: python3.12\n');
  await resolveHandlers(t, memoryFileSystem(files));
  assert.equal(t.functions[0].handlerInfo.file, '/app/worker/pkg/jobs.py');
  assert.equal(t.functions[0].handlerInfo.exportFound, true);
});

test('compiled runtimes are not resolved to files', async () => {
  const p = parseServerlessFramework('/p/serverless.yml', sls('  a: {handler: bin/hello}\n', 'go1.x'));
  await resolveHandlers(p, memoryFileSystem({}));
  assert.match(p.functions[0].handlerInfo.notLocal ?? '', /compiled/);
});

test('JS export scan: forms that export, forms that do not, and forms it cannot see through', async () => {
  const ctx = { fs: memoryFileSystem({}) };
  const scan = (src: string) => scanJsExport('/p/handler.js', src, 'handler', ctx);
  const yes = [
    'export async function handler() {}',
    'export function* handler() {}',
    'export const handler = 1',
    'export let handler',
    'export { a as handler }',
    'export { handler, other }',
    'exports.handler = async () => {}',
    'module.exports.handler = x',
    "exports['handler'] = 1",
    'module.exports = { handler }',
    'module.exports = {\n  other: 1,\n  handler: async () => {},\n}',
    'module.exports = { async handler(e) {} }',
    'Object.defineProperty(exports, "handler", { value: 1 })',
    'export const { handler } = make()',
    'export const { other, handler = fallback } = make()',
    'export const { main: handler } = make()',
    "export const { 'main': handler, x } = make()",
    'export let { nested: { handler } } = make()',
    'export const [first, handler] = list()',
  ];
  for (const src of yes) assert.equal((await scan(src)).found, true, src);
  const no = ['export const handlerX = 1', 'const handler = 1', 'export { handler as other }', 'exports.other = 1', 'module.exports = { other }', 'export const { handler: main } = make()', 'export const { other = handler } = make()',
    // A rest element binds one name (`rest`), not the names it collects.
    'export const { a, ...rest } = make()'];
  for (const src of no) assert.equal((await scan(src)).found, false, src);
  const unknown = ["export * from './impl'", "module.exports = require('./impl')", 'module.exports = build()'];
  for (const src of unknown) assert.equal((await scan(src)).found, undefined, src);
});

test('Python export scan', () => {
  assert.equal(scanPythonExport('def main(e, c):\n  pass', 'main').found, true);
  assert.equal(scanPythonExport('async def main(e, c):\n  pass', 'main').found, true);
  assert.equal(scanPythonExport('main = wrap(x)', 'main').found, true);
  assert.equal(scanPythonExport('from .impl import main', 'main').found, true);
  assert.equal(scanPythonExport('class X:\n    def main(self):\n        pass', 'main').found, false);
  assert.equal(scanPythonExport('from impl import *', 'main').found, undefined);
});

test('a Java or .NET handler (Class::method) is never looked for as a Node or Python file', async () => {
  const { resolveHandler } = await import('../../src/model/handlers');
  const fn: FunctionDef = {
    id: '/p/template.yaml#F', file: '/p/template.yaml', name: 'F', codeRoot: '/p/src', handlerInfo: { candidates: [] }, environment: {}, triggers: [], properties: {},
    keyRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    handler: { value: 'helloworld.App::handleRequest', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
    runtime: { value: { unresolved: true as const, expr: '{{ cookiecutter.runtime }}' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
  };
  await resolveHandler(fn, { readFile: async () => undefined, stat: async () => undefined, readDirectory: async () => [] });
  assert.deepEqual(fn.handlerInfo.candidates, []);
  assert.match(fn.handlerInfo.notLocal ?? '', /compiled/);
});
