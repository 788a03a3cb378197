import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { FakeCloudWatchLogs } from '../../support/cloudWatchLogsServer';
import { useTestCredentials } from '../helpers/loopback';
import { until } from '../logs/tailHelpers';

const workspace = join(__dirname, '..', '..', 'fixtures', 'workspace');
const group = '/aws/lambda/orders-dev-createOrder';

function io(extra: Partial<CliIo> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    cwd: workspace,
    env: {},
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => '',
    isTty: false,
    out,
    err,
    ...extra,
  };
}

let server: FakeCloudWatchLogs;
let restore: () => void;
before(() => {
  restore = useTestCredentials();
});
after(async () => {
  await server?.stop();
  restore();
});
beforeEach(async () => {
  await server?.stop();
  server = new FakeCloudWatchLogs({ pageSize: 3, heartbeatMs: 100 });
  await server.start();
});

const remote = (): string[] => ['--endpoint-url', server.endpoint, '--region', 'eu-west-1'];

describe('serverless-workbench logs', () => {
  test('--json: one object a line, in timestamp order across streams, each event once', async () => {
    const now = Date.now();
    for (let i = 0; i < 10; i++) {
      server.put(group, `{"level":"INFO","msg":"step ${i}"}`, { timestamp: now - 60_000 + i * 1000, logStream: i % 2 ? 'stream-b' : 'stream-a' });
    }
    server.put(group, 'older than --since', { timestamp: now - 3_600_000 });
    const cli = io();
    const code = await runCli(['logs', 'createOrder', '--project', 'orders-service', '--since', '5m', '--json', ...remote()], cli);
    assert.equal(code, 0, cli.err.join(''));
    const lines = cli.out.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 10);
    assert.deepEqual(Object.keys(lines[0]), ['timestamp', 'message', 'logStream', 'function']);
    assert.equal(lines[0].function, 'createOrder');
    assert.equal(lines[0].logStream, 'stream-a');
    assert.equal(lines[1].logStream, 'stream-b');
    assert.deepEqual(
      lines.map((l) => l.message),
      Array.from({ length: 10 }, (_, i) => `{"level":"INFO","msg":"step ${i}"}`),
    );
    assert.equal(lines[0].timestamp, new Date(now - 60_000).toISOString());
    // Paged 3 at a time: every page was asked for.
    assert.ok(server.requests.filter((r) => r.op === 'FilterLogEvents').length >= 4);
  });

  test('--filter is passed to FilterLogEvents; text output has a time and the message', async () => {
    server.put(group, 'ERROR boom');
    server.put(group, 'INFO fine');
    const cli = io();
    const code = await runCli(['logs', 'createOrder', '--filter', 'ERROR', ...remote()], cli);
    assert.equal(code, 0, cli.err.join(''));
    assert.match(cli.out.join(''), /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}ERROR boom\n$/);
    assert.equal(server.requests.find((r) => r.op === 'FilterLogEvents')?.body.filterPattern, 'ERROR');
  });

  test('a missing log group is a one-line error naming it', async () => {
    const cli = io();
    const code = await runCli(['logs', 'createOrder', ...remote()], cli);
    assert.equal(code, 1);
    assert.equal(cli.err.length, 1);
    assert.match(cli.err[0], /^serverless-workbench logs: log group \/aws\/lambda\/orders-dev-createOrder not found in eu-west-1; is createOrder deployed there\?\n$/);
    assert.deepEqual(cli.out, []);
  });

  test('--follow streams with Live Tail until stopped, and says so on stderr', async () => {
    server.createGroup(group);
    const controller = new AbortController();
    const cli = io({ signal: controller.signal });
    const running = runCli(['logs', 'createOrder', '--follow', '--json', ...remote()], cli);
    await until(() => cli.err.some((l) => l.includes('Live Tail on /aws/lambda/orders-dev-createOrder')), 'the Live Tail note');
    server.put(group, 'first');
    server.put(group, '<img src=x onerror=alert(1)>');
    await until(() => cli.out.length >= 2, 'two lines');
    controller.abort();
    assert.equal(await running, 0);
    assert.deepEqual(
      cli.out.map((l) => (JSON.parse(l) as { message: string }).message),
      ['first', '<img src=x onerror=alert(1)>'],
    );
  });

  test('--follow falls back to polling when Live Tail is denied, and tells why', async () => {
    server.createGroup(group);
    server.inject({ op: 'StartLiveTail', kind: 'accessDenied', times: 10 });
    const controller = new AbortController();
    const cli = io({ signal: controller.signal });
    const running = runCli(['logs', 'createOrder', '--follow', ...remote()], cli);
    await until(() => cli.err.some((l) => l.startsWith('Polling /aws/lambda/orders-dev-createOrder: Live Tail unavailable (AccessDeniedException')), `the polling note, got ${JSON.stringify(cli.err)}`);
    server.put(group, 'polled line');
    await until(() => cli.out.join('').includes('polled line'), 'the polled line', 10_000);
    controller.abort();
    assert.equal(await running, 0);
  });

  test("no region given: the profile's region from the shared config file, and a missing group says where that region came from", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-logs-aws-'));
    // The default profile (a named one would need credentials in the files: the SDK reads keys from there, then).
    writeFileSync(join(dir, 'config'), '[default]\nregion = ap-south-1\n');
    const cli = io({ env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') } });
    const code = await runCli(['logs', 'ThumbnailFunction', '--project', 'sam-app', '--endpoint-url', server.endpoint], cli);
    assert.equal(code, 1);
    assert.deepEqual(cli.err, ['serverless-workbench logs: log group /aws/lambda/thumbnail-test not found in ap-south-1 (the region of profile default); is ThumbnailFunction deployed there?\n']);
  });

  test('SAM/CloudFormation function without FunctionName: the log group comes from the stack in samconfig.toml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swb-logs-'));
    cpSync(join(workspace, 'sam-app'), dir, { recursive: true });
    writeFileSync(join(dir, 'samconfig.toml'), 'version = 0.1\n[default.deploy.parameters]\nstack_name = "thumbs"\n');
    server.stackResources.set('thumbs/InlineFunction', 'thumbs-InlineFunction-X1');
    server.put('/aws/lambda/thumbs-InlineFunction-X1', 'inline ran');
    server.put('/custom/report', 'report ran');
    const cli = io({ cwd: dir });
    const code = await runCli(['logs', 'InlineFunction', '--json', ...remote()], cli);
    assert.equal(code, 0, cli.err.join(''));
    assert.equal((JSON.parse(cli.out[0]) as { message: string }).message, 'inline ran');
    // LoggingConfig.LogGroup wins over the default group name.
    const report = io({ cwd: dir });
    assert.equal(await runCli(['logs', 'ReportFunction', '--json', ...remote()], report), 0, report.err.join(''));
    assert.equal((JSON.parse(report.out[0]) as { message: string }).message, 'report ran');
  });

  test('usage errors: unknown function lists the known ones, bad --since, missing NAME', async () => {
    let cli = io();
    assert.equal(await runCli(['logs', 'nope', '--project', 'orders-service'], cli), 2);
    assert.match(cli.err[0], /no function named nope; functions: createOrder, processQueue/);
    cli = io();
    assert.equal(await runCli(['logs', 'createOrder', '--since', 'yesterday'], cli), 2);
    assert.match(cli.err[0], /--since yesterday: use a duration like 30s, 10m/);
    cli = io();
    assert.equal(await runCli(['logs'], cli), 2);
    assert.match(cli.err[0], /missing function NAME/);
  });

  test('an Azure function given AWS settings or no function app, and a SAM function without a stack name, are one-line errors', async () => {
    let cli = io();
    assert.equal(await runCli(['logs', 'HttpHello', ...remote()], cli), 2);
    assert.equal(cli.err.length, 1);
    assert.match(cli.err[0], /HttpHello is an Azure function: --profile and --region are AWS settings; give --subscription and --app/);
    cli = io();
    assert.equal(await runCli(['logs', 'HttpHello', '--subscription', '00000000-0000-0000-0000-000000000000'], cli), 2);
    assert.match(cli.err[0], /HttpHello is an Azure function: give its function app with --app/);
    cli = io();
    assert.equal(await runCli(['logs', 'InlineFunction', '--project', 'sam-app', ...remote()], cli), 1);
    assert.equal(cli.err.length, 1);
    assert.match(cli.err[0], /InlineFunction has no FunctionName; set stack_name in samconfig\.toml/);
  });
});
