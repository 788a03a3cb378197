import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/vscode/extension';
import type { TreeNode } from '../../../src/vscode/functionsTree';
import { extensionApi, workspaceFile } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

async function labelsOf(a: ExtensionApi, nodes: TreeNode[]): Promise<string[]> {
  return Promise.all(nodes.map(async (n) => String((await a.functionsTree.getTreeItem(n)).label)));
}

suite('Functions tree', () => {
  test('shows project → function → trigger for the three kinds of project', async () => {
    const a = await extensionApi();
    const projects = await a.functionsTree.getChildren();
    assert.deepEqual(await labelsOf(a, projects), ['azure-app', 'orders', 'sam-app']);
    const orders = projects[1];
    const ordersItem = await a.functionsTree.getTreeItem(orders);
    assert.match(String(ordersItem.description), /^Serverless Framework · orders-service[\\/]serverless\.yml$/);
    const functions = await a.functionsTree.getChildren(orders);
    assert.deepEqual(await labelsOf(a, functions), ['createOrder', 'processQueue', 'nightlyReport', 'legacy']);
    const create = await a.functionsTree.getTreeItem(functions[0]);
    assert.equal(create.description, 'nodejs20.x · 512 MB · 10 s');
    assert.equal((create.iconPath as vscode.ThemeIcon).id, 'symbol-function');
    const tooltip = (create.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /orders-dev-createOrder/);
    assert.match(tooltip, /src\/handlers\/create\\?\.handler/);
    const triggers = await a.functionsTree.getChildren(functions[0]);
    const triggerItems = await Promise.all(triggers.map((t) => a.functionsTree.getTreeItem(t)));
    assert.deepEqual(triggerItems.map((t) => [t.label, t.description, (t.iconPath as vscode.ThemeIcon).id]), [
      ['http', 'POST /orders', 'globe'],
      ['httpApi', 'GET /orders/{id}', 'globe'],
    ]);
    // Menus key on the context value: Logs for Lambda only, Debug for Node/Python handlers, Cold Start for Node.
    assert.equal(create.contextValue, 'function:handler:aws:node');
    assert.equal((await a.functionsTree.getTreeItem(functions[2])).contextValue, 'function:handler:aws:python');
    assert.equal((await a.functionsTree.getTreeItem((await a.functionsTree.getChildren(projects[0]))[0])).contextValue, 'function:handler:azure:node');
    assert.equal(ordersItem.contextValue, 'project:aws');
    const queue = await a.functionsTree.getTreeItem(functions[1]);
    assert.equal(queue.description, 'nodejs20.x · 1024 MB · 60 s');
    const sam = await a.functionsTree.getChildren(projects[2]);
    assert.deepEqual(await labelsOf(a, sam), ['ThumbnailFunction', 'ReportFunction', 'InlineFunction']);
    // Settings the template leaves unset show Lambda's defaults, marked as such.
    assert.equal((await a.functionsTree.getTreeItem(sam[2])).description, 'nodejs20.x · 128 MB (default) · 3 s (default)');
  });

  test('a trigger wired by a separate resource shows under its function and opens at that resource', async () => {
    const a = await extensionApi();
    const sam = (await a.functionsTree.getChildren())[2];
    const report = (await a.functionsTree.getChildren(sam)).find((n) => n.kind === 'function' && n.fn.name === 'ReportFunction')!;
    const triggers = await Promise.all((await a.functionsTree.getChildren(report)).map((t) => a.functionsTree.getTreeItem(t)));
    assert.deepEqual(triggers.map((t) => [t.label, t.description, (t.iconPath as vscode.ThemeIcon).id]), [
      ['schedule', 'cron(0 2 * * ? *)', 'clock'],
      ['sqs', '!GetAtt ReportQueue.Arn', 'inbox'],
    ]);
    assert.equal(triggers[1].tooltip, 'sqs trigger wired by ReportQueueMapping (AWS::Lambda::EventSourceMapping): !GetAtt ReportQueue.Arn');
    const command = triggers[1].command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === workspaceFile('sam-app', 'template.yaml') && vscode.window.activeTextEditor, { message: 'template.yaml is active' });
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^ {2}ReportQueueMapping:$/);
  });

  test('Go to Handler lands on the export line of the TypeScript handler', async () => {
    const a = await extensionApi();
    const fn = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!.fn;
    const opened = await vscode.commands.executeCommand<boolean>('serverlessWorkbench.goToHandler', fn.id);
    assert.equal(opened, true);
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === workspaceFile('orders-service', 'src', 'handlers', 'create.ts') && vscode.window.activeTextEditor, { message: 'create.ts is active' });
    assert.equal(editor.selection.active.line, 7);
    assert.match(editor.document.lineAt(7).text, /^export const handler/);
  });

  test('Go to Handler works for Python and for a SAM esbuild entry point', async () => {
    const a = await extensionApi();
    const report = a.model.allFunctions().find((r) => r.fn.name === 'nightlyReport')!.fn;
    await vscode.commands.executeCommand('serverlessWorkbench.goToHandler', report.id);
    const py = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('report.py') && vscode.window.activeTextEditor);
    assert.match(py.document.lineAt(py.selection.active.line).text, /^def run\(/);
    const thumb = a.model.allFunctions().find((r) => r.fn.name === 'ThumbnailFunction')!.fn;
    await vscode.commands.executeCommand('serverlessWorkbench.goToHandler', thumb.id);
    const ts = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith(join('thumbnail', 'app.ts')) && vscode.window.activeTextEditor);
    assert.match(ts.document.lineAt(ts.selection.active.line).text, /export async function handler/);
  });

  test('Go to Definition opens the config at the function key; Copy Deployed Name copies it', async () => {
    const a = await extensionApi();
    const fn = a.model.allFunctions().find((r) => r.fn.name === 'processQueue')!.fn;
    await vscode.commands.executeCommand('serverlessWorkbench.goToDefinition', fn.id);
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('serverless.yml') && vscode.window.activeTextEditor);
    assert.equal(editor.selection.start.line, 29);
    assert.equal(editor.document.getText(editor.selection), 'processQueue');
    const copied = await vscode.commands.executeCommand<string>('serverlessWorkbench.copyDeployedName', fn.id);
    assert.equal(copied, 'orders-dev-processQueue');
    assert.equal(await vscode.env.clipboard.readText(), 'orders-dev-processQueue');
  });

  test('CodeLens: "Go to handler" above functions in the config, "Go to config" above the export', async () => {
    const config = vscode.Uri.file(workspaceFile('orders-service', 'serverless.yml'));
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', config);
      return l.filter((x) => x.command?.command === 'serverlessWorkbench.goToHandler').length === 4 && l;
    }, { message: 'four Go to handler lenses' });
    const first = lenses.filter((x) => x.command?.command === 'serverlessWorkbench.goToHandler').sort((x, y) => x.range.start.line - y.range.start.line)[0];
    assert.equal(first.range.start.line, 21);
    const handler = vscode.Uri.file(workspaceFile('orders-service', 'src', 'handlers', 'create.ts'));
    const back = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', handler);
      return l.find((x) => x.command?.command === 'serverlessWorkbench.goToDefinition');
    });
    assert.equal(back.range.start.line, 7);
    assert.match(back.command!.title, /Go to config \(createOrder\)/);
  });

  test('editing the config updates the tree without saving; a syntax error never empties it; restoring the text restores it', async () => {
    const a = await extensionApi();
    const uri = vscode.Uri.file(workspaceFile('orders-service', 'serverless.yml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const original = doc.getText();
    const editor = await vscode.window.showTextDocument(doc);
    const fnLine = original.split('\n').findIndex((l) => l.startsWith('resources:'));
    await editor.edit((e) => e.insert(new vscode.Position(fnLine, 0), '  addedLater:\n    handler: src/handlers/worker.main\n\n'));
    const ordersNode = async (): Promise<TreeNode> => (await a.functionsTree.getChildren())[1];
    await waitFor(async () => (await labelsOf(a, await a.functionsTree.getChildren(await ordersNode()))).includes('addedLater'), { message: 'the tree shows addedLater' });
    await editor.edit((e) => e.insert(doc.lineAt(doc.lineCount - 1).range.end, '\nbroken: [\n'));
    await waitFor(() => a.model.project(uri.fsPath)?.findings.some((f) => f.rule === 'yaml-syntax'), { message: 'syntax finding' });
    assert.ok((await a.functionsTree.getChildren(await ordersNode())).length >= 4, 'functions are still listed');
    // Put the original text back (as an edit, so nothing depends on which editor has focus) and save.
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const restore = new vscode.WorkspaceEdit();
    restore.replace(uri, whole, original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    assert.ok(await doc.save());
    await waitFor(async () => !(await labelsOf(a, await a.functionsTree.getChildren(await ordersNode()))).includes('addedLater'), { message: 'restoring the text restores the tree' });
    assert.ok(!a.model.project(uri.fsPath)?.findings.some((f) => f.rule === 'yaml-syntax'));
  });
});
