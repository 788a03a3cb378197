import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LocalRuntime } from '../../../src/invoke/localRuntime';
import type { Project } from '../../../src/model/types';
import type { RuntimeWorker } from '../../../src/invoke/runtimeWorker';
import { cdpSession } from '../helpers/cdp';
import { buildRuntime, projectWith, testRuntime } from '../helpers/runtimeHarness';

let runtime: LocalRuntime;
before(() => {
  runtime = testRuntime(buildRuntime());
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

test('a debug cold start: the worker reports its inspector, the debugger meets a started Node, the handler loads only after beforeInit', async () => {
  const { project } = await projectWith({
    'serverless.yml': yaml('  gate:\n    handler: g.handler\n'),
    'g.js': 'const loadedAt = Date.now();\nexports.handler = async () => ({ loadedAt });\n',
  });
  const fn = fnOf(project, 'gate');
  let calls = 0;
  let releasedAt = 0;
  let seen: unknown[] = [];
  const debug = {
    execArgv: ['--inspect=127.0.0.1:0'],
    keepWarm: true,
    beforeInit: async (worker: RuntimeWorker): Promise<void> => {
      calls++;
      const inspector = await worker.inspector();
      assert.equal(inspector.host, '127.0.0.1');
      assert.match(inspector.url, new RegExp(`^ws://127\\.0\\.0\\.1:${inspector.port}/[0-9a-f-]+$`));
      // What a debugger sees when it attaches now: Node has finished starting (\`process\` exists; js-debug asks
      // for process.pid until it does) and the handler's module is not loaded.
      seen = await cdpSession(inspector.url, [
        { method: 'Runtime.enable' },
        { method: 'Runtime.evaluate', params: { expression: 'typeof process === "undefined" ? "process not defined" : process.pid', returnByValue: true } },
        { method: 'Runtime.evaluate', params: { expression: 'Object.keys(require.cache).some((f) => f.endsWith("g.js"))', returnByValue: true, includeCommandLineAPI: true } },
      ]);
      releasedAt = Date.now();
    },
  };
  const cold = await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(cold.error, undefined, JSON.stringify(cold.error));
  assert.equal(calls, 1);
  assert.equal(typeof (seen[1] as { result: { value: unknown } }).result.value, 'number', JSON.stringify(seen));
  assert.equal((seen[2] as { result: { value: unknown } }).result.value, false, 'the handler is not loaded before beforeInit resolves');
  assert.ok((cold.result as { loadedAt: number }).loadedAt >= releasedAt, 'the module loaded after beforeInit');
  assert.doesNotMatch(cold.logs, /Debugger listening|Debugger attached/, 'the inspector\'s notices are not the function\'s logs');
  await runtime.invoke({ fn, project, event: {}, debug });
  assert.equal(calls, 1, 'not called for a warm invocation');
  runtime.reset(fn.id);
});

test('a debugger that does not attach ends the run with its reason; a worker that dies before listening says so', async () => {
  const { project } = await projectWith({
    'serverless.yml': yaml('  never:\n    handler: n.handler\n'),
    'n.js': 'exports.handler = async () => "ran";\n',
  });
  const fn = fnOf(project, 'never');
  const refused = await runtime.invoke({ fn, project, event: {}, debug: { execArgv: ['--inspect=127.0.0.1:0'], beforeInit: async () => Promise.reject(new Error('the session did not start')) } });
  assert.equal(refused.error?.errorType, 'Runtime.DebuggerError');
  assert.equal(refused.error?.errorMessage, 'the debugger did not attach: the session did not start');
  const dead = await runtime.invoke({ fn, project, event: {}, debug: { execArgv: ['--inspect=127.0.0.1:0', '--no-such-node-option'], beforeInit: async (worker) => void (await worker.inspector()) } });
  assert.equal(dead.error?.errorType, 'Runtime.DebuggerError');
  assert.match(dead.error!.errorMessage, /^the debugger did not attach: the runtime process ended before its debugger listened \(.*bad option: --no-such-node-option\)$/);
});

test('what a dying runtime writes to stderr after it has exited still reaches its exit error', async () => {
  // A process the function started keeps the worker's stderr open and writes to it after the worker is gone,
  // as Node itself may deliver a dying process's last stderr after its exit event.
  const { project } = await projectWith({
    'serverless.yml': yaml('  late:\n    handler: l.handler\n'),
    'l.js': [
      'const { spawn } = require("node:child_process");',
      'spawn(process.execPath, ["-e", "setTimeout(() => process.stderr.write(\'late words from a dying runtime\\\\n\'), 100)"], { stdio: ["ignore", "ignore", "inherit"] });',
      'process.exit(3);',
      '',
    ].join('\n'),
  });
  const result = await runtime.invoke({ fn: fnOf(project, 'late'), project, event: {} });
  assert.equal(result.error?.errorType, 'Runtime.ExitError');
  assert.match(result.error!.errorMessage, /Runtime exited with error: exit status 3/);
  assert.ok(result.error!.trace?.some((l) => l.includes('late words from a dying runtime')), JSON.stringify(result.error));
});
