import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../src/debug/debugSetup';
import { HostError, HostLogFollower, hostRequestUrl, invokeThroughHost } from '../../../src/invoke/functionsHost';
import { FunctionsHostProcess } from '../../../src/invoke/functionsHostProcess';
import type { FunctionDef, Project } from '../../../src/model/types';
import { WorkspaceIndex } from '../../../src/model/workspace';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { fakeFunc, startFakeHost } from '../helpers/fakeHost';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const exampleApp = join(__dirname, '..', '..', '..', 'examples', 'functions-app');
const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('the host\'s log', () => {
  test('the follower hands back the lines of the next invocation of a function, with its id, duration and outcome', async () => {
    const f = new HostLogFollower();
    const waiting = f.nextInvocation('Greet', 1000);
    const other = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    const attributions = [
      `[2026-11-30T10:00:00.001Z] Executing 'Functions.Other' (Reason='x', Id=${other})`,
      `[2026-11-30T10:00:00.002Z] Executing 'Functions.Greet' (Reason='This function was programmatically called via the host APIs.', Id=${id})`,
      '[2026-11-30T10:00:00.003Z] a line while two run',
      `[2026-11-30T10:00:00.004Z] Executed 'Functions.Other' (Succeeded, Id=${other}, Duration=3ms)`,
      '[2026-11-30T10:00:00.005Z] Greet says hi',
      `[2026-11-30T10:00:00.006Z] Executed 'Functions.Greet' (Succeeded, Id=${id}, Duration=12ms)`,
    ].map((l) => f.push(l));
    assert.deepEqual(attributions, [
      { functionName: 'Other', invocationId: other },
      { functionName: 'Greet', invocationId: id },
      {},
      { functionName: 'Other', invocationId: other },
      { functionName: 'Greet', invocationId: id },
      { functionName: 'Greet', invocationId: id },
    ]);
    const inv = await waiting;
    assert.ok(inv);
    assert.equal(inv.invocationId, id);
    assert.equal(inv.durationMs, 12);
    assert.equal(inv.succeeded, true);
    assert.equal(inv.lines.length, 5);
    assert.equal(await f.nextInvocation('Greet', 20), undefined, 'nothing more: times out');
    const failing = f.nextInvocation('Greet', 1000);
    f.push(`[t] Executing 'Functions.Greet' (Reason='x', Id=${id})`);
    f.push('[t] Exception while executing function: Functions.Greet. Result: Failure');
    f.push(`[t] Executed 'Functions.Greet' (Failed, Id=${id}, Duration=1ms)`);
    assert.deepEqual([(await failing)?.succeeded, (await failing)?.failure], [false, 'Exception while executing function: Functions.Greet. Result: Failure']);
  });

  test('an event URL moves onto the host\'s base URL', () => {
    assert.equal(hostRequestUrl('http://127.0.0.1:9000', 'http://localhost:7071/api/greet/Ada?x=1'), 'http://127.0.0.1:9000/api/greet/Ada?x=1');
    assert.equal(hostRequestUrl('https://app.azurewebsites.net/', 'http://localhost:7071/api/x'), 'https://app.azurewebsites.net/api/x');
  });
});

describe('func start (the Core Tools stand-in) and invocations through it', () => {
  let host: FunctionsHostProcess;
  let project: Project;
  const fn = (name: string): FunctionDef => project.functions.find((f) => f.name === name)!;

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-host-'));
    cpSync(exampleApp, dir, { recursive: true });
    [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([dir]);
    host = await startFakeHost(dir);
  });
  after(() => host.stop());

  test('the host starts, and its function list is read from its output', () => {
    assert.equal(host.state, 'running');
    const greeting = host.functions.find((f) => f.name === 'HttpGreeting');
    assert.deepEqual(greeting?.methods, ['GET', 'POST']);
    assert.equal(greeting?.url, `${host.hostUrl}/api/greeting/{name?}`);
    assert.deepEqual(host.functions.find((f) => f.name === 'QueueProcessor'), { name: 'QueueProcessor', trigger: 'queueTrigger' });
  });

  test('an HTTP function on its route: the response, and the host\'s lines with the invocation id and duration', async () => {
    const r = await invokeThroughHost({ hostUrl: host.hostUrl, fn: fn('HttpGreeting'), project, event: { method: 'GET', url: 'http://localhost:7071/api/greeting/Ada?x=1' }, target: 'local', hostLog: host.follower });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const res = r.result as Json;
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.method, res.body.path, res.body.query, res.body.keyed], ['GET', '/api/greeting/Ada', { x: '1' }, false]);
    assert.equal(r.requestId, res.body.invocationId);
    assert.match(r.logs, /^\[.*\] Executing 'Functions.HttpGreeting' \(Reason='This function was programmatically called via the host APIs.', Id=/);
    assert.match(r.logs, /HttpGreeting handled GET \/api\/greeting\/Ada\?x=1\n.*Executed 'Functions.HttpGreeting' \(Succeeded, /);
    assert.equal(typeof r.durationMs, 'number');
    // A key is sent as the host expects it, never in the URL.
    const keyed = await invokeThroughHost({ hostUrl: host.hostUrl, fn: fn('HttpGreeting'), project, event: { method: 'POST', url: '/api/greeting', body: { name: 'x' } }, target: 'local', keys: { function: 'k' } });
    assert.deepEqual([(keyed.result as Json).body.keyed, (keyed.result as Json).body.body], [true, '{"name":"x"}']);
  });

  test('other triggers through the admin endpoint: accepted, then read from the host\'s log; a failure is the invocation\'s error', async () => {
    const ok = await invokeThroughHost({ hostUrl: host.hostUrl, fn: fn('QueueProcessor'), project, event: { input: { id: '7' } }, target: 'local', hostLog: host.follower });
    assert.equal(ok.error, undefined, JSON.stringify(ok.error));
    assert.equal(ok.result, null);
    assert.match(ok.logs, /QueueProcessor received input: \{"id":"7"\}\n/);
    assert.match(ok.requestId, /^[0-9a-f-]{36}$/);
    const failed = await invokeThroughHost({ hostUrl: host.hostUrl, fn: fn('CleanupTimer'), project, event: { input: 'please fail' }, target: 'local', hostLog: host.follower });
    assert.equal(failed.error?.errorType, 'FunctionInvocationException');
    assert.equal(failed.error?.errorMessage, 'Exception while executing function: Functions.CleanupTimer. Result: Failure');
  });

  test('a function the host does not know, and a host that is not there, are one-line errors', async () => {
    const ghost = { ...fn('QueueProcessor'), name: 'Ghost' };
    await assert.rejects(invokeThroughHost({ hostUrl: host.hostUrl, fn: ghost, project, event: {}, target: 'local' }), (e: Error) => e instanceof HostError && e.message === `the host at ${host.hostUrl} has no function named Ghost`);
    const closed = `http://127.0.0.1:${await freePort()}`;
    await assert.rejects(invokeThroughHost({ hostUrl: closed, fn: fn('QueueProcessor'), project, event: {}, target: 'local' }), (e: Error) => e.message === `no Functions host answers at ${closed} (start it with "func start", or check the URL)`);
  });
});

describe('starting func', () => {
  test('a missing func, a folder without host.json and a busy port end the start with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-host-'));
    const missing = new FunctionsHostProcess({ func: join(dir, 'no-such-func'), cwd: dir, port: await freePort(), env: { PATH: process.env.PATH } });
    missing.start();
    await assert.rejects(missing.ready(5000), /^Error: could not start .*no-such-func: not found$/);
    const noApp = new FunctionsHostProcess({ func: fakeFunc, cwd: dir, port: await freePort(), env: { PATH: process.env.PATH } });
    noApp.start();
    await assert.rejects(noApp.ready(5000), /func exited \(code 1\) before the host started: Unable to find project root/);
    writeFileSync(join(dir, 'host.json'), '{"version":"2.0"}');
    const port = await freePort();
    const first = new FunctionsHostProcess({ func: fakeFunc, cwd: dir, port, env: { PATH: process.env.PATH } });
    first.start();
    await first.ready(20_000);
    try {
      const second = new FunctionsHostProcess({ func: fakeFunc, cwd: dir, port, env: { PATH: process.env.PATH } });
      second.start();
      await assert.rejects(second.ready(20_000), new RegExp(`Port ${port} is unavailable`));
    } finally {
      first.stop();
    }
  });
});
