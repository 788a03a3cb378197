import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import type { AzureLoopback } from '../../support/azureLoopback';
import { FUNCTION_KEY, MASTER_KEY, startAzureLoopback, SUBSCRIPTION } from '../../support/azureLoopback';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const exampleApp = join(__dirname, '..', '..', '..', 'examples', 'functions-app');
const fakeAz = join(__dirname, '..', '..', 'support', 'fake-az');

let server: AzureLoopback;
let caFile: string;
const saved: Record<string, string | undefined> = {};
before(async () => {
  server = await startAzureLoopback();
  caFile = join(mkdtempSync(join(tmpdir(), 'swb-ca-')), 'ca.pem');
  writeFileSync(caFile, server.ca);
  // DefaultAzureCredential reads the process's environment: its Azure CLI credential runs the stand-in `az`.
  for (const k of ['PATH', 'AZURE_TOKEN_CREDENTIALS', 'AZURE_SUBSCRIPTION_ID', 'AZURE_FUNCTION_APP']) saved[k] = process.env[k];
  process.env.PATH = `${fakeAz}${delimiter}${process.env.PATH}`;
  process.env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
});
after(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server.close();
});

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: exampleApp,
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, AZURE_LOGS_ENDPOINT: `${server.url}/v1`, ...env },
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
    isTty: false,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('CLI: Azure functions in the cloud (DefaultAzureCredential through the Azure CLI, Resource Manager and the app on loopback)', () => {
  test('invoke --remote: the function key read through ARM, the HTTP response on stdout, no key anywhere in the output', async () => {
    const r = await cli(['invoke', 'HttpGreeting', '--remote', '--subscription', SUBSCRIPTION, '--app', 'orders-rg/orders-func', '--endpoint-url', server.url, '--json']);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as Json;
    assert.equal(out.result.status, 200);
    assert.equal(out.result.body.route, '/api/greeting/sample-name');
    assert.ok(!r.out.includes(FUNCTION_KEY) && !r.err.includes(FUNCTION_KEY));
    const queue = await cli(['invoke', 'QueueProcessor', '--remote', '--app', 'orders-func', '--endpoint-url', server.url], { AZURE_SUBSCRIPTION_ID: SUBSCRIPTION });
    assert.equal(queue.code, 0, queue.err);
    assert.equal(queue.out, 'null\n');
    assert.match(queue.err, /^orders-func accepted the invocation of QueueProcessor \(202\)/);
    assert.ok(!queue.err.includes(MASTER_KEY));
  });

  test('logs: Application Insights since --since as the contract\'s JSON lines', async () => {
    const id = '11111111-2222-4333-8444-555555555555';
    server.traces = [
      { timestamp: new Date(Date.now() - 60_000).toISOString(), itemId: 'a', itemType: 'trace', message: 'Processing job 7', severityLevel: 1, operation_Name: 'QueueProcessor', invocationId: id },
      { timestamp: new Date(Date.now() - 30_000).toISOString(), itemId: 'b', itemType: 'exception', message: 'Error: boom', severityLevel: 3, operation_Name: 'QueueProcessor', invocationId: id },
    ];
    const r = await cli(['logs', 'QueueProcessor', '--subscription', SUBSCRIPTION, '--app', 'orders-rg/orders-func', '--endpoint-url', server.url, '--since', '10m', '--json']);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Json);
    assert.deepEqual(lines.map((l) => [l.message.replace(/^\S+ /, ''), l.logStream, l.function]), [
      ['[Information] Processing job 7', 'orders-func/app-insights', 'QueueProcessor'],
      ['[Error] Error: boom', 'orders-func/app-insights', 'QueueProcessor'],
    ]);
  });

  test('usage: the subscription and the app are asked for; AWS flags are refused for Azure functions', async () => {
    const noSub = await cli(['invoke', 'HttpGreeting', '--remote']);
    assert.equal(noSub.code, 2);
    assert.match(noSub.err, /HttpGreeting is an Azure function: give its subscription with --subscription ID \(or AZURE_SUBSCRIPTION_ID\)/);
    const noApp = await cli(['invoke', 'HttpGreeting', '--remote', '--subscription', SUBSCRIPTION]);
    assert.match(noApp.err, /give its function app with --app \[RESOURCE_GROUP\/\]NAME \(or AZURE_FUNCTION_APP\)/);
    const aws = await cli(['invoke', 'HttpGreeting', '--remote', '--profile', 'dev']);
    assert.match(aws.err, /--profile and --region are AWS settings; give --subscription and --app/);
    const missing = await cli(['invoke', 'HttpGreeting', '--remote', '--subscription', SUBSCRIPTION, '--app', 'orders-rg/gone', '--endpoint-url', server.url]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot find the function app orders-rg\/gone: not found \(404\)/);
  });
});
