import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseAzureFunctions } from '../../../src/model/azureFunctions';
import type { Project } from '../../../src/model/types';
import { azureTriggerInput, blobPathParams, httpRequestOf, matchRoute } from '../../../src/invoke/azureTriggerData';
import { formatTimeSpan, functionJsonBindings, parseFunctionTimeout } from '../../../src/invoke/azurePlatform';
import { fromWire, httpResponseOf, outcomeOf, outputLabel, plainValue } from '../../../src/invoke/azureResponse';

const opts = { now: new Date('2026-11-30T10:00:00.000Z'), uuid: () => '11111111-2222-4333-8444-555555555555' };

function project(bindings: object[], hostText = '{"version":"2.0"}'): Project {
  return parseAzureFunctions({ hostFile: '/app/host.json', hostText, functionJsons: [{ file: '/app/F/function.json', text: JSON.stringify({ bindings }) }], codeFiles: [] });
}

describe('route templates', () => {
  test('literal segments, optional, constrained, defaulted and catch-all parameters', () => {
    assert.deepEqual(matchRoute('greeting/{name?}', 'greeting/Ada'), { name: 'Ada' });
    assert.deepEqual(matchRoute('greeting/{name?}', 'Greeting'), {});
    assert.deepEqual(matchRoute('products/{category:alpha}/{id:int?}', 'products/books/42'), { category: 'books', id: '42' });
    assert.deepEqual(matchRoute('items/{kind=all}', 'items'), { kind: 'all' });
    assert.deepEqual(matchRoute('files/{*path}', 'files/a/b%20c.txt'), { path: 'a/b c.txt' });
    assert.equal(matchRoute('greeting/{name}', 'greeting'), undefined);
    assert.equal(matchRoute('greeting/{name}', 'hello/Ada'), undefined);
    assert.equal(matchRoute('a/{b}', 'a/b/c'), undefined);
  });
});

describe('what the host sends for each trigger', () => {
  test('HTTP: method, absolute URL, query merged, lower-case headers, route params from the URL, JSON body as text', () => {
    const p = project([{ type: 'httpTrigger', direction: 'in', name: 'req', methods: ['post'], route: 'orders/{id:int}' }, { type: 'http', direction: 'out', name: 'res' }]);
    const fn = p.functions[0];
    const req = httpRequestOf(fn, p, { url: '/api/orders/7?x=1', query: { y: '2' }, headers: { 'X-Trace': 'abc' }, body: { qty: 3 } });
    assert.deepEqual(req, {
      method: 'POST',
      url: 'http://localhost:7071/api/orders/7?x=1&y=2',
      headers: { 'x-trace': 'abc', 'content-type': 'application/json' },
      query: { x: '1', y: '2' },
      params: { id: '7' },
      body: { string: '{"qty":3}' },
    });
    // Without a URL: the route with samples, under host.json's route prefix; GET bodies are dropped like the host does.
    const custom = project([{ type: 'httpTrigger', direction: 'in', name: 'req', route: 'orders/{id:int}' }], '{"version":"2.0","extensions":{"http":{"routePrefix":""}}}');
    const get = httpRequestOf(custom.functions[0], custom, { method: 'GET', body: 'ignored' });
    assert.deepEqual([get.url, get.params, get.body], ['http://localhost:7071/orders/123', { id: '123' }, undefined]);
    const input = azureTriggerInput(fn, p, { url: '/api/orders/7' }, opts);
    assert.deepEqual(input.metadata.id, { string: '7' });
    assert.deepEqual(input.metadata.Query, { json: '{}' });
  });

  test('timer info is PascalCase JSON, as the host writes it', () => {
    const p = project([{ type: 'timerTrigger', direction: 'in', name: 't', schedule: '0 * * * * *' }]);
    const input = azureTriggerInput(p.functions[0], p, { timer: { isPastDue: true } }, opts);
    assert.deepEqual(JSON.parse((input.data as { json: string }).json), {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: '2026-11-30T09:55:00.000Z', Next: '2026-11-30T10:05:00.000Z', LastUpdated: '2026-11-30T10:00:00.000Z' },
      IsPastDue: true,
    });
  });

  test('queue message and its metadata; the event\'s metadata overrides, camelCase or PascalCase', () => {
    const p = project([{ type: 'queueTrigger', direction: 'in', name: 'm', queueName: 'jobs' }]);
    const input = azureTriggerInput(p.functions[0], p, { input: { id: 1 }, metadata: { dequeueCount: 4, PopReceipt: 'r' } }, opts);
    assert.deepEqual(input.data, { string: '{"id":1}' });
    assert.deepEqual(input.metadata.DequeueCount, { json: '4' });
    assert.deepEqual(input.metadata.PopReceipt, { string: 'r' });
    assert.deepEqual(input.metadata.QueueTrigger, { string: '{"id":1}' });
    assert.deepEqual(input.metadata.InsertionTime, { json: '"2026-11-30T10:00:00.000Z"' });
  });

  test('blob: content as bytes, path parameters of the binding path', () => {
    assert.deepEqual(blobPathParams('samples/{name}.{ext}', 'samples/report.final.csv'), { name: 'report', ext: 'final.csv' });
    const p = project([{ type: 'blobTrigger', direction: 'in', name: 'b', path: 'uploads/{name}' }]);
    const input = azureTriggerInput(p.functions[0], p, { input: 'uploads/a.txt', content: 'abc' }, opts);
    assert.deepEqual(input.data, { bytesBase64: Buffer.from('abc').toString('base64') });
    assert.deepEqual([input.metadata.name, input.metadata.BlobTrigger], [{ string: 'a.txt' }, { string: 'uploads/a.txt' }]);
    assert.equal(JSON.parse((input.metadata.Properties as { json: string }).json).Length, 3);
  });

  test('Event Hubs: a batch with array metadata when cardinality is many, one event otherwise', () => {
    const many = project([{ type: 'eventHubTrigger', direction: 'in', name: 'e', eventHubName: 'hub', cardinality: 'many' }]);
    const batch = azureTriggerInput(many.functions[0], many, { input: [{ a: 1 }, { a: 2 }] }, opts);
    assert.deepEqual(batch.data, { json: '[{"a":1},{"a":2}]' });
    assert.deepEqual(JSON.parse((batch.metadata.SequenceNumberArray as { json: string }).json), [1, 2]);
    assert.equal(JSON.parse((batch.metadata.PartitionContext as { json: string }).json).EventHubName, 'hub');
    const one = project([{ type: 'eventHubTrigger', direction: 'in', name: 'e', eventHubName: 'hub' }]);
    const single = azureTriggerInput(one.functions[0], one, { input: [{ a: 1 }, { a: 2 }] }, opts);
    assert.deepEqual(single.data, { json: '{"a":1}' });
    assert.ok(single.metadata.EnqueuedTimeUtc && !single.metadata.EnqueuedTimeUtcArray);
  });

  test('Service Bus, Cosmos DB and Event Grid', () => {
    const sb = project([{ type: 'serviceBusTrigger', direction: 'in', name: 'm', queueName: 'q' }]);
    const msg = azureTriggerInput(sb.functions[0], sb, { input: 'hello' }, opts);
    assert.deepEqual([msg.data, msg.metadata.DeliveryCount, msg.metadata.ContentType], [{ string: 'hello' }, { json: '1' }, { string: 'text/plain' }]);
    const cosmos = project([{ type: 'cosmosDBTrigger', direction: 'in', name: 'docs', databaseName: 'd', containerName: 'c', connection: 'x' }]);
    assert.deepEqual(azureTriggerInput(cosmos.functions[0], cosmos, { input: { id: '1' } }, opts).data, { json: '[{"id":"1"}]' });
    const grid = project([{ type: 'eventGridTrigger', direction: 'in', name: 'ev' }]);
    assert.deepEqual(azureTriggerInput(grid.functions[0], grid, { input: '{"id":"e1"}' }, opts).data, { json: '{"id":"e1"}' });
  });
});

describe('responses and outputs', () => {
  test('an RpcHttp response as the client gets it: content type for JSON and text bodies, cookies as Set-Cookie values', () => {
    assert.deepEqual(
      httpResponseOf({
        statusCode: '404',
        headers: { 'X-Id': '1' },
        body: { json: '{"missing":true}' },
        cookies: [{ name: 'a', value: 'b', domain: { value: 'example.com' }, maxAge: { value: 60 }, secure: { value: true }, sameSite: 'explicitNone', expires: { value: { seconds: 0 } } }],
      }),
      { status: 404, headers: { 'x-id': '1', 'content-type': 'application/json; charset=utf-8' }, cookies: ['a=b; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Secure; SameSite=None'], body: { missing: true } },
    );
    assert.deepEqual(httpResponseOf({ statusCode: null, body: { string: 'hi' } }), { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, cookies: [], body: 'hi' });
    const binary = httpResponseOf({ statusCode: '200', headers: { 'content-type': 'image/png' }, body: { bytes: new Uint8Array([0xff, 0xd8, 0xff]) } });
    assert.equal(binary.body, 'base64:/9j/');
    const json = httpResponseOf({ statusCode: '200', headers: { 'content-type': 'application/json' }, body: { bytes: Buffer.from('{"a":1}') } });
    assert.deepEqual(json.body, { a: 1 });
  });

  test('outcome: the HTTP response from $return or the named http output, other outputs by a readable name', () => {
    const bindings = { req: { type: 'httpTrigger', direction: 'in' as const }, $return: { type: 'http', direction: 'out' as const }, queueOutput403f65d53d: { type: 'queue', direction: 'out' as const, queueName: 'audit' }, mine: { type: 'blob', direction: 'out' as const, path: 'x/{rand-guid}' } };
    const outcome = outcomeOf({ returnValue: { http: { statusCode: '201', body: { string: 'ok' } } }, outputData: [{ name: 'queueOutput403f65d53d', data: { json: '{"a":1}' } }, { name: 'mine', data: { bytes: Buffer.from('text') } }] }, bindings);
    assert.deepEqual(outcome, { result: { status: 201, headers: { 'content-type': 'text/plain; charset=utf-8' }, cookies: [], body: 'ok' }, outputs: { 'queue:audit': { a: 1 }, mine: 'text' } });
    assert.equal(outputLabel('queueOutput403f65d53d', undefined), 'queueOutput403f65d53d');
    // An HTTP function that set no response answers 204.
    assert.deepEqual(outcomeOf({ outputData: [] }, { req: { type: 'httpTrigger', direction: 'in' }, res: { type: 'http', direction: 'out' } }).result, { status: 204, headers: {}, cookies: [], body: null });
    // Other triggers: the return value.
    assert.deepEqual(outcomeOf({ returnValue: { int: 3 } }, { m: { type: 'queueTrigger', direction: 'in' } }), { result: 3, outputs: {} });
  });

  test('typed values: collections, numbers, wire bytes', () => {
    assert.deepEqual(plainValue({ collectionString: { string: ['{"a":1}', 'x'] } }), [{ a: 1 }, 'x']);
    assert.equal(plainValue({ double: 1.5 }), 1.5);
    assert.deepEqual(fromWire({ bytesBase64: Buffer.from('hi').toString('base64') }), { bytes: Buffer.from('hi') });
  });
});

describe('host.json and function.json for the worker', () => {
  test('functionTimeout: TimeSpan forms and -1', () => {
    assert.equal(parseFunctionTimeout('00:05:00'), 300);
    assert.equal(parseFunctionTimeout('1.02:00:30'), 93_630);
    assert.equal(parseFunctionTimeout('-1'), 2_147_483);
    assert.equal(parseFunctionTimeout('5m'), undefined);
    assert.equal(parseFunctionTimeout(300), undefined);
    assert.equal(formatTimeSpan(300), '00:05:00');
    assert.equal(formatTimeSpan(93_630), '1.02:00:30');
  });

  test('the model reads host.json once: timeout, log level, route prefix; the app\'s programming model', () => {
    const p = parseAzureFunctions({
      hostFile: '/app/host.json',
      hostText: '{"version":"2.0","functionTimeout":"00:10:00","logging":{"logLevel":{"default":"Warning"}},"extensions":{"http":{"routePrefix":"v1"}}}',
      functionJsons: [{ file: '/app/F/function.json', text: '{"bindings":[{"type":"queueTrigger","direction":"in","name":"m","queueName":"q"}]}' }],
      codeFiles: [{ file: '/app/src/functions/a.js', text: "app.http('a', { handler: () => ({}) });" }],
      localSettings: '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"node"}}',
    });
    assert.deepEqual([p.azure?.functionTimeout?.value, p.azure?.logLevel, p.azure?.routePrefix, p.azure?.workerRuntime, p.azure?.nodeModel], ['00:10:00', 'Warning', 'v1', 'node', 'mixed']);
    assert.equal(p.azure?.functionTimeout?.range.start.line, 0);
    assert.deepEqual(functionJsonBindings(p.functions[0]), { m: { type: 'queueTrigger', direction: 'in', name: 'm', queueName: 'q' } });
  });
});
