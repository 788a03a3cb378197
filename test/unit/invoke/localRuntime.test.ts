import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRuntime } from '../../../src/invoke/localRuntime';
import type { Project } from '../../../src/model/types';
import { parseReportLine } from '../../../src/shared/invokeResult';
import { buildRuntime, projectWith, testRuntime } from '../helpers/runtimeHarness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const yaml = (fns: string, extra = ''): string => `service: rt
provider:
  name: aws
  runtime: nodejs20.x
  region: eu-west-1
  stage: test
${extra}functions:
${fns}`;

let runtimeDir: string;
let runtime: LocalRuntime;
before(() => {
  runtimeDir = buildRuntime();
  runtime = testRuntime(runtimeDir);
});
after(() => runtime.dispose());

function fn(project: Project, name: string): Project['functions'][number] {
  const f = project.functions.find((x) => x.name === name);
  assert.ok(f, `no function ${name}`);
  return f;
}

describe('local runtime: handlers and Lambda semantics', () => {
  test('async handler: result, context, environment, Lambda log format, START/END/REPORT', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml(`  hello:\n    handler: src/app.handler\n    memorySize: 256\n    timeout: 5\n    environment:\n      GREETING: hi\n      SECRET: \${ssm:/x/secret}\n      FROM_DOTENV: \${ssm:/x/other}\n`),
      '.env': 'FROM_DOTENV="from dot env"\n# comment\n',
      'src/app.js': `exports.handler = async (event, context) => {
  console.log('got', event.name);
  console.error('problem', { a: 1 });
  return {
    echo: event, fn: context.functionName, version: context.functionVersion, arn: context.invokedFunctionArn,
    mem: context.memoryLimitInMB, id: context.awsRequestId, group: context.logGroupName, stream: context.logStreamName,
    remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop,
    env: { name: process.env.AWS_LAMBDA_FUNCTION_NAME, region: process.env.AWS_REGION, handler: process.env._HANDLER,
      root: process.env.LAMBDA_TASK_ROOT, tz: process.env.TZ, greeting: process.env.GREETING, secret: process.env.SECRET ?? null,
      dotenv: process.env.FROM_DOTENV, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, home: process.env.SOME_HOST_VAR ?? null },
  };
};`,
    });
    const r = await runtime.invoke({ fn: fn(project, 'hello'), project, event: { name: 'Ada' } });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const v = r.result as Json;
    assert.deepEqual(v.echo, { name: 'Ada' });
    assert.equal(v.fn, 'rt-test-hello');
    assert.equal(v.version, '$LATEST');
    assert.equal(v.arn, 'arn:aws:lambda:eu-west-1:123456789012:function:rt-test-hello');
    assert.equal(v.mem, '256');
    assert.equal(v.id, r.requestId);
    assert.equal(v.group, '/aws/lambda/rt-test-hello');
    assert.match(v.stream, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    assert.ok(v.remaining > 4000 && v.remaining <= 5000, String(v.remaining));
    assert.equal(v.waits, true);
    assert.deepEqual(v.env, { name: 'rt-test-hello', region: 'eu-west-1', handler: 'src/app.handler', root: project.root, tz: ':UTC', greeting: 'hi', secret: null, dotenv: 'from dot env', mem: '256', home: null });
    assert.deepEqual(r.unresolvedEnv, ['SECRET']);
    const lines = r.logs.trimEnd().split('\n');
    // A cold start says which interpreter runs the function, as Lambda's INIT_START names the runtime version.
    assert.equal(lines[0], `INIT_START Runtime Version: nodejs20.x\tInterpreter: Node.js ${r.interpreter!.version} (${r.interpreter!.path}, ${r.interpreter!.source})`);
    assert.equal(r.interpreter!.version.split('.')[0], '20');
    assert.equal(lines[1], `START RequestId: ${r.requestId} Version: $LATEST`);
    assert.match(lines[2], new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${r.requestId}\\tINFO\\tgot Ada$`));
    assert.match(lines[3], new RegExp(`\\t${r.requestId}\\tERROR\\tproblem { a: 1 }$`));
    assert.match(lines.at(-1)!, new RegExp(`\\tInterpreter: Node\\.js ${r.interpreter!.version.replace(/\./g, '\\.')}$`));
    assert.equal(lines.at(-2), `END RequestId: ${r.requestId}`);
    const report = parseReportLine(r.logs);
    assert.equal(report.requestId, r.requestId);
    assert.equal(report.memorySizeMb, 256);
    assert.ok(report.initDurationMs !== undefined && report.initDurationMs > 0);
    // A cold start bills its init too (Lambda since 2025-08-01).
    assert.equal(r.billedDurationMs, Math.max(1, Math.ceil(r.durationMs! + r.initDurationMs!)));
    assert.ok(r.maxMemoryUsedMb! > 10 && r.maxMemoryUsedMb! <= 256, String(r.maxMemoryUsedMb));
    assert.equal(r.coldStart, true);
  });

  test('raw writes to process.stdout/stderr (at init and in the handler) are log lines in order; streams made only when used', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml(`  quiet:\n    handler: quiet.handler\n  raw:\n    handler: raw.handler\n`),
      // What a worker has loaded before the handler touches anything: no pipe stream, so no node:net.
      'quiet.js': `const loaded = Object.keys(require.cache).length + ':' + process.moduleLoadList.filter((m) => m === 'NativeModule net').length;\nexports.handler = async () => ({ netLoaded: loaded.endsWith(':1') });`,
      'raw.js': `process.stdout.write('init-raw\\n');\nexports.handler = async () => {\n  process.stdout.write('out-raw\\n');\n  process.stderr.write(Buffer.from('err-raw\\n'), () => undefined);\n  console.dir({ d: 1 });\n  console.log('via-console');\n  return { same: process.stdout === process.stdout, write: typeof process.stdout.write };\n};`,
    });
    const quiet = await runtime.invoke({ fn: fn(project, 'quiet'), project, event: {} });
    assert.equal(quiet.error, undefined, JSON.stringify(quiet.error));
    assert.deepEqual(quiet.result, { netLoaded: false });
    const r = await runtime.invoke({ fn: fn(project, 'raw'), project, event: {} });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.result, { same: true, write: 'function' });
    const lines = r.logs.split('\n');
    const at = (text: string): number => lines.findIndex((l) => l === text || l.endsWith(`\t${text}`));
    assert.ok(at('init-raw') >= 0 && at('init-raw') < lines.findIndex((l) => l.startsWith('START ')), r.logs);
    assert.ok(at('out-raw') > at('init-raw') && at('err-raw') > at('out-raw') && at('{ d: 1 }') > at('err-raw') && at('via-console') > at('{ d: 1 }'), r.logs);
  });

  test('warm reuse keeps module state; cold-start option and code changes start afresh', async () => {
    const { dir, project } = await projectWith({
      'serverless.yml': yaml('  count:\n    handler: counter.handler\n'),
      'counter.js': 'let n = 0;\nexports.handler = async () => ++n;\n',
    });
    const f = fn(project, 'count');
    const first = await runtime.invoke({ fn: f, project, event: {} });
    const second = await runtime.invoke({ fn: f, project, event: {} });
    assert.deepEqual([first.result, second.result], [1, 2]);
    assert.equal(first.coldStart, true);
    assert.equal(second.coldStart, false);
    assert.equal(second.initDurationMs, undefined);
    assert.doesNotMatch(second.logs, /Init Duration/);
    const cold = await runtime.invoke({ fn: f, project, event: {}, coldStart: true });
    assert.equal(cold.result, 1);
    assert.equal(cold.coldStart, true);
    writeFileSync(join(dir, 'counter.js'), 'let n = 100;\nexports.handler = async () => ++n;\n');
    utimesSync(join(dir, 'counter.js'), new Date(), new Date(Date.now() + 5000));
    const changed = await runtime.invoke({ fn: f, project, event: {} });
    assert.equal(changed.result, 101);
    // Invocations at once run in environments of their own, as on Lambda: one takes the warm environment, the
    // others start cold (module state starts over in each).
    const results = await Promise.all([1, 2, 3].map(() => runtime.invoke({ fn: f, project, event: {} })));
    assert.deepEqual(results.map((r) => r.result).sort(), [101, 101, 102]);
    assert.deepEqual(results.map((r) => r.coldStart).sort(), [false, true, true]);
    // Afterwards they are all warm: three more at once start nothing new.
    const again = await Promise.all([1, 2, 3].map(() => runtime.invoke({ fn: f, project, event: {} })));
    assert.deepEqual(again.map((r) => r.coldStart), [false, false, false]);
    assert.deepEqual(again.map((r) => r.result).sort(), [102, 102, 103]);
  });

  test('init (module load) is reported apart from the handler duration', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  slowInit:\n    handler: slow.handler\n'),
      'slow.js': 'const end = Date.now() + 120; while (Date.now() < end) {}\nexports.handler = async () => "ok";\n',
    });
    const r = await runtime.invoke({ fn: fn(project, 'slowInit'), project, event: {}, coldStart: true });
    assert.equal(r.result, 'ok');
    assert.ok(r.initDurationMs! >= 110, `init ${r.initDurationMs}`);
    assert.ok(r.durationMs! < 100, `duration ${r.durationMs}`);
  });

  test('callback handlers: waits for the event loop unless told not to; sync handlers answer null', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  cb:\n    handler: h.cb\n  cbNoWait:\n    handler: h.cbNoWait\n  sync:\n    handler: h.sync\n  cbErr:\n    handler: h.cbErr\n'),
      'h.js': `let flag = 'before';
exports.cb = (event, context, callback) => { setTimeout(() => { flag = 'timer ran'; console.log('timer'); }, 150); callback(null, { waited: true }); };
exports.cbNoWait = (event, context, callback) => { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => {}, 2000); callback(null, 'fast'); };
exports.sync = (event) => ({ ignored: true });
exports.cbErr = (event, context, callback) => callback(new TypeError('bad input'));
`,
    });
    const waited = await runtime.invoke({ fn: fn(project, 'cb'), project, event: {} });
    assert.deepEqual(waited.result, { waited: true });
    assert.ok(waited.durationMs! >= 140, `callback answered before the timer: ${waited.durationMs}`);
    assert.match(waited.logs, /INFO\ttimer/);
    const fast = await runtime.invoke({ fn: fn(project, 'cbNoWait'), project, event: {} });
    assert.equal(fast.result, 'fast');
    assert.ok(fast.durationMs! < 1000);
    const sync = await runtime.invoke({ fn: fn(project, 'sync'), project, event: {} });
    assert.equal(sync.result, null);
    const err = await runtime.invoke({ fn: fn(project, 'cbErr'), project, event: {} });
    assert.equal(err.error?.errorType, 'TypeError');
    assert.equal(err.error?.errorMessage, 'bad input');
    assert.match(err.logs, /ERROR\tInvoke Error \t\{"errorType":"TypeError"/);
  });

  test('ESM: .mjs and "type": "module"', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  mjs:\n    handler: a.handler\n  typed:\n    handler: esm/b.handler\n'),
      'a.mjs': 'export const handler = async (e) => ({ kind: typeof require, e });\n',
      'esm/package.json': '{"type":"module"}',
      'esm/b.js': 'import { sep } from "node:path";\nexport async function handler() { return { sep, meta: typeof import.meta.url }; }\n',
    });
    const a = await runtime.invoke({ fn: fn(project, 'mjs'), project, event: 1 });
    assert.deepEqual(a.result, { kind: 'undefined', e: 1 });
    const b = await runtime.invoke({ fn: fn(project, 'typed'), project, event: {} });
    assert.deepEqual(b.result, { sep: '/', meta: 'string' });
  });

  test('TypeScript is bundled with source maps: stack traces point at .ts lines', async () => {
    const { dir, project } = await projectWith({
      'serverless.yml': yaml('  ts:\n    handler: src/handler.main\n  tsBad:\n    handler: src/broken.main\n'),
      'src/handler.ts': `import { shout } from './util';
interface Input { name: string }
export const main = async (event: Input): Promise<string> => {
  if (!event.name) {
    throw new RangeError('name is required');
  }
  return shout(event.name);
};
`,
      'src/util.ts': "import { suffix } from 'fake-dep';\nexport const shout = (s: string): string => s.toUpperCase() + suffix;\n",
      'node_modules/fake-dep/package.json': '{"name":"fake-dep","main":"index.js"}',
      'node_modules/fake-dep/index.js': "exports.suffix = '!';\n",
      'src/broken.ts': 'export const main = async ( => 1;\n',
    });
    const ok = await runtime.invoke({ fn: fn(project, 'ts'), project, event: { name: 'ada' } });
    assert.equal(ok.result, 'ADA!', 'packages of the project load from its node_modules');
    const bad = await runtime.invoke({ fn: fn(project, 'ts'), project, event: {} });
    assert.equal(bad.error?.errorType, 'RangeError');
    assert.ok(bad.error!.trace.some((l) => l.includes(`${join(dir, 'src/handler.ts')}:5:`)), bad.error!.trace.join('\n'));
    const broken = await runtime.invoke({ fn: fn(project, 'tsBad'), project, event: {} });
    assert.equal(broken.error?.errorType, 'Runtime.UserCodeSyntaxError');
    assert.match(broken.error!.errorMessage, /broken\.ts:1:\d+: /);
  });

  test('handler not found, module not found and a throwing module are init errors', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  missing:\n    handler: m.nope\n  importFails:\n    handler: i.handler\n  initThrows:\n    handler: t.handler\n'),
      'm.js': 'exports.other = async () => 1;\n',
      'i.js': 'require("not-installed-package");\nexports.handler = async () => 1;\n',
      't.js': 'throw new Error("config missing");\n',
    });
    const missing = await runtime.invoke({ fn: fn(project, 'missing'), project, event: {} });
    assert.deepEqual([missing.error?.errorType, missing.error?.errorMessage], ['Runtime.HandlerNotFound', 'm.nope is undefined or not exported']);
    const imp = await runtime.invoke({ fn: fn(project, 'importFails'), project, event: {} });
    assert.equal(imp.error?.errorType, 'Runtime.ImportModuleError');
    assert.match(imp.error!.errorMessage, /Cannot find module 'not-installed-package'/);
    const thrown = await runtime.invoke({ fn: fn(project, 'initThrows'), project, event: {} });
    assert.deepEqual([thrown.error?.errorType, thrown.error?.errorMessage], ['Error', 'config missing']);
    assert.ok(thrown.initDurationMs !== undefined);
  });
});

describe('local runtime: failure modes', () => {
  test('timeout: "Task timed out after N.00 seconds", process killed, next run is cold', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  slow:\n    handler: s.handler\n    timeout: 1\n'),
      's.js': 'let calls = 0;\nexports.handler = async (e) => { calls++; if (e.wait) await new Promise((r) => setTimeout(r, 5000)); return calls; };\n',
    });
    const f = fn(project, 'slow');
    const t0 = Date.now();
    const r = await runtime.invoke({ fn: f, project, event: { wait: true } });
    assert.ok(Date.now() - t0 < 4500, "the 5 s handler was cut at the 1 s timeout");
    assert.equal(r.error?.errorType, 'Sandbox.Timedout');
    assert.match(r.error!.errorMessage, /Task timed out after 1\.00 seconds$/);
    assert.match(r.logs, new RegExp(`${r.requestId} Task timed out after 1\\.00 seconds`));
    assert.equal(r.durationMs, 1000);
    const next = await runtime.invoke({ fn: f, project, event: {} });
    assert.equal(next.result, 1, 'module state survived the timeout');
    assert.equal(next.coldStart, true);
  });

  test('uncaught exception, unhandled rejection and process.exit are reported like Lambda and end the runtime', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  uncaught:\n    handler: f.uncaught\n  rejection:\n    handler: f.rejection\n  exits:\n    handler: f.exits\n  exitsZero:\n    handler: f.exitsZero\n  crashes:\n    handler: f.crashes\n'),
      'f.js': `exports.uncaught = () => new Promise(() => { setTimeout(() => { throw new SyntaxError('from a timer'); }, 10); });
exports.rejection = async () => { Promise.reject(new Error('nobody listens')); await new Promise((r) => setTimeout(r, 200)); return 'late'; };
exports.exits = async () => { process.exit(3); };
exports.exitsZero = async () => { process.exit(0); };
exports.crashes = async () => { require('fs').writeSync(2, 'native: something broke\\n'); process.kill(process.pid, 'SIGTRAP'); await new Promise((r) => setTimeout(r, 1000)); };
`,
    });
    const u = await runtime.invoke({ fn: fn(project, 'uncaught'), project, event: {} });
    assert.deepEqual([u.error?.errorType, u.error?.errorMessage], ['SyntaxError', 'from a timer']);
    assert.ok(u.error!.trace[0].startsWith('SyntaxError: from a timer'));
    const rej = await runtime.invoke({ fn: fn(project, 'rejection'), project, event: {} });
    assert.deepEqual([rej.error?.errorType, rej.error?.errorMessage], ['Runtime.UnhandledPromiseRejection', 'Error: nobody listens']);
    const ex = await runtime.invoke({ fn: fn(project, 'exits'), project, event: {} });
    assert.equal(ex.error?.errorType, 'Runtime.ExitError');
    assert.match(ex.error!.errorMessage, /^RequestId: \S+ Error: Runtime exited with error: exit status 3$/);
    const ex0 = await runtime.invoke({ fn: fn(project, 'exitsZero'), project, event: {} });
    assert.match(ex0.error!.errorMessage, /Runtime exited without providing a reason$/);
    // A crash by a signal reports what the process wrote to its own stderr (a V8 fatal error, say) as the trace.
    const crash = await runtime.invoke({ fn: fn(project, 'crashes'), project, event: {} });
    // Named as Lambda (a Go program) names signals.
    assert.match(crash.error!.errorMessage, /Runtime exited with error: signal: trace\/breakpoint trap$/);
    assert.deepEqual(crash.error!.trace, ['native: something broke']);
    // Each failure ended its worker: the next invocation of the same function starts cold.
    const again = await runtime.invoke({ fn: fn(project, 'uncaught'), project, event: {} });
    assert.equal(again.coldStart, true);
  });


  test('a thrown non-Error, a circular result and an oversized result', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  str:\n    handler: x.str\n  circ:\n    handler: x.circ\n  big:\n    handler: x.big\n  len:\n    handler: x.len\n'),
      'x.js': `exports.str = async () => { throw 'plain string'; };
exports.circ = async () => { const o = {}; o.self = o; return o; };
exports.big = async () => 'x'.repeat(7 * 1024 * 1024);
exports.len = async (e) => e.s.length;
`,
    });
    const s = await runtime.invoke({ fn: fn(project, 'str'), project, event: {} });
    assert.deepEqual([s.error?.errorType, s.error?.errorMessage], ['string', 'plain string']);
    const c = await runtime.invoke({ fn: fn(project, 'circ'), project, event: {} });
    assert.equal(c.error?.errorType, 'Runtime.MarshalError');
    const b = await runtime.invoke({ fn: fn(project, 'big'), project, event: {} });
    assert.equal(b.error?.errorType, 'Function.ResponseSizeTooLarge');
    const l = await runtime.invoke({ fn: fn(project, 'len'), project, event: { s: 'y'.repeat(5 * 1024 * 1024) } });
    assert.equal(l.result, 5 * 1024 * 1024, 'a 5 MB event arrives whole');
  });

  test('cancellation ends the invocation and the worker', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  wait:\n    handler: w.handler\n    timeout: 30\n'),
      'w.js': 'exports.handler = () => new Promise((r) => setTimeout(r, 10000));\n',
    });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await runtime.invoke({ fn: fn(project, 'wait'), project, event: {}, signal: ac.signal });
    assert.equal(r.error?.errorType, 'Cancelled');
  });

  test('debug mode passes Node options and suspends the timeout', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  dbg:\n    handler: d.handler\n    timeout: 1\n'),
      'd.js': 'exports.handler = async (e, ctx) => { await new Promise((r) => setTimeout(r, 1300)); return { remaining: ctx.getRemainingTimeInMillis(), args: process.execArgv }; };\n',
    });
    const r = await runtime.invoke({ fn: fn(project, 'dbg'), project, event: {}, debug: { execArgv: ['--inspect=127.0.0.1:0'] } });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const v = r.result as Json;
    assert.ok(v.args.includes('--inspect=127.0.0.1:0'));
    assert.ok(v.remaining > 1_000_000);
    // Node's inspector notices are the debugger's, never the function's logs, whether they come before the init
    // takes the worker's output or after (which one depended on the machine's load).
    assert.doesNotMatch(r.logs, /Debugger listening|For help, see/);
    assert.match(r.logs, /^START RequestId: /m);
  });

  test('Azure functions and compiled runtimes are refused with one line', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  java:\n    handler: com.example.Handler\n    runtime: java21\n'),
    });
    await assert.rejects(runtime.invoke({ fn: fn(project, 'java'), project, event: {} }), /runtime java21 is not supported locally/);
  });
});

describe('local runtime: Python', () => {
  test('python3 handler: result, context, env, logs, errors like the Python runtime', async () => {
    const { project } = await projectWith({
      'serverless.yml': yaml('  py:\n    handler: pkg/app.handler\n    runtime: python3.12\n    environment:\n      COLOR: blue\n  pyErr:\n    handler: pkg/app.fails\n    runtime: python3.12\n  pySlow:\n    handler: pkg/app.slow\n    runtime: python3.12\n    timeout: 1\n  pyMissing:\n    handler: pkg/app.nope\n    runtime: python3.12\n'),
      'pkg/__init__.py': '',
      'pkg/app.py': `import os, time
print("loading")
def handler(event, context):
    print("hello", event["name"])
    return {"fn": context.function_name, "id": context.aws_request_id, "mem": context.memory_limit_in_mb,
            "left": context.get_remaining_time_in_millis() > 0, "color": os.environ["COLOR"], "region": os.environ["AWS_REGION"]}
def fails(event, context):
    raise ValueError("bad value")
def slow(event, context):
    time.sleep(5)
`,
    });
    const r = await runtime.invoke({ fn: fn(project, 'py'), project, event: { name: 'Ada' } });
    assert.equal(r.error, undefined, JSON.stringify(r.error) + r.logs);
    assert.deepEqual(r.result, { fn: 'rt-test-py', id: r.requestId, mem: '1024', left: true, color: 'blue', region: 'eu-west-1' });
    assert.match(r.logs, /^INIT_START Runtime Version: python3\.12\tInterpreter: Python [\d.]+ \([^)]+\)\nloading\nSTART RequestId/);
    assert.match(r.logs, /hello Ada\n/);
    assert.ok(r.initDurationMs! > 0);
    const e = await runtime.invoke({ fn: fn(project, 'pyErr'), project, event: {} });
    assert.deepEqual([e.error?.errorType, e.error?.errorMessage], ['ValueError', 'bad value']);
    assert.ok(e.error!.trace.some((l) => /app\.py", line 8, in fails/.test(l)), e.error!.trace.join(''));
    const t = await runtime.invoke({ fn: fn(project, 'pySlow'), project, event: {} });
    assert.match(t.error!.errorMessage, /Task timed out after 1\.00 seconds/);
    const m = await runtime.invoke({ fn: fn(project, 'pyMissing'), project, event: {} });
    assert.equal(m.error?.errorType, 'Runtime.HandlerNotFound');
    assert.equal(r.interpreter?.family, 'python');
  });
});
