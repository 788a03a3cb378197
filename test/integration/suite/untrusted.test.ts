// Runs only in a window whose folder is not trusted (scripts/run-integration.mjs, untrusted phase), on the fixture
// workspace plus what an untrusted repository could plant: `.vscode/settings.json` naming an AWS profile and an
// endpoint, a service `sentinel/` whose provider.profile names another, handlers whose module scope writes a
// `RAN-…` file beside them when anything loads them, and a `sentinel/node_modules/esbuild` that does the same.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import { connectionFor } from '../../../src/vscode/awsSettings';
import { extensionApi, workspaceFile } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

const sentinel = workspaceFile('sentinel');
const marks = (): string[] => readdirSync(sentinel).filter((f) => f.startsWith('RAN-'));

suite('Untrusted workspace', () => {
  const started: string[] = [];
  const listeners: vscode.Disposable[] = [];
  suiteSetup(() => {
    listeners.push(vscode.debug.onDidStartDebugSession((s) => started.push(s.name)));
  });
  suiteTeardown(() => listeners.forEach((d) => d.dispose()));

  test('the folder is not trusted; the functions are modelled and browsable', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const a = await extensionApi();
    await a.model.ready();
    const names = a.model.allFunctions().map((r) => r.fn.name);
    for (const n of ['trapJs', 'trapTs', 'createOrder']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  });

  test('AWS calls do not use the profile or endpoint the workspace names (settings, provider.profile)', async () => {
    const a = await extensionApi();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'trapJs')!;
    const config = vscode.workspace.getConfiguration();
    // Declared restricted: VS Code gives the user's value, not the workspace's.
    assert.notEqual(config.get('serverlessWorkbench.aws.endpointUrl'), 'http://127.0.0.1:9/evil');
    assert.notEqual(config.get('serverlessWorkbench.aws.profile'), 'evil-settings');
    for (const service of ['lambda', 'logs', 'cloudformation'] as const) {
      const conn = connectionFor(ref.project, service);
      assert.notEqual(conn.endpointUrl, 'http://127.0.0.1:9/evil', service);
      assert.ok(conn.profile !== 'evil-settings' && conn.profile !== 'evil-provider', `${service}: profile ${conn.profile}`);
      assert.deepEqual(conn.ignoredProfile, { profile: 'evil-provider', origin: 'project' });
    }
  });

  test('local invoke, debug and cold-start bundling refuse; nothing of the workspace runs', async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    const js = a.model.allFunctions().find((r) => r.fn.name === 'trapJs')!;
    const ts = a.model.allFunctions().find((r) => r.fn.name === 'trapTs')!;
    await vscode.commands.executeCommand('serverlessWorkbench.invoke.focus');
    const session = await waitFor(() => a.invoke.viewSession, { message: 'the Invoke view is open' });
    for (const [ref, debug] of [[js, false], [ts, false], [js, true], [ts, true]] as const) {
      const runId = `untrusted-${ref.fn.name}-${debug}`;
      const mark = a.invoke.posted.mark();
      const msg = parseWebviewMessage({ type: 'invoke', runId, fnId: ref.fn.id, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: true, ...(debug ? { debug: true } : {}) });
      assert.ok(msg);
      await session.handle(msg);
      const posted = a.invoke.posted.since(mark).map((p) => p.msg);
      const failed = posted.find((m): m is Extract<HostToWebview, { type: 'invoke/failed' }> => m.type === 'invoke/failed' && m.runId === runId);
      assert.ok(failed, `${runId}: refused (${JSON.stringify(posted.map((m) => m.type))})`);
      assert.match(failed.message, /disabled until you trust this workspace/);
      assert.equal(posted.some((m) => m.type === 'invoke/finished'), false, runId);
    }
    assert.equal(await vscode.commands.executeCommand('serverlessWorkbench.debugFunction', ts.fn.id), undefined);
    assert.equal(await vscode.commands.executeCommand('serverlessWorkbench.analyzeColdStart', ts.fn.id), undefined);
    // (F5 needs no check of ours: VS Code itself asks for trust before it starts any debugging in Restricted Mode.)
    assert.deepEqual(started, [], 'no debug session started');
    assert.deepEqual(marks(), [], 'no handler module and no node_modules/esbuild of the workspace was loaded');
  });

  test('Go to Handler finds the export by reading the file, without running it', async () => {
    const a = await extensionApi();
    const ts = a.model.allFunctions().find((r) => r.fn.name === 'trapTs')!;
    assert.equal(await vscode.commands.executeCommand('serverlessWorkbench.goToHandler', ts.fn.id), true);
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === join(sentinel, 'trapTs.ts') && vscode.window.activeTextEditor, { message: 'the handler opens' });
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^export const handler/);
    assert.equal(existsSync(join(sentinel, 'RAN-trapTs.ts')), false);
    assert.deepEqual(marks(), []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
