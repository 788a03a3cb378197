import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { debugExecArgv, debugpyMissingMessage, freePort, hasDebugpy, nodeAttachConfiguration, pythonAttachConfiguration, resolveDebugEvent, RUN_ID_ATTRIBUTE, waitForPort } from '../../../src/debug/debugSetup';
import { projectWith } from '../helpers/runtimeHarness';

test('a free loopback port, and waiting until it listens', async () => {
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
  await assert.rejects(waitForPort(port, { timeoutMs: 100 }), /did not open within/);
  const server = createServer().listen(port, '127.0.0.1');
  try {
    await waitForPort(port, { timeoutMs: 2000 });
  } finally {
    server.close();
  }
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(waitForPort(port, { timeoutMs: 1000, signal: ac.signal }), /cancelled/);
});

test('interpreter options: Node\'s inspector on a port the OS picks (no --inspect-brk), debugpy waiting on its port', () => {
  assert.deepEqual(debugExecArgv('node'), ['--inspect=127.0.0.1:0']);
  assert.throws(() => debugExecArgv('python'), /debugpy needs a port/);
  assert.deepEqual(debugExecArgv('python', 5678), ['-m', 'debugpy', '--listen', '127.0.0.1:5678', '--wait-for-client']);
});

test('attach configurations: the JavaScript debugger reads source maps outside the workspace and skips the bootstrap', () => {
  const node = nodeAttachConfiguration('Debug createOrder', 9230, 'run-1', { runtimeDir: '/ext/dist/runtime', buildRoot: '/tmp/swb/build', workspaceRoot: '/ws' });
  assert.equal(node.type, 'pwa-node');
  assert.equal(node.request, 'attach');
  assert.equal(node.port, 9230);
  assert.equal(node.continueOnAttach, undefined, 'nothing to continue: the worker is not paused');
  assert.equal(node.autoAttachChildProcesses, false);
  assert.deepEqual(node.outFiles, ['/tmp/swb/build/**/*.(m|c)js', '/ws/**/*.(m|c|)js', '!**/node_modules/**']);
  assert.equal(node.resolveSourceMapLocations, null);
  assert.deepEqual(node.skipFiles, ['<node_internals>/**', '/ext/dist/runtime/**']);
  assert.equal(node[RUN_ID_ATTRIBUTE], 'run-1');
  const py = pythonAttachConfiguration('Debug report', 5678, 'run-2');
  assert.deepEqual(py.connect, { host: '127.0.0.1', port: 5678 });
  assert.equal(py.type, 'debugpy');
});

test('debugpy: a missing interpreter counts as not installed; the message says how to install it', async () => {
  assert.equal(await hasDebugpy('/nonexistent/python3'), false);
  assert.equal(debugpyMissingMessage('python3'), 'Debugging Python functions needs debugpy, which python3 does not have: install it with "python3 -m pip install debugpy", then debug again.');
});

test('the event of a debug run: payload, saved event, file, or the sample from the first trigger', async () => {
  const { dir, project } = await projectWith({
    'serverless.yml': 'service: ev\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: a.handler\n    events:\n      - http:\n          path: /orders/{id}\n          method: get\n  bare:\n    handler: a.handler\n',
    'a.js': 'exports.handler = async () => 1;\n',
    'events/one.json': '{"from":"file"}',
    'events/bad.json': '{"a": }',
  });
  const api = project.functions[0];
  assert.deepEqual(await resolveDebugEvent({ payload: { x: 1 } }, api, project, dir), { x: 1 });
  assert.deepEqual(await resolveDebugEvent({ eventFile: 'events/one.json' }, api, project, dir), { from: 'file' });
  await assert.rejects(resolveDebugEvent({ eventFile: 'events/bad.json' }, api, project, dir), /^Error: event file events\/bad\.json is not valid JSON: Unexpected token '}' at line 1, column 7$/);
  await assert.rejects(resolveDebugEvent({ eventFile: 'events/none.json' }, api, project, dir), /event file events\/none\.json cannot be read/);
  const savedDir = join(dir, '.serverless-workbench', 'events', 'ev', 'api');
  mkdirSync(savedDir, { recursive: true });
  writeFileSync(join(savedDir, 'order 42.json'), '{"pathParameters":{"id":"42"}}');
  assert.deepEqual(await resolveDebugEvent({ savedEvent: 'order 42' }, api, project, dir), { pathParameters: { id: '42' } });
  await assert.rejects(resolveDebugEvent({ savedEvent: 'nope' }, api, project, dir), /saved event "nope" not found/);
  const generated = (await resolveDebugEvent({}, api, project, dir)) as { httpMethod: string; resource: string };
  assert.equal(generated.httpMethod, 'GET');
  assert.equal(generated.resource, '/orders/{id}');
  assert.deepEqual(await resolveDebugEvent({}, project.functions[1], project, dir), {});
});
