import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvokeSessionDeps } from '../../../src/invoke/invokeSession';
import { InvokeSession, RunHistory } from '../../../src/invoke/invokeSession';
import { LocalRuntime } from '../../../src/invoke/localRuntime';
import { WorkspaceIndex } from '../../../src/model/workspace';
import { nodeFileSystem } from '../../../src/node/nodeFileSystem';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { buildRuntime } from '../helpers/runtimeHarness';

let runtime: LocalRuntime;
before(() => {
  runtime = new LocalRuntime({ runtimeDir: buildRuntime(), hostEnv: { PATH: process.env.PATH } });
});
after(() => runtime.dispose());

/** The Invoke view's host logic on a copy of examples/todo-api, with the real local runtime. */
async function exampleSession(): Promise<{ session: InvokeSession; posted: HostToWebview[]; fnId: (name: string) => string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'swb-example-')), 'todo-api');
  cpSync(join(__dirname, '..', '..', '..', 'examples', 'todo-api'), dir, { recursive: true });
  const [project] = await new WorkspaceIndex(nodeFileSystem(), { env: {} }).scan([dir]);
  const refs = project.functions.map((fn) => ({ project, fn }));
  const posted: HostToWebview[] = [];
  const deps: InvokeSessionDeps = {
    functions: () => refs,
    functionById: (id) => refs.find((r) => r.fn.id === id),
    summary: (r) => ({ id: r.fn.id, name: r.fn.name, project: 'todo-api', description: '' }),
    local: (req) => runtime.invoke({ ...req, region: 'eu-west-1' }),
    remote: () => Promise.reject(new Error('no remote here')),
    handlerSource: async (ref) => (ref.fn.handlerInfo.file ? { file: ref.fn.handlerInfo.file, text: readFileSync(ref.fn.handlerInfo.file, 'utf8') } : undefined),
    savedEvents: () => undefined,
    drafts: { get: () => undefined, set: () => undefined },
    history: new RunHistory(),
    aws: () => ({ profile: 'default', region: 'eu-west-1' }),
    localDisabledReason: () => undefined,
    prompt: { name: async () => undefined, confirm: async () => false },
    openSource: () => undefined,
    chooseAws: () => undefined,
    openPanel: () => undefined,
    post: (m) => posted.push(m),
    inSidebar: true,
  };
  return { session: new InvokeSession(deps), posted, fnId: (name) => refs.find((r) => r.fn.name === name)!.fn.id };
}

test('the example createTodo: its generated event has the body its NewTodo type describes, and the run answers 201', async () => {
  const { session, posted, fnId } = await exampleSession();
  await session.handle({ type: 'ready' });
  await session.handle({ type: 'selectFunction', fnId: fnId('createTodo') });
  const loaded = posted.filter((m): m is Extract<HostToWebview, { type: 'event/loaded' }> => m.type === 'event/loaded').at(-1)!;
  assert.equal(loaded.fnId, fnId('createTodo'));
  assert.deepEqual(JSON.parse((JSON.parse(loaded.text) as { body: string }).body), { title: 'Sample title', due: '2026-01-15' });
  assert.equal(loaded.note, 'The body follows the type NewTodo in createTodo.ts.');
  await session.handle({ type: 'invoke', runId: 'r1', fnId: fnId('createTodo'), eventText: loaded.text, eventLabel: loaded.label, target: 'local', coldStart: true });
  const finished = posted.find((m): m is Extract<HostToWebview, { type: 'invoke/finished' }> => m.type === 'invoke/finished');
  assert.ok(finished, JSON.stringify(posted.filter((m) => m.type === 'invoke/failed')));
  assert.equal(finished.run.result.error, undefined, JSON.stringify(finished.run.result.error));
  assert.equal((finished.run.result.result as { statusCode: number }).statusCode, 201);
});
