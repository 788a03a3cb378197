import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { invokeFlags, quickInvokeArgs, rememberRun, runKey, startEarlyWorker } from '../../../src/cli/earlyWorker';
import type { LocalRuntime } from '../../../src/invoke/localRuntime';
import type { Project } from '../../../src/model/types';
import { parseReportLine } from '../../../src/shared/invokeResult';
import { buildRuntime, projectWith, testRuntime } from '../helpers/runtimeHarness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let runtime: LocalRuntime;
let runtimeDir: string;
before(() => {
  runtimeDir = buildRuntime();
  runtime = testRuntime(runtimeDir);
});
after(() => runtime.dispose());

const sls = (fns: string, top = ''): string => `service: fid\nprovider:\n  name: aws\n  runtime: nodejs20.x\n${top}functions:\n${fns}`;
const sam = (resources: string, globals = ''): string => `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n${globals}Resources:\n${resources}`;
const fnOf = (project: Project, name: string): Project['functions'][number] => {
  const f = project.functions.find((x) => x.name === name);
  assert.ok(f, `no function ${name}`);
  return f;
};

describe('execution environments like Lambda', () => {
  test('frozen between invocations: a timer left behind does not run while the environment sits idle', async () => {
    const { project } = await projectWith({
      'serverless.yml': sls('  freeze:\n    handler: f.handler\n'),
      'f.js': `let firedAt;
exports.handler = async (e) => {
  if (e.set) setTimeout(() => { firedAt = Date.now(); }, 50);
  return { firedAt, startedAt: Date.now() };
};`,
    });
    const fn = fnOf(project, 'freeze');
    await runtime.invoke({ fn, project, event: { set: true } });
    // The idle period under test: on Lambda the environment is frozen now, so the 50 ms timer cannot fire.
    await new Promise((r) => setTimeout(r, 300));
    const thawed = (await runtime.invoke({ fn, project, event: {} })).result as Json;
    const later = (await runtime.invoke({ fn, project, event: {} })).result as Json;
    assert.equal(thawed.firedAt, undefined, 'the timer ran while the environment was idle');
    assert.ok(later.firedAt >= thawed.startedAt, `the timer ran once the environment thawed: ${JSON.stringify({ thawed, later })}`);
  });

  test('a callback waits for the empty event loop without spinning (beforeExit, as the runtime client does)', async () => {
    const { project } = await projectWith({
      'serverless.yml': sls('  cb:\n    handler: c.handler\n'),
      'c.js': `let cpu;
exports.handler = (event, context, callback) => {
  if (event.report) return callback(null, cpu);
  const start = process.cpuUsage();
  setTimeout(() => { cpu = process.cpuUsage(start); }, 400);
  callback(null, 'answered after the timer');
};`,
    });
    const fn = fnOf(project, 'cb');
    const r = await runtime.invoke({ fn, project, event: {} });
    assert.equal(r.result, 'answered after the timer');
    assert.ok(r.durationMs! >= 390, `answered before the timer: ${r.durationMs}`);
    const cpu = (await runtime.invoke({ fn, project, event: { report: true } })).result as { user: number; system: number };
    // Waiting 400 ms used to burn ~65 % of a core in a setImmediate loop; now the process sleeps.
    assert.ok(cpu.user + cpu.system < 60_000, `CPU while waiting: ${cpu.user + cpu.system} µs`);
  });

  test('an init phase past its limit ends as Runtime.InitTimeout and the environment is gone', async () => {
    const slow = testRuntime(buildRuntime(), { initTimeoutMs: 300 });
    try {
      const { project } = await projectWith({
        'serverless.yml': sls('  slowinit:\n    handler: s.handler\n'),
        's.js': 'const end = Date.now() + 5000;\nwhile (Date.now() < end);\nexports.handler = async () => "loaded";\n',
      });
      const r = await slow.invoke({ fn: fnOf(project, 'slowinit'), project, event: {} });
      assert.deepEqual(r.error, { errorType: 'Runtime.InitTimeout', errorMessage: 'Init did not finish within 0.30 seconds', trace: [] });
      // The init phase lasted until the limit ended it (timers may fire a fraction of a millisecond early).
      assert.ok((r.initDurationMs ?? 0) >= 290 && (r.initDurationMs ?? 0) < 5000, String(r.initDurationMs));
    } finally {
      slow.dispose();
    }
  });

  test('an idle environment ends after its idle time; the next invocation is a cold start', async () => {
    const brief = testRuntime(buildRuntime(), { idleTimeoutMs: 200 });
    try {
      const { project } = await projectWith({
        'serverless.yml': sls('  idle:\n    handler: i.handler\n'),
        'i.js': 'exports.handler = async () => process.pid;\n',
      });
      const fn = fnOf(project, 'idle');
      const first = await brief.invoke({ fn, project, event: {} });
      const pid = first.result as number;
      // Wait for the process to end (it is ended by the idle timer), checking every 20 ms for at most 10 s.
      const alive = (): boolean => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      for (const deadline = Date.now() + 10_000; alive(); ) {
        assert.ok(Date.now() < deadline, 'the idle environment was not ended');
        await new Promise((r) => setTimeout(r, 20));
      }
      const next = await brief.invoke({ fn, project, event: {} });
      assert.equal(next.coldStart, true);
      assert.notEqual(next.result, pid);
    } finally {
      brief.dispose();
    }
  });

  test('invocations at once run in separate environments, each with its own cold start', async () => {
    const { project } = await projectWith({
      'serverless.yml': sls('  par:\n    handler: p.handler\n'),
      'p.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 150)); return process.pid; };\n',
    });
    const fn = fnOf(project, 'par');
    const [a, b] = await Promise.all([runtime.invoke({ fn, project, event: {} }), runtime.invoke({ fn, project, event: {} })]);
    assert.deepEqual([a.coldStart, b.coldStart], [true, true]);
    assert.notEqual(a.result, b.result, 'two processes');
    const next = await runtime.invoke({ fn, project, event: {} });
    assert.equal(next.coldStart, false);
    assert.ok([a.result, b.result].includes(next.result));
  });

  test('a worker started before the model was read is adopted when it fits, ended when it does not', async () => {
    const { project } = await projectWith({
      'serverless.yml': sls('  early:\n    handler: e.handler\n    memorySize: 256\n'),
      'e.js': 'exports.handler = async () => ({ pid: process.pid, cwd: process.cwd(), task: process.env.LAMBDA_TASK_ROOT, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE });\n',
    });
    const fn = fnOf(project, 'early');
    const executable = (await runtime.interpreterFor(fn, project)).path;
    const spare = runtime.prespawn({ family: 'node', executable, memorySizeMb: 256 });
    const r = await runtime.invoke({ fn, project, event: {}, coldStart: true });
    assert.deepEqual(r.result, { pid: spare, cwd: project.root, task: project.root, mem: '256' }, 'the early worker became the function environment');
    assert.equal(r.coldStart, true);
    const wrong = runtime.prespawn({ family: 'node', executable, memorySizeMb: 128 });
    const other = await runtime.invoke({ fn, project, event: {}, coldStart: true });
    assert.notEqual((other.result as Json).pid, wrong, 'a worker with other heap limits is not used');
  });

  test("the entry's quick reading of invoke's arguments agrees with the command's parser, or declines", () => {
    const cases: string[][] = [
      ['hello'],
      ['hello', '--event', 'e.json'],
      ['--project', 'svc', 'hello', '--json'],
      ['hello', '--project=svc/serverless.yml', '--node', './n/node', '--python=/py/python3'],
      ['hello', '--event', '-'],
      ['hello', '--filter'],
      ['hello', '--event', '--json'],
      ['--', 'hello'],
      ['hello', 'extra'],
      ['hello', '--remote'],
      ['hello', '--host-url', 'http://localhost:7071'],
      ['hello', '-h'],
      ['hello', '--json=1'],
      ['hello', '--project'],
      [],
    ];
    const agreed: string[] = [];
    for (const argv of cases) {
      const quick = quickInvokeArgs(argv);
      if (!quick) continue;
      const strict = parseArgs(argv, invokeFlags);
      const [name] = strict.positionals;
      const str = (k: string): string | undefined => (typeof strict.flags[k] === 'string' ? (strict.flags[k] as string) : undefined);
      assert.deepEqual(quick, { name, project: str('project'), node: str('node'), python: str('python') }, argv.join(' '));
      agreed.push(argv.join(' '));
    }
    assert.deepEqual(agreed, ['hello', 'hello --event e.json', '--project svc hello --json', 'hello --project=svc/serverless.yml --node ./n/node --python=/py/python3', 'hello --event -', 'hello --event --json', '-- hello']);
  });

  test("the worker the CLI's entry starts from the last run is the one the runtime would start, and is adopted; another is ended", async () => {
    const { project } = await projectWith({
      'serverless.yml': sls('  remembered:\n    handler: r.handler\n    memorySize: 192\n'),
      'r.js': 'exports.handler = async () => ({ pid: process.pid, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, heap: process.execArgv.filter((a) => a.startsWith("--max-") && a.includes("space")) });\n',
    });
    const fn = fnOf(project, 'remembered');
    const executable = (await runtime.interpreterFor(fn, project)).path;
    const cacheDir = mkdtempSync(join(tmpdir(), 'swb-early-'));
    const argv = ['invoke', 'remembered', '--event', 'e.json'];
    const key = runKey(process.cwd(), 'remembered', undefined);
    const options = { cwd: process.cwd(), env: { PATH: process.env.PATH }, cacheDir, runtimeDir };
    assert.equal(startEarlyWorker(argv, options), undefined, 'nothing remembered: nothing started');
    await rememberRun(cacheDir, key, { family: 'node', executable, memorySizeMb: 192 });
    assert.equal(startEarlyWorker(['invoke', 'remembered', '--remote'], options), undefined, 'a remote run starts no worker');
    assert.equal(startEarlyWorker([...argv, '--node', '/elsewhere/node'], options), undefined, '--node that differs from the remembered interpreter');
    const early = startEarlyWorker(argv, options)!;
    runtime.prespawn(early.spec, early);
    const r = await runtime.invoke({ fn, project, event: {}, coldStart: true });
    assert.deepEqual(r.result, { pid: early.child.pid, mem: '192', heap: ['--max-semi-space-size=9', '--max-old-space-size=173'] }, 'the early worker ran the function');
    // Started with another environment than the runtime's (a host variable it does not pass): ended, never used.
    const foreign = startEarlyWorker(argv, { ...options, env: { PATH: process.env.PATH, HOME: '/nowhere' } })!;
    const exited = new Promise((resolve) => foreign.child.once('exit', (_code, signal) => resolve(signal)));
    runtime.prespawn(foreign.spec, foreign);
    assert.equal(await exited, 'SIGKILL');
    const other = await runtime.invoke({ fn, project, event: {}, coldStart: true });
    assert.notEqual((other.result as Json).pid, foreign.child.pid);
  });

  test('tenant isolation: the tenant id is in the context, environments are per tenant', async () => {
    const { project } = await projectWith({
      'template.yaml': sam('  Tenanted:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: t.handler\n      TenancyConfig:\n        TenantIsolationMode: PER_TENANT\n'),
      't.js': 'let calls = 0;\nexports.handler = async (e, context) => { console.log("hi"); return { tenant: context.tenantId, pid: process.pid, calls: ++calls }; };\n',
    });
    const fn = fnOf(project, 'Tenanted');
    const a1 = await runtime.invoke({ fn, project, event: {}, tenantId: 'acme' });
    const b1 = await runtime.invoke({ fn, project, event: {}, tenantId: 'globex' });
    const a2 = await runtime.invoke({ fn, project, event: {}, tenantId: 'acme' });
    assert.deepEqual([(a1.result as Json).tenant, (b1.result as Json).tenant, a1.tenantId], ['acme', 'globex', 'acme']);
    assert.equal(b1.coldStart, true, 'another tenant never gets the warm environment of acme');
    assert.notEqual((a1.result as Json).pid, (b1.result as Json).pid);
    assert.deepEqual([a2.coldStart, (a2.result as Json).calls, (a2.result as Json).pid], [false, 2, (a1.result as Json).pid]);
    assert.match(a1.logs, /START RequestId: \S+ Version: \$LATEST Tenant: acme/);
    const none = await runtime.invoke({ fn, project, event: {} });
    assert.equal((none.result as Json).tenant, 'local-tenant');
    assert.match(none.warnings!.join('\n'), /needs a tenant id for every invocation/);
  });
});

describe('response streaming', () => {
  test('streamifyResponse: chunks arrive as they are written; a Function URL prelude becomes status and headers', async () => {
    const { project } = await projectWith({
      'serverless.yml': sls('  stream:\n    handler: s.handler\n  url:\n    handler: s.url\n'),
      's.js': `const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
  responseStream.setContentType('text/plain');
  for (const word of ['one ', 'two ', 'three']) {
    responseStream.write(word);
    await new Promise((r) => setTimeout(r, 80));
  }
  responseStream.end();
});
exports.url = awslambda.streamifyResponse(async (event, responseStream) => {
  const http = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201, headers: { 'x-demo': 'yes' } });
  await pipeline(Readable.from(['{"ok":', 'true}']), http);
});`,
    });
    const seen: Array<{ text: string; at: number }> = [];
    const started = Date.now();
    const r = await runtime.invoke({ fn: fnOf(project, 'stream'), project, event: {}, onChunk: (d) => seen.push({ text: d.toString('utf8'), at: Date.now() - started }) });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(seen.map((s) => s.text), ['one ', 'two ', 'three']);
    assert.ok(seen[2].at - seen[0].at >= 140, `chunks came at once: ${seen.map((s) => s.at).join(', ')}`);
    assert.equal(r.result, 'one two three');
    assert.deepEqual(r.stream, { contentType: 'text/plain', chunks: 3, bytes: 13 });
    const url = await runtime.invoke({ fn: fnOf(project, 'url'), project, event: {} });
    assert.equal(url.result, '{"ok":true}');
    assert.deepEqual(url.stream?.prelude, { statusCode: 201, headers: { 'x-demo': 'yes' } });
  });
});

describe('JSON logs (LoggingConfig.LogFormat: JSON)', () => {
  test('Node: JSON lines with timestamp, level, requestId and message; ApplicationLogLevel filters; platform records', async () => {
    const { project } = await projectWith({
      'template.yaml': sam(
        '  Json:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: j.handler\n',
        'Globals:\n  Function:\n    Runtime: nodejs20.x\n    LoggingConfig:\n      LogFormat: JSON\n      ApplicationLogLevel: WARN\n',
      ),
      'j.js': 'exports.handler = async () => { console.info("dropped"); console.warn({ order: 7 }); console.error("failed", new TypeError("bad")); return process.env.AWS_LAMBDA_LOG_FORMAT + "/" + process.env.AWS_LAMBDA_LOG_LEVEL; };\n',
    });
    const r = await runtime.invoke({ fn: fnOf(project, 'Json'), project, event: {} });
    assert.equal(r.result, 'JSON/WARN');
    assert.equal(r.logFormat, 'JSON');
    const records = r.logs.trim().split('\n').map((l) => JSON.parse(l) as Json);
    assert.deepEqual(records.map((x) => x.type ?? x.level), ['platform.initStart', 'platform.start', 'WARN', 'ERROR', 'platform.report']);
    const [warn, err] = [records[2], records[3]];
    assert.deepEqual(warn.message, { order: 7 }, 'a single object stays an object');
    assert.equal(warn.requestId, r.requestId);
    assert.match(warn.timestamp, /^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    assert.deepEqual([err.message.split('\n')[0], err.errorType, err.errorMessage], ['failed TypeError: bad', 'TypeError', 'bad']);
    assert.ok(Array.isArray(err.stackTrace));
    assert.equal(records[4].record.requestId, r.requestId);
    assert.equal(records[4].record.metrics.memorySizeMB, 128);
    assert.equal(records[4].record.status, 'success');
    assert.doesNotMatch(r.logs, /dropped|START RequestId|REPORT RequestId/);
    // Remote results read their metrics from the same record.
    assert.deepEqual(parseReportLine(r.logs), { requestId: r.requestId, durationMs: records[4].record.metrics.durationMs, billedDurationMs: r.billedDurationMs, memorySizeMb: 128, maxMemoryUsedMb: r.maxMemoryUsedMb, initDurationMs: records[4].record.metrics.initDurationMs });
  });

  test('Python: the logging module writes JSON records; print stays plain; Text format uses the Lambda text layout', async () => {
    const { project } = await projectWith({
      'serverless.yml': `service: fid
provider:
  name: aws
  runtime: python3.12
  logs:
    lambda:
      logFormat: JSON
      applicationLogLevel: DEBUG
functions:
  pyJson:
    handler: p.handler
  pyText:
    handler: p.handler
    logs:
      logFormat: Text
`,
      'p.py': 'import logging\nlogger = logging.getLogger("orders")\ndef handler(event, context):\n    print("plain")\n    logger.debug("details %s", 42)\n    logger.warning("careful")\n    return "ok"\n',
    });
    const json = await runtime.invoke({ fn: fnOf(project, 'pyJson'), project, event: {} });
    assert.equal(json.result, 'ok', json.logs);
    assert.match(json.logs, /\nplain\n/);
    const lines = json.logs.split('\n').filter((l) => l.startsWith('{"timestamp"')).map((l) => JSON.parse(l) as Json);
    assert.deepEqual(lines.map((l) => [l.level, l.message, l.logger, l.requestId]), [['DEBUG', 'details 42', 'orders', json.requestId], ['WARNING', 'careful', 'orders', json.requestId]]);
    const text = await runtime.invoke({ fn: fnOf(project, 'pyText'), project, event: {} });
    // Text format: Python's root logger stays at WARNING, as on Lambda.
    assert.match(text.logs, new RegExp(`\\n\\[WARNING\\]\\t\\d{4}-\\d\\d-\\d\\dT[\\d:]+\\.\\d{3}Z\\t${text.requestId}\\tcareful\\n`));
    assert.doesNotMatch(text.logs, /details 42/);
  });
});

describe('TypeScript bundled the way Lambda builds it', () => {
  test('top-level await, an ESM package and SAM Format: esm bundle as ESM; stacks still point at .ts lines', async () => {
    const { dir, project } = await projectWith({
      'template.yaml': sam(
        '  Tla:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: tla/\n      Handler: app.handler\n' +
          '  Forced:\n    Type: AWS::Serverless::Function\n    Metadata:\n      BuildMethod: esbuild\n      BuildProperties:\n        Format: esm\n        EntryPoints:\n          - app.ts\n    Properties:\n      CodeUri: forced/\n      Handler: app.handler\n',
        'Globals:\n  Function:\n    Runtime: nodejs20.x\n',
      ),
      'tla/app.ts': `import { greet } from 'esm-only';
const config = await Promise.resolve({ greeting: greet('tla') });
export const handler = async (event: { fail?: boolean }): Promise<string> => {
  if (event.fail) {
    throw new Error('asked to fail');
  }
  return config.greeting + ':' + import.meta.url.endsWith('.mjs');
};
`,
      'tla/node_modules/esm-only/package.json': '{"name":"esm-only","type":"module","exports":{"import":"./index.js"}}',
      'tla/node_modules/esm-only/index.js': 'export const greet = (s) => `hello ${s}`;\n',
      'forced/app.ts': 'export const handler = async (): Promise<string> => typeof import.meta.url;\n',
    });
    const ok = await runtime.invoke({ fn: fnOf(project, 'Tla'), project, event: {} });
    assert.equal(ok.error, undefined, JSON.stringify(ok.error) + ok.logs);
    assert.equal(ok.result, 'hello tla:true', 'an ESM bundle, with the package resolved from the project');
    const failed = await runtime.invoke({ fn: fnOf(project, 'Tla'), project, event: { fail: true } });
    assert.ok(failed.error!.trace.some((l) => l.includes(`${join(dir, 'tla', 'app.ts')}:5:`)), failed.error!.trace.join('\n'));
    const forced = await runtime.invoke({ fn: fnOf(project, 'Forced'), project, event: {} });
    assert.equal(forced.result, 'string');
  });
});

describe('layers', () => {
  test('Serverless layers: packages under nodejs/node_modules, bin on PATH, later layers win; an ARN-only layer is a note', async () => {
    const { project } = await projectWith({
      'serverless.yml': sls(
        '  withLayers:\n    handler: h.handler\n    layers:\n      - { Ref: BaseLambdaLayer }\n      - { Ref: OverridesLambdaLayer }\n      - arn:aws:lambda:us-east-1:111122223333:layer:insights:42\n',
        'layers:\n  base:\n    path: layers/base\n  overrides:\n    path: layers/overrides\n',
      ),
      'layers/base/nodejs/node_modules/greet/index.js': 'module.exports = (n) => "hello " + n;\n',
      'layers/base/nodejs/node_modules/version/index.js': 'module.exports = "base";\n',
      'layers/base/bin/tool': '#!/bin/sh\necho tool\n',
      'layers/overrides/nodejs/node_modules/version/index.js': 'module.exports = "overrides";\n',
      'h.js': `const { execFileSync } = require('node:child_process');
exports.handler = async () => ({ greet: require('greet')('layer'), version: require('version'), tool: require('node:fs').existsSync(process.env.PATH.split(':').pop() + '/tool'), nodePath: process.env.NODE_PATH.split(':') });
void execFileSync;`,
    });
    const r = await runtime.invoke({ fn: fnOf(project, 'withLayers'), project, event: {} });
    assert.equal(r.error, undefined, JSON.stringify(r.error) + r.logs);
    const { nodePath, ...rest } = r.result as Json;
    assert.deepEqual(rest, { greet: 'hello layer', version: 'overrides', tool: true });
    // As on Lambda: /opt/nodejs/node<major>/node_modules, /opt/nodejs/node_modules, …, the task root last.
    assert.match(nodePath[0], /[\\/]opt[\\/]nodejs[\\/]node\d+[\\/]node_modules$/);
    assert.match(nodePath[1], /[\\/]opt[\\/]nodejs[\\/]node_modules$/);
    assert.equal(nodePath.at(-1), project.root);
    const again = await runtime.invoke({ fn: fnOf(project, 'withLayers'), project, event: {} });
    assert.equal(again.coldStart, false, 'an environment with layers stays warm');
    assert.deepEqual(r.warnings?.length, 1);
    assert.match(r.warnings![0], /^Layer arn:aws:lambda:us-east-1:111122223333:layer:insights:42 is not available locally: only its ARN is known/);
  });

  test('SAM LayerVersion resources: a Python layer under python/, a BuildMethod Node layer from its folder', async () => {
    const { project } = await projectWith({
      'template.yaml': sam(
        '  PyFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Layers:\n        - !Ref PyLayer\n' +
          '  NodeFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n      CodeUri: src/\n      Layers:\n        - !Ref NodeLayer\n        - !Ref S3Layer\n' +
          '  PyLayer:\n    Type: AWS::Serverless::LayerVersion\n    Properties:\n      ContentUri: py-layer/\n' +
          '  NodeLayer:\n    Type: AWS::Lambda::LayerVersion\n    Properties:\n      Content: node-layer/\n    Metadata:\n      BuildMethod: nodejs20.x\n' +
          '  S3Layer:\n    Type: AWS::Lambda::LayerVersion\n    Properties:\n      Content:\n        S3Bucket: b\n        S3Key: k\n',
      ),
      'py-layer/python/shared/__init__.py': 'VALUE = "from the layer"\n',
      'node-layer/package.json': '{"name":"node-layer","dependencies":{"dep":"1.0.0"}}',
      'node-layer/node_modules/dep/index.js': 'module.exports = "dep from layer";\n',
      'src/app.py': 'import shared\ndef handler(event, context):\n    return shared.VALUE\n',
      'src/app.js': 'exports.handler = async () => require("dep");\n',
    });
    const py = await runtime.invoke({ fn: fnOf(project, 'PyFn'), project, event: {} });
    assert.equal(py.result, 'from the layer', JSON.stringify(py.error) + py.logs);
    const node = await runtime.invoke({ fn: fnOf(project, 'NodeFn'), project, event: {} });
    assert.equal(node.result, 'dep from layer', JSON.stringify(node.error) + node.logs);
    assert.match(node.warnings!.join('\n'), /Layer S3Layer is not available locally: its content is not a local folder/);
  });
});
