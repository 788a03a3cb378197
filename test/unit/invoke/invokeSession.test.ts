import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionRef, InvokeSessionDeps } from '../../../src/invoke/invokeSession';
import { InvokeSession, RunHistory } from '../../../src/invoke/invokeSession';
import { SavedEventStore } from '../../../src/invoke/savedEvents';
import { azureLocalUnavailable } from '../../../src/invoke/azurePlatform';
import { parseAzureFunctions } from '../../../src/model/azureFunctions';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { frameLocation, parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import type { InvokeResult } from '../../../src/shared/invokeResult';
import { lineDiff } from '../../../src/shared/lineDiff';

function setup(overrides: Partial<InvokeSessionDeps> = {}): { session: InvokeSession; posted: HostToWebview[]; refs: FunctionRef[]; root: string; prompts: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'swb-session-'));
  const project = parseServerlessFramework(join(root, 'serverless.yml'), 'service: shop\nprovider:\n  name: aws\n  region: eu-west-1\nfunctions:\n  create:\n    handler: h.main\n    events:\n      - http: POST /orders\n  worker:\n    handler: h.work\n    events:\n      - sqs: arn:aws:sqs:eu-west-1:1:jobs.fifo\n');
  const refs = project.functions.map((fn) => ({ project, fn }));
  const posted: HostToWebview[] = [];
  const drafts = new Map<string, string>();
  const prompts: string[] = [];
  const store = new SavedEventStore(root);
  const result = (event: unknown): InvokeResult => ({ target: 'local', functionName: 'x', requestId: 'r', result: { got: event }, logs: 'START\n', durationMs: 1 });
  const deps: InvokeSessionDeps = {
    functions: () => refs,
    functionById: (id) => refs.find((r) => r.fn.id === id),
    summary: (r) => ({ id: r.fn.id, name: r.fn.name, project: 'shop', description: '' }),
    local: async (req) => {
      req.onLog?.('a log line\n');
      return result(req.event);
    },
    remote: async (req) => ({ ...result(req.event), target: 'remote' }),
    savedEvents: () => store,
    drafts: { get: (id) => drafts.get(id), set: (id, t) => (t === undefined ? drafts.delete(id) : drafts.set(id, t)) },
    history: new RunHistory(),
    aws: () => ({ profile: 'default', region: 'eu-west-1' }),
    localDisabledReason: () => undefined,
    prompt: {
      name: async (title) => {
        prompts.push(title);
        return title.startsWith('Rename') ? 'renamed' : 'my event';
      },
      confirm: async () => true,
    },
    openSource: () => undefined,
    chooseAws: () => undefined,
    openPanel: () => undefined,
    post: (m) => posted.push(m),
    inSidebar: true,
    ...overrides,
  };
  return { session: new InvokeSession(deps), posted, refs, root, prompts };
}

const last = <T extends HostToWebview['type']>(posted: HostToWebview[], type: T): Extract<HostToWebview, { type: T }> =>
  posted.filter((m) => m.type === type).at(-1) as Extract<HostToWebview, { type: T }>;

describe('Invoke session (the view host logic)', () => {
  test('ready: state with functions and the best-fitting generated event', async () => {
    const { session, posted, refs } = setup();
    await session.handle({ type: 'ready' });
    const state = last(posted, 'state').state;
    assert.deepEqual(state.functions.map((f) => f.name), ['create', 'worker']);
    assert.equal(state.fnId, refs[0].fn.id);
    assert.equal(state.events[0].source.kind, 'generated');
    const loaded = last(posted, 'event/loaded');
    assert.equal(JSON.parse(loaded.text).httpMethod, 'POST');
    // No handler source to read a request type from: the editor says the body is a placeholder.
    assert.equal(loaded.note, 'The body {"example":"value"} is a placeholder: no request type found. Put in what create reads.');
    await session.handle({ type: 'selectFunction', fnId: refs[1].fn.id });
    assert.equal(last(posted, 'event/loaded').note, undefined, 'an SQS event has no body to explain');
    assert.equal(JSON.parse(last(posted, 'event/loaded').text).Records[0].attributes.MessageGroupId, 'group-1');
  });
  test('ready before the workspace scan ended: the first function and its event come with the first refresh', async () => {
    const found: FunctionRef[] = [];
    const { session, posted, refs } = setup({ functions: () => found });
    await session.handle({ type: 'ready' });
    assert.deepEqual([last(posted, 'state').state.functions, last(posted, 'state').state.fnId], [[], undefined]);
    found.push(...refs);
    await session.refresh();
    assert.equal(last(posted, 'state').state.fnId, refs[0].fn.id);
    assert.equal(JSON.parse(last(posted, 'event/loaded').text).httpMethod, 'POST');
  });
  test('unsaved edits come back when the function is shown again', async () => {
    const { session, posted, refs } = setup();
    await session.handle({ type: 'ready' });
    await session.handle({ type: 'draft', fnId: refs[0].fn.id, text: '{"edited": true}' });
    await session.handle({ type: 'selectFunction', fnId: refs[1].fn.id });
    await session.handle({ type: 'selectFunction', fnId: refs[0].fn.id });
    const loaded = last(posted, 'event/loaded');
    assert.deepEqual([loaded.text, loaded.draft], ['{"edited": true}', true]);
  });
  test('"Open in Editor" opens the panel on the event the view shows: a saved one, or its unsaved edits under its name', async () => {
    const opened: Array<{ fnId?: string; source?: unknown }> = [];
    const view = setup({ openPanel: (fnId, source) => opened.push({ fnId, source }) });
    await view.session.handle({ type: 'ready' });
    const fnId = view.refs[0].fn.id;
    await view.session.handle({ type: 'saveEvent', fnId, text: '{"saved": 1}', name: 'big order' });
    await view.session.handle(parseWebviewMessage({ type: 'openPanel', source: { kind: 'saved', name: 'big order' } })!);
    assert.deepEqual(opened, [{ fnId, source: { kind: 'saved', name: 'big order' } }]);

    // The panel's session, in the same workspace folder (the same saved events), shown on that event before its script is ready.
    const panel = setup({ savedEvents: () => new SavedEventStore(view.root), inSidebar: false });
    const panelFn = panel.refs[0].fn.id;
    await panel.session.show(panelFn, { kind: 'saved', name: 'big order' });
    await panel.session.handle({ type: 'ready' });
    assert.deepEqual([last(panel.posted, 'event/loaded').text, last(panel.posted, 'event/loaded').label], ['{"saved": 1}\n', 'big order']);

    // Already open on that function: asked again with a draft pending, it shows the draft under the event's name.
    await panel.session.handle({ type: 'draft', fnId: panelFn, text: '{"saved": 2}' });
    await panel.session.show(panelFn, { kind: 'saved', name: 'big order' });
    const loaded = last(panel.posted, 'event/loaded');
    assert.deepEqual([loaded.text, loaded.label, loaded.draft], ['{"saved": 2}', 'big order', true]);
    // Without an event the panel keeps what it shows.
    const count = panel.posted.filter((m) => m.type === 'event/loaded').length;
    await panel.session.show(panelFn);
    assert.equal(panel.posted.filter((m) => m.type === 'event/loaded').length, count);
  });
  test('invoke: started, live logs, finished; history per function; invalid JSON and untrusted refused', async () => {
    const { session, posted, refs } = setup();
    await session.handle({ type: 'ready' });
    const fnId = refs[0].fn.id;
    await session.handle({ type: 'invoke', runId: 'r1', fnId, eventText: '{"a":1}', eventLabel: 'x', target: 'local', coldStart: false });
    assert.deepEqual(posted.slice(-3).map((m) => m.type), ['invoke/started', 'invoke/log', 'invoke/finished']);
    assert.deepEqual(last(posted, 'invoke/finished').run.result.result, { got: { a: 1 } });
    await session.handle({ type: 'invoke', runId: 'r2', fnId, eventText: '{"a":', eventLabel: 'x', target: 'remote', coldStart: false });
    assert.match(last(posted, 'invoke/failed').message, /not valid JSON: .* at line 1, column 6/);
    await session.handle({ type: 'setTarget', target: 'remote' });
    assert.equal(last(posted, 'state').state.history.length, 1);
    const untrusted = setup({ localDisabledReason: () => 'trust it first' });
    await untrusted.session.handle({ type: 'ready' });
    await untrusted.session.handle({ type: 'invoke', runId: 'r3', fnId: untrusted.refs[0].fn.id, eventText: '{}', eventLabel: 'x', target: 'local', coldStart: false });
    assert.equal(last(untrusted.posted, 'invoke/failed').message, 'trust it first');
    assert.equal(last(untrusted.posted, 'state').state.localDisabledReason, 'trust it first');
  });
  test('invoke: the tenant id goes to the runtime; streamed chunks are posted as they come, split characters kept whole', async () => {
    let tenant: string | undefined;
    const { session, posted, refs } = setup({
      local: async (req) => {
        tenant = req.tenantId;
        const euro = Buffer.from('€');
        req.onChunk?.(Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)]));
        req.onChunk?.(euro.subarray(1));
        return { target: 'local', functionName: 'x', requestId: 'r', result: 'price: €', logs: '', durationMs: 1, stream: { contentType: 'text/plain', chunks: 2, bytes: 10 } };
      },
    });
    await session.handle({ type: 'ready' });
    await session.handle({ type: 'invoke', runId: 'run1', fnId: refs[0].fn.id, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: false, tenantId: 'acme' });
    assert.equal(tenant, 'acme');
    assert.deepEqual(posted.filter((m) => m.type === 'invoke/chunk').map((m) => (m as { text: string }).text), ['price: ', '€']);
    assert.equal(last(posted, 'invoke/finished').run.result.result, 'price: €');
  });
  test('an Azure function the local runtime cannot run (C#) is not offered Local or Debug: it goes through the Functions host, else remote', async () => {
    const root = mkdtempSync(join(tmpdir(), 'swb-session-cs-'));
    const cs = 'using Microsoft.Azure.Functions.Worker;\nusing Microsoft.Azure.Functions.Worker.Http;\nnamespace Orders;\npublic class CreateOrder\n{\n    [Function("CreateOrder")]\n    public HttpResponseData Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequestData req) => req.CreateResponse();\n}\n';
    const node = "const { app } = require('@azure/functions');\napp.http('hello', { handler: async () => ({ body: 'hi' }) });\n";
    const settings = (worker: string): string => JSON.stringify({ Values: { FUNCTIONS_WORKER_RUNTIME: worker } });
    const dotnet = parseAzureFunctions({ hostFile: join(root, 'host.json'), hostText: '{"version": "2.0"}', functionJsons: [], localSettings: settings('dotnet-isolated'), codeFiles: [{ file: join(root, 'CreateOrder.cs'), text: cs }] });
    const js = parseAzureFunctions({ hostFile: join(root, 'js', 'host.json'), hostText: '{"version": "2.0"}', functionJsons: [], localSettings: settings('node'), codeFiles: [{ file: join(root, 'js', 'src', 'functions', 'hello.js'), text: node }] });
    const refs = [...dotnet.functions.map((fn) => ({ project: dotnet, fn })), ...js.functions.map((fn) => ({ project: js, fn }))];
    assert.deepEqual(refs.map((r) => [r.fn.name, azureLocalUnavailable(r.fn, r.project)]), [
      ['CreateOrder', "CreateOrder is a dotnet-isolated function: it runs in a Functions host (Core Tools' func start)"],
      ['hello', undefined],
    ]);
    const ran: string[] = [];
    let hostOffered = true;
    const { session, posted } = setup({
      functions: () => refs,
      functionById: (id) => refs.find((r) => r.fn.id === id),
      localUnavailable: (ref) => azureLocalUnavailable(ref.fn, ref.project),
      hostTarget: () => (hostOffered ? { label: 'func start' } : undefined),
      host: async (req) => (ran.push(`host ${req.fn.name}`), { target: 'local', functionName: req.fn.name, requestId: 'r', result: null, logs: '', durationMs: 1 }),
      local: async (req) => (ran.push(`local ${req.fn.name}`), { target: 'local', functionName: req.fn.name, requestId: 'r', result: null, logs: '', durationMs: 1 }),
    });
    await session.handle({ type: 'ready' });
    let state = last(posted, 'state').state;
    assert.deepEqual([state.fnId, state.target, state.localUnavailable], [refs[0].fn.id, 'host', "CreateOrder is a dotnet-isolated function: it runs in a Functions host (Core Tools' func start)"]);
    // The Node function next to it keeps Local.
    await session.handle({ type: 'selectFunction', fnId: refs[1].fn.id });
    state = last(posted, 'state').state;
    assert.deepEqual([state.target, state.localUnavailable], ['local', undefined]);
    // Without a host (the host target absent), a C# function goes remote.
    hostOffered = false;
    await session.handle({ type: 'selectFunction', fnId: refs[0].fn.id });
    assert.equal(last(posted, 'state').state.target, 'remote');
    // A local run asked for anyway (an old webview state) is refused with the reason, and nothing runs.
    await session.handle({ type: 'invoke', runId: 'x', fnId: refs[0].fn.id, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: false });
    assert.match(last(posted, 'invoke/failed').message, /CreateOrder is a dotnet-isolated function: it runs in a Functions host/);
    assert.deepEqual(ran, []);
  });
  test('saved events: save as, rename, duplicate, delete; listed first in the picker', async () => {
    const { session, posted, refs, root, prompts } = setup();
    await session.handle({ type: 'ready' });
    const fnId = refs[0].fn.id;
    await session.handle({ type: 'saveEvent', fnId, text: '{"saved": 1}' });
    assert.ok(existsSync(join(root, '.serverless-workbench', 'events', 'shop', 'create', 'my event.json')));
    assert.deepEqual(last(posted, 'state').state.events[0], { source: { kind: 'saved', name: 'my event' }, label: 'my event' });
    assert.equal(last(posted, 'notice').message, 'Saved "my event"');
    await session.handle({ type: 'renameEvent', fnId, name: 'my event' });
    assert.match(prompts.at(-1)!, /^Rename saved event "my event"/);
    await session.handle({ type: 'duplicateEvent', fnId, name: 'renamed' });
    assert.deepEqual(last(posted, 'state').state.events.filter((e) => e.source.kind === 'saved').map((e) => e.label), ['renamed', 'renamed copy']);
    await session.handle({ type: 'deleteEvent', fnId, name: 'renamed copy' });
    await session.handle({ type: 'loadEvent', fnId, source: { kind: 'saved', name: 'renamed' } });
    assert.equal(last(posted, 'event/loaded').text, '{"saved": 1}\n');
    await session.handle({ type: 'saveEvent', fnId, text: 'not json', name: 'bad' });
    assert.equal(last(posted, 'notice').level, 'error');
    assert.match(last(posted, 'notice').message, /not valid JSON/);
  });
});

describe('webview protocol validation', () => {
  test('accepts well-formed messages and rejects everything else', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'openPanel' }), { type: 'openPanel' });
    assert.deepEqual(parseWebviewMessage({ type: 'openPanel', source: { kind: 'saved', name: 'a' } }), { type: 'openPanel', source: { kind: 'saved', name: 'a' } });
    assert.deepEqual(parseWebviewMessage({ type: 'loadEvent', fnId: 'f', source: { kind: 'generated', id: 's3-put', triggerIndex: 1 }, extra: 1 }), { type: 'loadEvent', fnId: 'f', source: { kind: 'generated', id: 's3-put', triggerIndex: 1 } });
    const bad: unknown[] = [
      null, 'ready', [], { type: 'nope' }, { type: 'selectFunction' }, { type: 'selectFunction', fnId: 3 },
      { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'cloud', coldStart: false },
      { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'local', coldStart: 'yes' },
      { type: 'loadEvent', fnId: 'f', source: { kind: 'file', path: '/etc/passwd' } },
      { type: 'openSource', file: '/x', line: -1, column: 1 },
      { type: 'openPanel', source: { kind: 'saved' } },
      { type: 'draft', fnId: 'f', text: 'x'.repeat(9 * 1024 * 1024) },
      { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'local', coldStart: false, tenantId: 7 },
      { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'local', coldStart: false, tenantId: '  ' },
      { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'local', coldStart: false, tenantId: 't'.repeat(257) },
    ];
    assert.deepEqual(parseWebviewMessage({ type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'local', coldStart: false, tenantId: ' acme ' }), { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'x', target: 'local', coldStart: false, tenantId: 'acme' });
    for (const b of bad) assert.equal(parseWebviewMessage(b), undefined, JSON.stringify(b)?.slice(0, 80));
  });
  test('stack frames link to their source', () => {
    assert.deepEqual(frameLocation('    at main (/ws/src/handler.ts:5:11)'), { file: '/ws/src/handler.ts', line: 5, column: 11 });
    assert.deepEqual(frameLocation('    at /ws/a.js:1:2'), { file: '/ws/a.js', line: 1, column: 2 });
    assert.deepEqual(frameLocation('  File "/ws/app.py", line 8, in fails\n'), { file: '/ws/app.py', line: 8, column: 1 });
    assert.equal(frameLocation('    at node:internal/process/task_queues:95:5'), undefined);
    assert.equal(frameLocation('Error: boom'), undefined);
    assert.deepEqual(frameLocation('    at handler (file:///ws/my%20dir/a.mjs:3:9)'), { file: '/ws/my dir/a.mjs', line: 3, column: 9 });
  });
  test('line diff', () => {
    assert.deepEqual(lineDiff('a\nb\nc', 'a\nc\nd'), [
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
    assert.ok(lineDiff('x', 'x').every((l) => l.kind === 'same'));
  });
  test('line diff of two pretty-printed results: only the changed field, a changed line as removal then addition', () => {
    const before = JSON.stringify({ statusCode: 200, body: 'a', headers: { x: '1' } }, null, 2);
    const after = JSON.stringify({ statusCode: 500, body: 'a', headers: { x: '1' } }, null, 2);
    const changed = lineDiff(before, after).filter((l) => l.kind !== 'same');
    assert.deepEqual(changed, [
      { kind: 'removed', text: '  "statusCode": 200,' },
      { kind: 'added', text: '  "statusCode": 500,' },
    ]);
  });
  test('line diff of large results stays line by line; wholly different huge results are one removal and one addition', () => {
    const big = Array.from({ length: 6000 }, (_, i) => `line ${i}`);
    const edited = [...big.slice(0, 3000), 'inserted', ...big.slice(3000)];
    const d = lineDiff(big.join('\n'), edited.join('\n'));
    assert.equal(d.length, 6001);
    assert.deepEqual(d.filter((l) => l.kind !== 'same'), [{ kind: 'added', text: 'inserted' }]);
    assert.equal(d[3000].text, 'inserted');
    const other = Array.from({ length: 6000 }, (_, i) => `other ${i}`);
    const whole = lineDiff(big.join('\n'), other.join('\n'));
    assert.deepEqual(whole.map((l) => l.kind), [...big.map(() => 'removed'), ...other.map(() => 'added')]);
  });
});
