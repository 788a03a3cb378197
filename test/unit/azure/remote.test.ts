import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureClientOptions } from '../../../src/azure/connection';
import { describeAzureError, findFunctionApp, functionKey, listFunctionApps, listSubscriptions, masterKey, parseFunctionAppRef } from '../../../src/azure/connection';
import { remoteAzureInvoke } from '../../../src/invoke/remoteAzure';
import { appInsightsQuery, parseStreamLine, tailAzure } from '../../../src/logs/azureTail';
import type { LogEvent } from '../../../src/logs/logEvent';
import type { Project } from '../../../src/model/types';
import { WorkspaceIndex } from '../../../src/model/workspace';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import type { AzureLoopback } from '../../support/azureLoopback';
import { APP_INSIGHTS, FUNCTION_KEY, MASTER_KEY, startAzureLoopback, SUBSCRIPTION, TEST_TOKEN } from '../../support/azureLoopback';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const credential: TokenCredential = { getToken: async () => ({ token: TEST_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }) };
const exampleApp = join(__dirname, '..', '..', '..', 'examples', 'functions-app');

let server: AzureLoopback;
let clients: AzureClientOptions;
let project: Project;
before(async () => {
  server = await startAzureLoopback();
  clients = { credential, resourceManagerEndpoint: server.url, tlsOptions: { ca: server.ca } };
  [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([exampleApp]);
});
after(() => server.close());

const fn = (name: string): Project['functions'][number] => project.functions.find((f) => f.name === name)!;

describe('Azure Resource Manager through @azure/arm-appservice (over the wire, loopback)', () => {
  test('subscriptions, function apps (web apps left out), the plan and the linked Application Insights', async () => {
    assert.deepEqual(await listSubscriptions(clients), [{ subscriptionId: SUBSCRIPTION, displayName: 'Pay-As-You-Go', tenantId: 'tenant-1' }]);
    const apps = await listFunctionApps(clients, SUBSCRIPTION);
    assert.deepEqual(apps.map((a) => [a.name, a.resourceGroup, a.plan, a.linux]), [['flex-func', 'flex-rg', 'flex', true], ['orders-func', 'orders-rg', 'consumption', true]]);
    assert.equal(apps[1].appInsightsResourceId, APP_INSIGHTS);
    assert.equal(apps[1].defaultHostName, server.host);
    const arm = server.requests.filter((r) => r.url.startsWith('/subscriptions'));
    assert.ok(arm.every((r) => r.headers.authorization === `Bearer ${TEST_TOKEN}` && /api-version=/.test(r.url)), 'bearer token and api-version on every call');
  });

  test('a function app by name or resource group/name; not found and not signed in are one line', async () => {
    assert.deepEqual(parseFunctionAppRef('orders-rg/orders-func'), { resourceGroup: 'orders-rg', name: 'orders-func' });
    assert.equal((await findFunctionApp(clients, SUBSCRIPTION, 'orders-func')).resourceGroup, 'orders-rg');
    assert.equal((await findFunctionApp(clients, SUBSCRIPTION, 'orders-rg/orders-func')).name, 'orders-func');
    await assert.rejects(findFunctionApp(clients, SUBSCRIPTION, 'nope'), /^Error: no function app named nope in subscription/);
    const err = await findFunctionApp(clients, SUBSCRIPTION, 'orders-rg/nope').catch((e: unknown) => e);
    assert.equal(describeAzureError(err, 'read the app'), 'cannot read the app: not found (404): check the subscription, resource group and app name');
    const anonymous = { ...clients, credential: { getToken: async () => ({ token: 'wrong', expiresOnTimestamp: Date.now() + 60_000 }) } };
    const denied = await listSubscriptions(anonymous).catch((e: unknown) => e);
    assert.equal(describeAzureError(denied, 'list subscriptions'), 'cannot list subscriptions: Azure rejected the sign-in (401); sign in again');
  });

  test('the function key and the master key are read through ARM', async () => {
    const app = await findFunctionApp(clients, SUBSCRIPTION, 'orders-rg/orders-func');
    assert.equal(await functionKey(clients, app, 'HttpGreeting'), FUNCTION_KEY);
    assert.equal(await masterKey(clients, app), MASTER_KEY);
    assert.ok(server.requests.some((r) => r.method === 'POST' && r.url.startsWith(`/subscriptions/${SUBSCRIPTION}/resourceGroups/orders-rg/providers/Microsoft.Web/sites/orders-func/functions/HttpGreeting/listkeys`)));
  });
});

describe('remote invoke of Azure functions', () => {
  test('HTTP on its route with the function key in a header; other triggers through the admin endpoint with the master key; no key in the result', async () => {
    const app = await findFunctionApp(clients, SUBSCRIPTION, 'orders-rg/orders-func');
    const http = await remoteAzureInvoke({ fn: fn('HttpGreeting'), project, event: { method: 'POST', url: '/api/greeting/Ada', body: { name: 'Ada' } }, app, clients });
    assert.equal(http.error, undefined, JSON.stringify(http.error));
    assert.equal(http.target, 'remote');
    assert.equal(http.functionName, 'orders-func/HttpGreeting');
    const res = http.result as Json;
    assert.deepEqual([res.status, res.body.route, res.body.method, res.body.body, res.cookies], [200, '/api/greeting/Ada', 'POST', '{"name":"Ada"}', ['visited=1; Path=/']]);
    const call = server.requests.find((r) => r.url === '/api/greeting/Ada')!;
    assert.equal(call.headers['x-functions-key'], FUNCTION_KEY);
    const queue = await remoteAzureInvoke({ fn: fn('QueueProcessor'), project, event: { input: { id: '1' } }, app, clients });
    assert.equal(queue.error, undefined, JSON.stringify(queue.error));
    const admin = server.requests.find((r) => r.url === '/admin/functions/QueueProcessor')!;
    assert.equal(admin.headers['x-functions-key'], MASTER_KEY);
    assert.deepEqual(JSON.parse(admin.body), { input: '{"id":"1"}' });
    for (const r of [http, queue]) assert.ok(!JSON.stringify(r).includes(FUNCTION_KEY) && !JSON.stringify(r).includes(MASTER_KEY), 'no key in the result');
  });
});

describe('Azure logs: the log stream and Application Insights', () => {
  test('log-stream lines: level, function and invocation id; the stream\'s own chatter is dropped', () => {
    const id = '9f8e7d6c-5b4a-4321-8765-0123456789ab';
    assert.deepEqual(parseStreamLine(`2026-11-30T10:00:00.123 [Information] Executing 'Functions.HttpGreeting' (Reason='x', Id=${id})`, 'orders-func'), {
      timestamp: Date.parse('2026-11-30T10:00:00.123Z'),
      message: `2026-11-30T10:00:00.123Z [Information] Executing 'Functions.HttpGreeting' (Reason='x', Id=${id})`,
      function: 'HttpGreeting',
      requestId: id,
      logStream: 'orders-func/log-stream',
      source: 'log-stream',
    });
    assert.equal(parseStreamLine('2026-11-30T10:00:00  Welcome, you are now connected to log-streaming service.', 'a'), undefined);
    assert.equal(parseStreamLine('2026-11-30T10:01:00.000 [Information] No new trace in the past 1 min(s).', 'a'), undefined);
    assert.match(appInsightsQuery("o'rders", ['a', "b'c"], 0, 1000), /cloud_RoleName =~ 'o\\'rders'\n\| where operation_Name in~ \('a', 'b\\'c'\)/);
  });

  test('follow: the log stream (bearer token) and Application Insights polled beside it, each line once', async () => {
    const id = '9f8e7d6c-5b4a-4321-8765-0123456789ab';
    server.streamLines = [
      `2026-11-30T10:00:00.100 [Information] Executing 'Functions.HttpGreeting' (Reason='x', Id=${id})`,
      '2026-11-30T10:00:00.200 [Warning] slow greeting',
      `2026-11-30T10:00:00.300 [Information] Executed 'Functions.HttpGreeting' (Succeeded, Id=${id}, Duration=12ms)`,
    ];
    server.traces = [{ timestamp: '2026-11-30T09:59:00.000Z', itemId: 'i1', itemType: 'trace', message: 'from App Insights', severityLevel: 2, operation_Name: 'HttpGreeting', invocationId: id }];
    const app = await findFunctionApp(clients, SUBSCRIPTION, 'orders-rg/orders-func');
    const ac = new AbortController();
    const statuses: string[] = [];
    const events: LogEvent[] = [];
    const tail = tailAzure({ app, functions: ['HttpGreeting'], credential, mode: 'auto', follow: true, signal: ac.signal, ca: server.ca, logsEndpoint: `${server.url}/v1`, pollIntervalMs: 50, onStatus: (s) => statuses.push(`${s.mode}:${s.state}`) });
    const reading = (async () => {
      for await (const e of tail) events.push(e);
    })();
    // Stop once the stream's lines are in and Application Insights was polled a few times.
    while (!(events.filter((x) => x.source === 'log-stream').length === 3 && server.requests.filter((r) => /\/query$/.test(r.url)).length >= 3)) await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    await reading;
    const stream = events.filter((e) => e.source === 'log-stream');
    assert.deepEqual(stream.map((e) => e.message.replace(/^\S+ /, '')), ["[Information] Executing 'Functions.HttpGreeting' (Reason='x', Id=" + id + ')', '[Warning] slow greeting', `[Information] Executed 'Functions.HttpGreeting' (Succeeded, Id=${id}, Duration=12ms)`]);
    const insights = events.filter((e) => e.source === 'app-insights');
    assert.deepEqual(insights.map((e) => [e.message, e.requestId, e.function]), [['2026-11-30T09:59:00.000Z [Warning] from App Insights', id, 'HttpGreeting']], 'once, though polled several times');
    assert.ok(statuses.includes('log-stream:streaming') && statuses.includes('app-insights:streaming'), statuses.join(' '));
    const streamCall = server.requests.find((r) => r.url.startsWith('/api/logstream/'))!;
    assert.equal(streamCall.url, '/api/logstream/application/functions/function/HttpGreeting');
    assert.equal(streamCall.headers.authorization, `Bearer ${TEST_TOKEN}`);
    const query = server.requests.find((r) => r.url.endsWith('/query'))!;
    assert.equal(query.url, `/v1${APP_INSIGHTS}/query`);
    assert.match((JSON.parse(query.body) as Json).query, /operation_Name in~ \('HttpGreeting'\)/);
  });

  test('an app without Application Insights and without a log stream says so, and ends', async () => {
    const app = await findFunctionApp(clients, SUBSCRIPTION, 'flex-rg/flex-func');
    const notes: string[] = [];
    const events: LogEvent[] = [];
    for await (const e of tailAzure({ app, functions: ['X'], credential, mode: 'auto', follow: false, signal: new AbortController().signal, ca: server.ca, onNote: (n) => notes.push(n) })) events.push(e);
    assert.deepEqual(events, []);
    assert.deepEqual(notes, ['flex-func: no Application Insights resource is linked to the app (its hidden-link: /app-insights-resource-id tag), so no traces are read']);
  });
});
