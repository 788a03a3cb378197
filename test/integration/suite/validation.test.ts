import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import { activatedExtension, workspaceFile } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

function serverlessDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'serverless');
}

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

suite('Validation', () => {
  test('a broken schedule shows a diagnostic, its quick fix removes it; hover explains the trigger', async () => {
    const a = (await activatedExtension()).exports as ExtensionApi;
    await a.model.ready();
    const uri = vscode.Uri.file(workspaceFile('orders-service', 'serverless.yml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);

    // The fixture's `legacy` function names an export its file lacks: a warning with the rule's doc link.
    const exportWarning = await waitFor(() => serverlessDiagnostics(uri).find((d) => ruleOf(d) === 'handler-export-not-found'), { message: 'handler-export-not-found diagnostic' });
    assert.equal(exportWarning.severity, vscode.DiagnosticSeverity.Warning);
    const code = exportWarning.code as { value: string; target: vscode.Uri };
    assert.match(code.target.path, /\/docs\/rules\/handler-export-not-found\.md$/);

    // Break the schedule in the editor (unsaved): the model reads the editor's text.
    const line = doc.getText().split('\n').findIndex((l) => l.includes('rate(1 day)'));
    assert.ok(line > 0);
    const col = doc.lineAt(line).text.indexOf('rate(1 day)');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(line, col, line, col + 'rate(1 day)'.length), 'rate(1 days)');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const schedule = await waitFor(() => serverlessDiagnostics(uri).find((d) => ruleOf(d) === 'schedule-expression'), { message: 'schedule-expression diagnostic' });
    assert.equal(schedule.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(schedule.range.start.line, line);
    assert.match(schedule.message, /singular unit/);

    // The quick fix from the finding's FixData.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, schedule.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((x) => x.title === 'Change to rate(1 day)');
    assert.ok(fix?.edit, `quick fix offered; got ${actions.map((x) => x.title).join(', ')}`);
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(line).text.trim(), '- schedule: rate(1 day)');
    await waitFor(() => !serverlessDiagnostics(uri).some((d) => ruleOf(d) === 'schedule-expression'), { message: 'schedule-expression diagnostic gone after the fix' });
    assert.ok(serverlessDiagnostics(uri).some((d) => ruleOf(d) === 'handler-export-not-found'), 'other diagnostics stay');

    // Hover on the trigger key.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('schedule') + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Runs the function on a schedule/);

    // Closing the document clears its diagnostics.
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => serverlessDiagnostics(uri).length === 0, { message: 'diagnostics cleared on close', timeout: 15_000 });

    // Reopening shows them again.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor(() => serverlessDiagnostics(uri).some((d) => ruleOf(d) === 'handler-export-not-found'), { message: 'diagnostics back after reopening' });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a new config on disk gets diagnostics; deleting it clears them', async () => {
    const a = (await activatedExtension()).exports as ExtensionApi;
    await a.model.ready();
    // In an existing folder: a file created together with its folder may reach the watcher as the folder only.
    const uri = vscode.Uri.file(workspaceFile('serverless.yml'));
    const text = 'service: scratch\nprovider:\n  name: aws\n  runtime: nodejs22\nfunctions:\n  job:\n    handler: job.main\n    timeout: 1200\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    // File events reach the extension host through code-server's watcher: slow when the machine is busy.
    await waitFor(() => a.model.project(uri.fsPath), { message: 'the model picks up the new config', timeout: 30_000 });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const rules = await waitFor(
      () => {
        const r = serverlessDiagnostics(uri).map(ruleOf).sort();
        return r.includes('handler-not-found') && r.includes('runtime-unknown') && r.includes('timeout-range') ? r : undefined;
      },
      { message: 'diagnostics for the new config' },
    );
    // The workspace root holds source files (in the other projects), so the missing handler is reported.
    assert.deepEqual(rules, ['handler-not-found', 'runtime-unknown', 'timeout-range']);
    await vscode.workspace.fs.delete(uri);
    await waitFor(() => serverlessDiagnostics(uri).length === 0, { message: 'diagnostics cleared after delete', timeout: 30_000 });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
