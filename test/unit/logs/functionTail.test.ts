import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeAwsError, resolveAwsConnection, resolveDeployedName } from '../../../src/aws/connection';
import { createLogsClient } from '../../../src/aws/connection';
import { tailFunctions } from '../../../src/logs/functionTail';
import type { RemoteAccess, RemoteTailError } from '../../../src/logs/functionTail';
import { LocalLogBus } from '../../../src/logs/localLogBus';
import { sdkLogsApi } from '../../../src/logs/sdkLogsApi';
import { WorkspaceIndex } from '../../../src/model/workspace';
import type { Project } from '../../../src/model/types';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import { FakeCloudWatchLogs } from '../../support/cloudWatchLogsServer';
import { useTestCredentials } from '../helpers/loopback';
import { loopbackClient, reader, until } from './tailHelpers';

const workspace = join(__dirname, '..', '..', 'fixtures', 'workspace');
let server: FakeCloudWatchLogs;
let restore: () => void;
let orders: Project;

before(async () => {
  restore = useTestCredentials();
  server = new FakeCloudWatchLogs({ heartbeatMs: 100 });
  await server.start();
  const projects = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([join(workspace, 'orders-service')]);
  orders = projects[0];
});
after(async () => {
  await server.stop();
  restore();
});

function remote(): RemoteAccess {
  return {
    connection: async (project) => ({ conn: resolveAwsConnection({ settings: { endpointUrl: server.endpoint }, project, env: {}, service: 'logs' }) }),
    api: async (conn) => sdkLogsApi(await loopbackClient(conn.endpointUrl!, 'http1')),
    resolveDeployedName,
    describeError: describeAwsError,
  };
}

describe('tailFunctions (the Logs view stream)', () => {
  test('local invocations and CloudWatch lines of a whole project in one stream; undeployed functions are notes', async () => {
    server.createGroup('/aws/lambda/orders-dev-createOrder');
    server.createGroup('/aws/lambda/orders-dev-processQueue');
    const bus = new LocalLogBus();
    const controller = new AbortController();
    const notes: string[] = [];
    const statuses: string[] = [];
    const { events, done } = reader(
      tailFunctions({
        functions: orders.functions.map((fn) => ({ fn, project: orders })),
        bus,
        mode: 'auto',
        remote: remote(),
        signal: controller.signal,
        onNote: (n) => notes.push(n),
        onStatus: (s) => statuses.push(`${s.mode}:${s.state}`),
      }),
    );
    await until(() => statuses.includes('live-tail:streaming') && notes.length >= 2, `streaming and notes (${JSON.stringify({ statuses, notes })})`);
    const create = orders.functions.find((f) => f.name === 'createOrder')!;
    bus.publish({ timestamp: Date.now(), message: 'local line', function: create.id, requestId: 'r-1' });
    bus.publish({ timestamp: Date.now(), message: 'not ours', function: 'somewhere-else#fn' });
    server.put('/aws/lambda/orders-dev-processQueue', 'remote line');
    await until(() => events.length >= 2, 'both lines');
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    assert.equal(await done, undefined);
    assert.deepEqual(events.map((e) => [e.function, e.message, e.source]).sort(), [
      ['createOrder', 'local line', 'local'],
      ['processQueue', 'remote line', 'live-tail'],
    ]);
    assert.ok(notes.some((n) => n.includes('nightlyReport') && n.includes('/aws/lambda/orders-nightly-report')), notes.join('\n'));
    assert.ok(notes.some((n) => n.includes('legacy')), notes.join('\n'));
  });

  test('mode local: no AWS call at all', async () => {
    const before = server.requests.length;
    const bus = new LocalLogBus();
    const controller = new AbortController();
    const create = orders.functions[0];
    const { events, done } = reader(tailFunctions({ functions: [{ fn: create, project: orders }], bus, mode: 'local', remote: remote(), signal: controller.signal }));
    bus.publish({ timestamp: 1, message: 'hello', function: create.name });
    await until(() => events.length === 1, 'the local line');
    controller.abort();
    assert.equal(await done, undefined);
    assert.equal(server.requests.length, before);
  });

  test('a remote failure is a note and the local lines go on', async () => {
    const bus = new LocalLogBus();
    const controller = new AbortController();
    const notes: string[] = [];
    const create = orders.functions[0];
    const broken: RemoteAccess = { ...remote(), api: async () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })) };
    const { events, done } = reader(tailFunctions({ functions: [{ fn: create, project: orders }], bus, mode: 'auto', remote: broken, signal: controller.signal, onNote: (n) => notes.push(n) }));
    await until(() => notes.length > 0, 'the note');
    assert.match(notes[0], /no AWS credentials found/);
    bus.publish({ timestamp: 1, message: 'still here', function: create.id });
    await until(() => events.length === 1, 'the local line');
    controller.abort();
    assert.equal(await done, undefined);
  });

  test('no credentials: the real SDK chain fails once, reported as a credentials failure; nothing polls or reaches the endpoint', async () => {
    // A profile that exists nowhere, with the shared files absent and no instance metadata: what a new user has.
    const saved = { AWS_EC2_METADATA_DISABLED: process.env.AWS_EC2_METADATA_DISABLED };
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const before = server.requests.length;
      const bus = new LocalLogBus();
      const controller = new AbortController();
      const failures: RemoteTailError[] = [];
      const notes: string[] = [];
      const statuses: string[] = [];
      const create = orders.functions[0];
      const access: RemoteAccess = {
        ...remote(),
        connection: async (project) => ({ conn: resolveAwsConnection({ settings: { endpointUrl: server.endpoint, profile: 'nobody' }, project, env: {}, service: 'logs' }) }),
        api: async (conn) => sdkLogsApi(await createLogsClient(conn)),
      };
      const { events, done } = reader(
        tailFunctions({
          functions: [{ fn: create, project: orders }],
          bus,
          mode: 'auto',
          remote: access,
          signal: controller.signal,
          onNote: (n) => notes.push(n),
          onStatus: (st) => statuses.push(`${st.mode}:${st.state}`),
          onRemoteFailure: (f) => failures.push(f),
        }),
      );
      await until(() => failures.length > 0, 'the remote failure');
      assert.equal(failures[0].noCredentials, true);
      assert.equal(failures[0].project, orders);
      assert.match(failures[0].message, /no AWS credentials found for profile "nobody"/);
      assert.doesNotMatch(failures[0].message, /CredentialsProviderError/);
      bus.publish({ timestamp: 1, message: 'still here', function: create.id });
      await until(() => events.length === 1, 'the local line');
      controller.abort();
      assert.equal(await done, undefined);
      assert.deepEqual(notes, []);
      assert.ok(!statuses.some((st) => st.startsWith('polling')), `no fallback to polling: ${statuses.join(', ')}`);
      assert.equal(server.requests.length, before, 'no request reached the endpoint');
    } finally {
      if (saved.AWS_EC2_METADATA_DISABLED === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
      else process.env.AWS_EC2_METADATA_DISABLED = saved.AWS_EC2_METADATA_DISABLED;
    }
  });
});
