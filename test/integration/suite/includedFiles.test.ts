import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, workspaceFile } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

suite('Serverless Framework includes', () => {
  test('functions: ${file(functions.yml)}: Go to Definition and diagnostics land in the included file; editing it re-models', async () => {
    const a = await extensionApi();
    const config = vscode.Uri.file(workspaceFile('included-service', 'serverless.yml'));
    const included = vscode.Uri.file(workspaceFile('included-service', 'functions.yml'));
    await vscode.workspace.fs.writeFile(config, encode('service: included\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions: ${file(functions.yml)}\n'));
    await vscode.workspace.fs.writeFile(included, encode('worker:\n  handler: worker.main\n  timeout: 5000\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.file(workspaceFile('included-service', 'worker.js')), encode('exports.main = async () => ({});\nexports.report = async () => ({});\n'));
    try {
      // A rescan finds the new folder (file events of a folder created with its files may arrive as the folder only).
      await vscode.commands.executeCommand('serverlessWorkbench.refresh');
      const worker = await waitFor(() => a.model.project(config.fsPath)?.functions.find((f) => f.name === 'worker'), { message: 'the function listed from functions.yml' });
      assert.equal(worker.file, included.fsPath);

      await vscode.commands.executeCommand('serverlessWorkbench.goToDefinition', worker.id);
      const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === included.fsPath && vscode.window.activeTextEditor, { message: 'functions.yml opened' });
      assert.equal(editor.selection.start.line, 0);
      assert.equal(editor.document.getText(editor.selection), 'worker');

      const timeout = await waitFor(
        () => vscode.languages.getDiagnostics(included).find((d) => d.source === 'serverless' && typeof d.code === 'object' && d.code.value === 'timeout-range'),
        { message: 'timeout-range diagnostic in functions.yml' },
      );
      assert.equal(timeout.range.start.line, 2);

      // An unsaved edit of the included file re-models the project that includes it.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(included, new vscode.Position(3, 0), 'reporter:\n  handler: worker.report\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitFor(() => a.model.project(config.fsPath)?.functions.map((f) => f.name).join(',') === 'worker,reporter', { message: 'reporter listed after the edit' });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.file(workspaceFile('included-service')), { recursive: true });
      await vscode.commands.executeCommand('serverlessWorkbench.refresh');
    }
    await waitFor(() => !a.model.project(config.fsPath), { message: 'the removed service leaves the model' });
  });
});
