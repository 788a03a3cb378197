import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloud } from '../../../src/flows/localCloud';
import { LocalRuntime } from '../../../src/invoke/localRuntime';
import { WorkspaceIndex } from '../../../src/model/workspace';
import type { Project } from '../../../src/model/types';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { buildRuntime } from '../helpers/runtimeHarness';

// Real handlers on the real local runtime, calling each other through the AWS SDK's Lambda client: the SDK finds
// the local endpoint through AWS_ENDPOINT_URL_LAMBDA ("Lambda Invoke API", API_Invoke.html).
const fixture = join(__dirname, '..', '..', 'fixtures', 'flows', 'chain');

let projects: Project[];
let runtime: LocalRuntime;
let cloud: LocalCloud;

before(async () => {
  projects = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([fixture]);
  const hostEnv = { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  cloud = new LocalCloud({
    runtime: (req) => runtime.invoke(req),
    projects: () => projects,
    hostEnv,
    // A home without ~/.aws: the workers get placeholder credentials.
    homeDir: mkdtempSync(join(tmpdir(), 'swb-home-')),
    region: 'eu-west-1',
    concurrency: 3,
  });
  runtime = new LocalRuntime({ runtimeDir: buildRuntime(), hostEnv, serviceEnv: (fn, project) => cloud.serviceEnv(fn, project) });
});
after(() => {
  runtime.dispose();
  cloud.dispose();
});

describe('local Lambda endpoint (API_Invoke.html)', () => {
  test('a handler invokes other functions of the workspace through the SDK: RequestResponse, a function error, Event, DryRun and an unknown name', async () => {
    const start = cloud.topology().functionByName('Start');
    assert.ok(start);
    const { result, flow, rest } = await cloud.invoke(start, { n: 21 }, {});
    assert.equal(result.error, undefined, result.error?.errorMessage);
    const value = result.result as Record<string, unknown>;
    assert.deepEqual(value.next, { doubled: 42 });
    assert.equal(value.functionError, 'Unhandled');
    assert.equal((value.failedPayload as { errorMessage: string }).errorMessage, 'next was asked to fail');
    assert.equal(value.asyncStatus, 202);
    assert.equal(value.dryStatus, 204);
    assert.match(String(value.missing), /^ResourceNotFoundException: Function not found: .*no-such-function.*chain-next/);

    const done = await rest;
    const rows = done.invocations.map((i) => [i.function, i.trigger, i.parentId ?? null, i.error ? 'error' : 'ok']);
    assert.deepEqual(rows, [
      ['Start', 'run', null, 'ok'],
      ['Next', 'invoke', 'i1', 'ok'],
      ['Next', 'invoke', 'i1', 'error'],
      ['Audit', 'event', 'i1', 'ok'],
    ]);
    assert.deepEqual(done.invocations[3].event, { audited: { doubled: 42 } });
    assert.match(done.invocations[1].logs, /next got {"n":21}/);
    assert.equal(flow.done, true);
  });

  test('a handler invokes itself synchronously: each call runs in another environment (its own cold start); past the concurrency limit it is throttled', async () => {
    const countdown = cloud.topology().functionByName('chain-countdown');
    assert.ok(countdown);
    type Level = { n: number; pid: number; below?: Level; refused?: string };
    const levels = (l: Level | undefined): Level[] => (l ? [l, ...levels(l.below)] : []);
    const first = await cloud.invoke(countdown, { n: 2 }, {});
    assert.equal(first.result.error, undefined, first.result.error?.errorMessage);
    const ran = levels(first.result.result as Level);
    assert.deepEqual(ran.map((l) => [l.n, l.refused]), [[2, undefined], [1, undefined], [0, undefined]]);
    assert.equal(new Set(ran.map((l) => l.pid)).size, 3, 'three environments at once');
    const done = await first.rest;
    assert.deepEqual(done.invocations.map((i) => [i.trigger, i.coldStart, i.error ? 'error' : 'ok']), [['run', true, 'ok'], ['invoke', true, 'ok'], ['invoke', true, 'ok']]);
    // Three at once is this cloud's limit: the fourth level's call is throttled as Lambda throttles.
    const deep = await cloud.invoke(countdown, { n: 5 }, {});
    const deepLevels = levels(deep.result.result as Level);
    assert.deepEqual(deepLevels.map((l) => l.n), [5, 4, 3]);
    assert.equal(deepLevels[2].refused, 'TooManyRequestsException: Rate Exceeded. Countdown already runs 3 invocations at once, the local concurrency limit.');
    // The warm environments of the first run were reused.
    assert.deepEqual((await deep.rest).invocations.map((i) => i.coldStart), [false, false, false]);
  });

  test('the environment refers to local resources: !Ref of a function is its name, !GetAtt .Arn its local ARN', async () => {
    const start = projects[0].functions.find((f) => f.name === 'Start')!;
    const env = await cloud.serviceEnv(start, projects[0]);
    assert.equal(env.NEXT_FUNCTION, 'chain-next');
    assert.equal(env.AUDIT_FUNCTION_ARN, 'arn:aws:lambda:eu-west-1:123456789012:function:Audit');
    assert.match(env.AWS_ENDPOINT_URL_LAMBDA, /^http:\/\/127\.0\.0\.1:\d+\/local-[0-9a-f]{24}$/);
    assert.equal(env.AWS_ACCESS_KEY_ID, 'ASIALOCALFLOWS000000');
  });

  test('requests without the endpoint secret are refused', async () => {
    const url = new URL(await cloud.endpointUrl());
    const res = await fetch(`${url.origin}/2015-03-31/functions/Start/invocations`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  });
});
