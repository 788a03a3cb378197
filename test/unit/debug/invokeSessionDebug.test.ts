import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { InvokeSessionDeps } from '../../../src/invoke/invokeSession';
import { InvokeSession, RunHistory } from '../../../src/invoke/invokeSession';
import type { LocalInvokeRequest } from '../../../src/invoke/localRuntime';
import { SavedEventStore } from '../../../src/invoke/savedEvents';
import { parseServerlessFramework } from '../../../src/model/serverlessFramework';
import type { HostToWebview, RunRecord } from '../../../src/shared/invokeProtocol';
import { parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import type { InvokeResult } from '../../../src/shared/invokeResult';

function setup(extra: Partial<InvokeSessionDeps>): { session: InvokeSession; posted: HostToWebview[]; fnId: string; calls: string[]; history: RunHistory } {
  const root = mkdtempSync(join(tmpdir(), 'swb-dbg-session-'));
  const project = parseServerlessFramework(join(root, 'serverless.yml'), 'service: shop\nprovider:\n  name: aws\nfunctions:\n  create:\n    handler: h.main\n');
  const refs = project.functions.map((fn) => ({ project, fn }));
  const posted: HostToWebview[] = [];
  const calls: string[] = [];
  const history = new RunHistory();
  const result = (req: LocalInvokeRequest, how: string): InvokeResult => {
    calls.push(`${how}:${req.coldStart}`);
    return { target: 'local', functionName: 'shop-dev-create', requestId: how, result: { how }, logs: '', durationMs: 10, memorySizeMb: 1024, coldStart: true, initDurationMs: 5 };
  };
  const deps: InvokeSessionDeps = {
    functions: () => refs,
    functionById: (id) => refs.find((r) => r.fn.id === id),
    summary: (r) => ({ id: r.fn.id, name: r.fn.name, project: 'shop', description: '' }),
    local: async (req) => result(req, 'local'),
    remote: async () => {
      throw new Error('not used');
    },
    savedEvents: () => new SavedEventStore(root),
    drafts: { get: () => undefined, set: () => undefined },
    history,
    aws: () => ({ profile: 'default', region: 'us-east-1' }),
    localDisabledReason: () => undefined,
    prompt: { name: async () => undefined, confirm: async () => false },
    openSource: () => undefined,
    chooseAws: () => undefined,
    openPanel: () => undefined,
    post: (m) => posted.push(m),
    inSidebar: true,
    ...extra,
  };
  return { session: new InvokeSession(deps), posted, fnId: refs[0].fn.id, calls, history };
}

const finished = (posted: HostToWebview[]): RunRecord[] => posted.flatMap((m) => (m.type === 'invoke/finished' ? [m.run] : []));

test('the Debug button runs through debugLocal; Invoke through local; a normal run carries its cost, a debug run none (its time holds the pauses)', async () => {
  const { session, posted, fnId, calls } = setup({
    debugLocal: async (req) => ({ target: 'local', functionName: 'f', requestId: 'debug', result: { how: 'debug' }, logs: '', durationMs: 10, memorySizeMb: 1024, coldStart: req.coldStart }),
    cost: (_ref, r) => ({ perInvocation: '$1', perMillion: '$2', basis: `from ${r.requestId}`, estimate: true }),
  });
  await session.handle({ type: 'ready' });
  await session.handle({ type: 'invoke', runId: 'a', fnId, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: false, debug: true });
  await session.handle({ type: 'invoke', runId: 'b', fnId, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: true });
  const runs = finished(posted);
  assert.deepEqual(runs.map((r) => [r.runId, r.debug ?? false, r.result.requestId, r.cost?.basis]), [
    ['a', true, 'debug', undefined],
    ['b', false, 'local', 'from local'],
  ]);
  assert.deepEqual(calls, ['local:true']);
});

test('without a debugLocal dependency a debug request runs as a normal invocation', async () => {
  const { session, posted, fnId, calls } = setup({});
  await session.handle({ type: 'ready' });
  await session.handle({ type: 'invoke', runId: 'a', fnId, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: true, debug: true });
  assert.deepEqual(calls, ['local:true']);
  assert.equal(finished(posted)[0].debug, undefined);
  assert.equal(finished(posted)[0].cost, undefined);
});

test('a run started elsewhere (Debug command, launch.json) is added once and shown', async () => {
  const { session, posted, fnId, history } = setup({});
  const run: RunRecord = { runId: 'ext', fnId, startedAt: 1, eventLabel: 'sample event', debug: true, result: { target: 'local', functionName: 'f', requestId: 'x', logs: '' } };
  session.addRun(run);
  assert.equal(finished(posted).length, 0, 'nothing is posted before the view is ready');
  await session.handle({ type: 'ready' });
  session.addRun(run);
  assert.equal(history.forFunction(fnId).length, 1);
  assert.deepEqual(finished(posted).map((r) => r.runId), ['ext']);
});

test('the protocol accepts an optional boolean debug flag and nothing else there', () => {
  const base = { type: 'invoke', runId: 'r', fnId: 'f', eventText: '{}', eventLabel: 'e', target: 'local', coldStart: true };
  assert.deepEqual(parseWebviewMessage({ ...base, debug: true }), { ...base, debug: true });
  assert.deepEqual(parseWebviewMessage({ ...base, debug: false }), base);
  assert.equal(parseWebviewMessage({ ...base, debug: 'yes' }), undefined);
});
