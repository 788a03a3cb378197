import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LocalRuntime } from '../../../src/invoke/localRuntime';
import type { Project } from '../../../src/model/types';
import { buildRuntime, projectWith } from '../helpers/runtimeHarness';

let runtime: LocalRuntime;
before(() => {
  runtime = new LocalRuntime({ runtimeDir: buildRuntime(), hostEnv: { PATH: process.env.PATH } });
});
after(() => runtime.dispose());

const yaml = (fns: string): string => `service: dbg\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n${fns}`;
const fnOf = (project: Project, name: string): Project['functions'][number] => project.functions.find((f) => f.name === name)!;

test('a debug worker kept warm is reused by the next warm debug request, and only by it', async () => {
  const { project } = await projectWith({
    'serverless.yml': yaml('  pid:\n    handler: p.handler\n'),
    'p.js': 'let calls = 0;\nexports.handler = async () => ({ pid: process.pid, calls: ++calls, inspect: process.execArgv.some((a) => a.startsWith("--inspect")) });\n',
  });
  const fn = fnOf(project, 'pid');
  const debug = { execArgv: ['--inspect=127.0.0.1:0'], keepWarm: true };
  const first = await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(first.error, undefined, JSON.stringify(first.error));
  assert.equal(first.coldStart, true);
  assert.ok(typeof first.initDurationMs === 'number');
  const second = await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(second.coldStart, false, 'warm debug reuses the worker');
  assert.equal(second.initDurationMs, undefined);
  assert.deepEqual(second.result, { pid: (first.result as { pid: number }).pid, calls: 2, inspect: true });
  // A normal invocation never runs in the debug worker (it would stop at breakpoints).
  const normal = await runtime.invoke({ fn, project, event: {} });
  assert.equal(normal.coldStart, true);
  assert.equal((normal.result as { inspect: boolean }).inspect, false);
  // A cold debug request starts over even when a debug worker is warm.
  await runtime.invoke({ fn, project, event: {}, debug });
  const cold = await runtime.invoke({ fn, project, event: {}, debug, coldStart: true });
  assert.equal(cold.coldStart, true);
  assert.equal((cold.result as { calls: number }).calls, 1);
});

test('a debug worker that is not kept warm ends after its invocation', async () => {
  const { project } = await projectWith({
    'serverless.yml': yaml('  once:\n    handler: o.handler\n'),
    'o.js': 'exports.handler = async () => process.pid;\n',
  });
  const fn = fnOf(project, 'once');
  const debug = { execArgv: ['--inspect=127.0.0.1:0'] };
  const a = await runtime.invoke({ fn, project, event: {}, debug });
  const b = await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(b.coldStart, true);
  assert.notEqual(a.result, b.result);
});

test('Python interpreter options go before the bootstrap (where `-m debugpy …` must be)', async () => {
  const { project } = await projectWith({
    'serverless.yml': yaml('  py:\n    handler: h.handler\n    runtime: python3.12\n'),
    'h.py': 'import sys\n\ndef handler(event, context):\n    return {"utf8": sys.flags.utf8_mode}\n',
  });
  const r = await runtime.invoke({ fn: fnOf(project, 'py'), project, event: {}, debug: { execArgv: ['-X', 'utf8'] } });
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  assert.deepEqual(r.result, { utf8: 1 });
});

test('a debug cold start waits for beforeInvoke between init and the handler; a warm reuse does not call it', async () => {
  const { project } = await projectWith({
    'serverless.yml': yaml('  gate:\n    handler: g.handler\n'),
    'g.js': 'const loadedAt = Date.now();\nexports.handler = async () => ({ waited: Date.now() - loadedAt });\n',
  });
  const fn = fnOf(project, 'gate');
  let calls = 0;
  const debug = { execArgv: ['--inspect=127.0.0.1:0'], keepWarm: true, beforeInvoke: () => { calls++; return new Promise<void>((r) => setTimeout(r, 300)); } };
  const cold = await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(calls, 1);
  assert.ok((cold.result as { waited: number }).waited >= 290, JSON.stringify(cold.result));
  await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(calls, 1, 'not called for a warm invocation');
  runtime.reset(fn.id);
});
