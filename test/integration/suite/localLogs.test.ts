import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import { activatedExtension } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

suite('Local invocations in the Logs view', () => {
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('serverlessWorkbench').update('logs.mode', 'local', vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('serverlessWorkbench.stopLogs');
    await vscode.workspace.getConfiguration('serverlessWorkbench').update('logs.mode', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('tail a local function, invoke it through the Invoke feature, its lines appear with its request id', async () => {
    const a = (await activatedExtension()).exports as ExtensionApi;
    await a.model.ready();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'processQueue')!;
    await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', ref.fn.id);
    await waitFor(() => a.logs.view.isReady, { message: 'the Logs view is open', timeout: 20_000 });

    // The same dependency the Invoke view's "Run" uses for a local target.
    const deps = a.invoke.sessionDeps(() => undefined, true);
    const hostile = '<img src=x onerror=alert(1)>';
    const result = await deps.local({ fn: ref.fn, project: ref.project, event: { Records: [{ messageId: 'm1', body: hostile }] } });
    assert.deepEqual(result.result, { batchItemFailures: [{ itemIdentifier: 'm1' }] });
    const requestId = /START RequestId: (\S+)/.exec(result.logs)![1];

    const probe = await waitFor(async () => {
      const p = await a.logs.view.probe();
      return p.visibleText.some((l) => l.includes('REPORT RequestId')) ? p : undefined;
    }, { message: 'the invocation lines are in the Logs view', timeout: 15_000 });
    const text = probe.visibleText.join('\n');
    assert.match(text, new RegExp(`START RequestId: ${requestId}`));
    assert.match(text, new RegExp(`END RequestId: ${requestId}`));
    assert.equal(probe.foreignElements, 0);
  });
});
