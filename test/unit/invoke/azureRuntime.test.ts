import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRuntime } from '../../../src/invoke/localRuntime';
import type { FunctionDef, Project } from '../../../src/model/types';
import { generateEvent, eventChoices } from '../../../src/events/catalogue';
import { analyzeLine } from '../../../src/shared/logLine';
import { buildRuntime, projectWith, testRuntime } from '../helpers/runtimeHarness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const repoModules = join(__dirname, '..', '..', '..', 'node_modules');
const host = (extra = ''): string => `{ "version": "2.0"${extra} }`;
const settings = (values: Record<string, string> = {}): string => JSON.stringify({ IsEncrypted: false, Values: { FUNCTIONS_WORKER_RUNTIME: 'node', AzureWebJobsStorage: 'UseDevelopmentStorage=true', ...values } });

/** An Azure app in a temp folder with the real @azure/functions (v4) installed, as `npm install` leaves it. */
async function app(files: Record<string, string>, withLibrary = true): Promise<{ dir: string; project: Project }> {
  const made = await projectWith(files);
  if (withLibrary) {
    mkdirSync(join(made.dir, 'node_modules', '@azure'), { recursive: true });
    symlinkSync(join(repoModules, '@azure', 'functions'), join(made.dir, 'node_modules', '@azure', 'functions'), 'dir');
  }
  return made;
}

function fn(project: Project, name: string): FunctionDef {
  const f = project.functions.find((x) => x.name === name);
  assert.ok(f, `no function ${name} in ${project.functions.map((x) => x.name).join(', ')}`);
  return f;
}

/** The sample event the Invoke view would load for the function. */
function sample(project: Project, f: FunctionDef): unknown {
  const choice = eventChoices(f, { project })[0];
  return generateEvent(choice.kind.id, { fn: f, project, trigger: f.triggers[choice.triggerIndex ?? 0] });
}

let runtime: LocalRuntime;
before(() => {
  runtime = testRuntime(buildRuntime(), { hostEnv: { PATH: process.env.PATH, SOME_HOST_SECRET: 'host-only' } });
});
after(() => runtime.dispose());

describe('Azure Functions, Node v4 model (the app\'s own @azure/functions)', () => {
  const v4Http = `import { app, HttpRequest, InvocationContext, output } from '@azure/functions';
const queueOut = output.storageQueue({ queueName: 'audit', connection: 'AzureWebJobsStorage' });
app.http('greet', {
  methods: ['GET', 'POST'],
  route: 'greet/{name?}',
  authLevel: 'anonymous',
  extraOutputs: [queueOut],
  handler: async (request: HttpRequest, context: InvocationContext) => {
    context.log('url', request.url);
    context.warn('a warning');
    context.error('an error');
    context.debug('hidden below Information');
    const body = request.method === 'POST' ? ((await request.json()) as { name?: string }) : {};
    const name = request.params.name ?? request.query.get('name') ?? body.name ?? 'world';
    context.extraOutputs.set(queueOut, { greeted: name });
    return {
      status: 201,
      jsonBody: { greeting: \`\${process.env.GREETING}, \${name}!\`, invocationId: context.invocationId, fn: context.functionName, isRequest: request instanceof Object && typeof request.text === 'function', header: request.headers.get('x-probe'), secret: process.env.SOME_HOST_SECRET ?? null },
      headers: { 'x-served-by': 'greet' },
      cookies: [{ name: 'session', value: 'abc', path: '/', httpOnly: true, sameSite: 'Lax' }],
    };
  },
});
`;

  test('HTTP: a real HttpRequest (route params from the template), the response with status, headers and cookies, extra outputs, context.log lines with levels and the invocation id', async () => {
    const { project } = await app({ 'host.json': host(), 'local.settings.json': settings({ GREETING: 'Hello' }), 'package.json': '{"main":"src/functions/*.js"}', 'src/functions/greet.ts': v4Http });
    const f = fn(project, 'greet');
    const event = { method: 'GET', url: 'http://localhost:7071/api/greet/Ada?x=1', headers: { 'X-Probe': 'yes' } };
    const r = await runtime.invoke({ fn: f, project, event });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.cloud, 'azure');
    const res = r.result as Json;
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-served-by'], 'greet');
    assert.match(res.headers['content-type'], /application\/json/);
    assert.deepEqual(res.cookies, ['session=abc; Path=/; HttpOnly; SameSite=Lax']);
    assert.deepEqual(res.body, { greeting: 'Hello, Ada!', invocationId: r.requestId, fn: 'greet', isRequest: true, header: 'yes', secret: null });
    assert.deepEqual(r.outputs, { 'queue:audit': { greeted: 'Ada' } });
    const lines = r.logs.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`\\[Information\\] Executing 'Functions.greet' \\(Reason='This function was programmatically called via the host APIs.', Id=${r.requestId}\\)$`));
    assert.match(lines.at(-1)!, new RegExp(`\\[Information\\] Executed 'Functions.greet' \\(Succeeded, Id=${r.requestId}, Duration=\\d+ms\\)$`));
    assert.ok(lines.some((l) => /\[Information\] url http:\/\/localhost:7071\/api\/greet\/Ada\?x=1$/.test(l)));
    assert.ok(lines.some((l) => /\[Warning\] a warning$/.test(l)));
    assert.ok(lines.some((l) => /\[Error\] an error$/.test(l)));
    assert.ok(!r.logs.includes('hidden below Information'));
    // Every line reads as an Azure line with a level; the host's lines carry the invocation id.
    assert.deepEqual(lines.map((l) => analyzeLine(l).level), ['platform', 'info', 'warn', 'error', 'platform']);
    assert.equal(analyzeLine(lines[0]).requestId, r.requestId);
    assert.ok(r.initDurationMs! > 0 && r.durationMs! >= 0 && r.maxMemoryUsedMb! > 0 && r.billedDurationMs! >= 100);
    assert.equal(r.memorySizeMb, 1536);

    // POST with a JSON body; the second run is warm.
    const warm = await runtime.invoke({ fn: f, project, event: { method: 'POST', url: 'http://localhost:7071/api/greet', body: { name: 'Grace' } } });
    assert.equal((warm.result as Json).body.greeting, 'Hello, Grace!');
    assert.equal(warm.initDurationMs, undefined);
    assert.equal(warm.coldStart, false);
  });

  test('timer, storage queue, blob, Service Bus, Event Hubs batch, Cosmos DB and Event Grid triggers get what the host sends', async () => {
    const code = `const { app, output } = require('@azure/functions');
app.timer('tick', { schedule: '0 */5 * * * *', handler: async (timer, context) => ({ isPastDue: timer.isPastDue, last: timer.scheduleStatus.last, adjust: timer.schedule.adjustForDST }) });
app.storageQueue('jobs', { queueName: 'jobs', connection: 'AzureWebJobsStorage', handler: async (msg, context) => ({ msg, dequeueCount: context.triggerMetadata.dequeueCount, id: typeof context.triggerMetadata.id }) });
app.storageBlob('blobs', { path: 'samples/{name}', connection: 'AzureWebJobsStorage', handler: async (blob, context) => ({ isBuffer: Buffer.isBuffer(blob), text: blob.toString(), name: context.triggerMetadata.name, path: context.triggerMetadata.blobTrigger }) });
app.serviceBusQueue('orders', { queueName: 'orders', connection: 'SB', handler: async (message, context) => ({ message, deliveryCount: context.triggerMetadata.deliveryCount, props: context.triggerMetadata.applicationProperties }) });
app.eventHub('readings', { eventHubName: 'telemetry', connection: 'EH', cardinality: 'many', handler: async (events, context) => ({ count: events.length, first: events[0], seq: context.triggerMetadata.sequenceNumberArray }) });
app.cosmosDB('changes', { connection: 'COSMOS', databaseName: 'app', containerName: 'items', createLeaseContainerIfNotExists: true, handler: async (documents, context) => ({ ids: documents.map((d) => d.id) }) });
app.eventGrid('grid', { handler: async (event, context) => ({ type: event.eventType, subject: event.subject }) });
`;
    const { project } = await app({ 'host.json': host(), 'local.settings.json': settings(), 'src/functions/all.js': code });
    const run = async (name: string): Promise<Json> => {
      const f = fn(project, name);
      const r = await runtime.invoke({ fn: f, project, event: sample(project, f) });
      assert.equal(r.error, undefined, `${name}: ${JSON.stringify(r.error)}`);
      return r.result as Json;
    };
    assert.deepEqual(await run('tick'), { isPastDue: false, last: '2026-01-15T12:00:00.000Z', adjust: true });
    assert.deepEqual(await run('jobs'), { msg: { id: '1001', status: 'created' }, dequeueCount: 1, id: 'string' });
    assert.deepEqual(await run('blobs'), { isBuffer: true, text: 'Hello from a sample blob.\n', name: 'sample.txt', path: 'samples/sample.txt' });
    const sb = await run('orders');
    assert.deepEqual([sb.message, sb.deliveryCount, sb.props], [{ orderId: '1001', status: 'created' }, 1, { source: 'sample' }]);
    const eh = await run('readings');
    assert.deepEqual([eh.count, eh.first.deviceId, eh.seq], [2, 'device-1', [1, 2]]);
    assert.deepEqual(await run('changes'), { ids: ['1001'] });
    assert.deepEqual(await run('grid'), { type: 'Microsoft.Storage.BlobCreated', subject: '/blobServices/default/containers/samples/blobs/sample.txt' });
  });

  test('host.json functionTimeout ends a slow invocation the way the host does; local.settings.json Values are the environment and never logged', async () => {
    const { project } = await app({
      'host.json': host(', "functionTimeout": "00:00:01"'),
      'local.settings.json': settings({ API_KEY: 'sk-not-to-be-logged' }),
      'src/functions/slow.js': `const { app } = require('@azure/functions');
app.storageQueue('slow', { queueName: 'q', connection: 'AzureWebJobsStorage', handler: async (msg, context) => { context.log('key length', process.env.API_KEY.length); await new Promise((r) => setTimeout(r, 5000)); } });`,
    });
    const r = await runtime.invoke({ fn: fn(project, 'slow'), project, event: { input: 'x' } });
    assert.equal(r.error?.errorType, 'FunctionTimeoutException');
    assert.match(r.error!.errorMessage, /^Timeout value of 00:00:01 exceeded by function 'Functions.slow' \(Id: '[0-9a-f-]{36}'\)\. Initiating cancellation\.$/);
    assert.match(r.logs, /\[Information\] key length 19\n/);
    assert.match(r.logs, /\[Error\] Executed 'Functions.slow' \(Failed, Id=.*, Duration=1000ms\)/);
    assert.ok(!r.logs.includes('sk-not-to-be-logged'));
  });

  test('the app must bring @azure/functions and register the function; errors are one clear line', async () => {
    const code = `const { app } = require('@azure/functions');\napp.http('other', { handler: async () => ({ body: 'x' }) });\n// app.http('wanted', …) is commented out\n`;
    const missing = await app({ 'host.json': host(), 'local.settings.json': settings(), 'src/functions/a.js': code.replace('other', 'wanted') }, false);
    const r1 = await runtime.invoke({ fn: fn(missing.project, 'wanted'), project: missing.project, event: {} });
    assert.equal(r1.error?.errorType, 'Runtime.ImportModuleError');
    assert.match(r1.error!.errorMessage, /Cannot find module '@azure\/functions'.*install it \(npm install @azure\/functions\)/);
    assert.match(r1.logs, /\[Error\] Worker was unable to load function wanted: /);

    const { project } = await app({ 'host.json': host(), 'local.settings.json': settings(), 'src/functions/a.js': code, 'src/functions/b.js': `const { app } = require('@azure/functions');\napp.http('wanted', { handler: async () => ({}) });\n` });
    // The model finds `wanted` in b.js; point it at a.js, as if the registration moved.
    const f = { ...fn(project, 'wanted'), handlerInfo: { ...fn(project, 'wanted').handlerInfo, file: join(project.root, 'src/functions/a.js') } };
    const r2 = await runtime.invoke({ fn: f, project, event: {} });
    assert.equal(r2.error?.errorType, 'Runtime.HandlerNotFound');
    assert.equal(r2.error?.errorMessage, 'src/functions/a.js did not register a function named "wanted" (it registered other)');
  });

  test('an exception is the invocation\'s error with its stack; hooks run around the invocation; ESM apps load', async () => {
    const { project } = await app({
      'host.json': host(),
      'local.settings.json': settings(),
      'package.json': '{"type":"module"}',
      'src/functions/fail.js': `import { app } from '@azure/functions';
app.hook.preInvocation((ctx) => { ctx.invocationContext.log('pre hook for', ctx.invocationContext.functionName); });
app.hook.postInvocation((ctx) => { ctx.invocationContext.log('post hook saw', ctx.error?.message); });
app.http('fail', { handler: async (request, context) => { throw new TypeError('bad input'); } });
`,
    });
    const r = await runtime.invoke({ fn: fn(project, 'fail'), project, event: { method: 'GET' } });
    assert.equal(r.error?.errorType, 'TypeError');
    assert.equal(r.error?.errorMessage, 'bad input');
    assert.ok(r.error!.trace.some((l) => l.includes('fail.js')));
    assert.match(r.logs, /\[Information\] pre hook for fail\n/);
    assert.match(r.logs, /\[Information\] post hook saw bad input\n/);
    assert.match(r.logs, /\[Error\] Exception while executing function: Functions.fail. TypeError: bad input\n/);
  });

  test('HTTP streaming (app.setup({ enableHttpStream: true })) goes through the library\'s own proxy', async () => {
    const { project } = await app({
      'host.json': host(),
      'local.settings.json': settings(),
      'src/functions/stream.js': `const { app } = require('@azure/functions');
app.setup({ enableHttpStream: true });
app.http('stream', { methods: ['POST'], handler: async (request, context) => ({ status: 202, body: 'echo:' + (await request.text()), headers: { 'x-streamed': 'yes' } }) });
`,
    });
    const r = await runtime.invoke({ fn: fn(project, 'stream'), project, event: { method: 'POST', body: 'hi there' } });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const res = r.result as Json;
    assert.deepEqual([res.status, res.body, res.headers['x-streamed']], [202, 'echo:hi there', 'yes']);
  });
});

describe('Azure Functions, Node v3 model (function.json + module.exports)', () => {
  const fj = (bindings: object[], extra: object = {}): string => JSON.stringify({ bindings, ...extra }, null, 2);

  test('context.res, context.bindingData (route params, query), context.log levels, context.bindings outputs', async () => {
    const { project } = await app(
      {
        'host.json': host(),
        'local.settings.json': settings({ GREETING: 'Hi' }),
        'Greet/function.json': fj([
          { authLevel: 'function', type: 'httpTrigger', direction: 'in', name: 'req', methods: ['get', 'post'], route: 'greet/{name?}' },
          { type: 'http', direction: 'out', name: 'res' },
          { type: 'queue', direction: 'out', name: 'audit', queueName: 'audit', connection: 'AzureWebJobsStorage' },
        ]),
        'Greet/index.js': `module.exports = async function (context, req) {
  context.log('method', req.method, 'query', req.query.x);
  context.log.warn('v3 warning');
  context.log.error('v3 error');
  context.bindings.audit = { who: context.bindingData.name };
  context.res = { status: 200, headers: { 'content-type': 'application/json' }, body: { greeting: process.env.GREETING + ', ' + context.bindingData.name, sameReq: context.req === req, id: context.invocationId, dir: context.executionContext.functionDirectory.endsWith('Greet') } };
};`,
      },
      false,
    );
    const r = await runtime.invoke({ fn: fn(project, 'Greet'), project, event: { method: 'GET', url: 'http://localhost:7071/api/greet/Ada?x=1' } });
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    const res = r.result as Json;
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { greeting: 'Hi, Ada', sameReq: true, id: r.requestId, dir: true });
    assert.deepEqual(r.outputs, { audit: { who: 'Ada' } });
    assert.match(r.logs, /\[Information\] method GET query 1\n/);
    assert.match(r.logs, /\[Warning\] v3 warning\n/);
    assert.match(r.logs, /\[Error\] v3 error\n/);
  });

  test('context.done, $return and named outputs returned as an object', async () => {
    const { project } = await app(
      {
        'host.json': host(),
        'local.settings.json': settings(),
        'Done/function.json': fj([{ type: 'queueTrigger', direction: 'in', name: 'item', queueName: 'in' }, { type: 'queue', direction: 'out', name: '$return', queueName: 'out' }]),
        'Done/index.js': `module.exports = function (context, item) { context.log('dequeue', context.bindingData.dequeueCount); context.done(null, { forwarded: item }); };`,
        'Named/function.json': fj([{ type: 'timerTrigger', direction: 'in', name: 'timer', schedule: '0 * * * * *' }, { type: 'blob', direction: 'out', name: 'report', path: 'reports/{rand-guid}' }, { type: 'queue', direction: 'out', name: 'next', queueName: 'next' }]),
        'Named/index.js': `module.exports = async function (context, timer) { return { report: 'late: ' + timer.isPastDue, next: { at: timer.scheduleStatus.last } }; };`,
        'Entry/function.json': fj([{ type: 'queueTrigger', direction: 'in', name: 'msg', queueName: 'x' }], { entryPoint: 'run' }),
        'Entry/index.js': `exports.helper = () => 1;\nexports.run = async (context, msg) => 'ran with ' + msg;`,
      },
      false,
    );
    const done = await runtime.invoke({ fn: fn(project, 'Done'), project, event: { input: 'job-1', metadata: { dequeueCount: 3 } } });
    assert.equal(done.error, undefined, JSON.stringify(done.error));
    assert.deepEqual(done.result, { forwarded: 'job-1' });
    assert.match(done.logs, /dequeue 3\n/);
    const named = await runtime.invoke({ fn: fn(project, 'Named'), project, event: sample(project, fn(project, 'Named')) });
    assert.equal(named.error, undefined, JSON.stringify(named.error));
    assert.deepEqual(named.outputs, { report: 'late: false', next: { at: '2026-01-15T12:00:00.000Z' } });
    const entry = await runtime.invoke({ fn: fn(project, 'Entry'), project, event: { input: 'hello' } });
    assert.equal(entry.result, 'ran with hello');
  });

  test('the examples/functions-app functions run as they are', async () => {
    const root = join(__dirname, '..', '..', '..', 'examples', 'functions-app');
    const { WorkspaceIndex } = await import('../../../src/model/workspace');
    const { nodeFileSystem } = await import('../../../src/node/nodeFileSystem');
    const [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([root]);
    const http = await runtime.invoke({ fn: fn(project, 'HttpGreeting'), project, event: sample(project, fn(project, 'HttpGreeting')) });
    assert.deepEqual(http.result, { status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: { greeting: 'Hello, sample-name!' } });
    const anonymous = await runtime.invoke({ fn: fn(project, 'HttpGreeting'), project, event: { method: 'GET', url: 'http://localhost:7071/api/greeting' } });
    assert.deepEqual((anonymous.result as Json).status, 400);
    const queue = await runtime.invoke({ fn: fn(project, 'QueueProcessor'), project, event: sample(project, fn(project, 'QueueProcessor')) });
    assert.match(queue.logs, /\[Information\] Processing job 1001 \(dequeue count 1\)\.\n/);
    const timer = await runtime.invoke({ fn: fn(project, 'CleanupTimer'), project, event: { input: '', timer: { isPastDue: true } } });
    assert.match(timer.logs, /\[Warning\] Cleanup is running late\.\n.*\[Information\] Cleanup finished\.\n/);
  });

  test('a function.json app whose worker runtime is not Node is refused with the way to run it', async () => {
    const { project } = await app({ 'host.json': host(), 'local.settings.json': JSON.stringify({ Values: { FUNCTIONS_WORKER_RUNTIME: 'python' } }), 'Py/function.json': fj([{ type: 'queueTrigger', direction: 'in', name: 'm', queueName: 'q' }]), 'Py/__init__.py': 'def main(m): pass\n' }, false);
    await assert.rejects(runtime.invoke({ fn: fn(project, 'Py'), project, event: {} }), /Py is a python function: it runs in a Functions host \(Core Tools' func start\): invoke it through the host/);
  });
});

describe('local.settings.json', () => {
  test('a broken file is a one-line error that names the line, not the values', async () => {
    const { project, dir } = await app({ 'host.json': host(), 'local.settings.json': settings(), 'Q/function.json': JSON.stringify({ bindings: [{ type: 'queueTrigger', direction: 'in', name: 'm', queueName: 'q' }] }), 'Q/index.js': 'module.exports = async () => 1;' }, false);
    writeFileSync(join(dir, 'local.settings.json'), '{\n  "Values": {\n    "SECRET": "s3cr3t",\n  ,}\n}');
    await assert.rejects(runtime.invoke({ fn: fn(project, 'Q'), project, event: {} }), (err: Error) => /^local\.settings\.json line \d+ is not valid JSON/.test(err.message) && !err.message.includes('s3cr3t'));
  });
});
