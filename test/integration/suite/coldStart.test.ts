import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ColdStartReport } from '../../../src/shared/coldStartReport';
import type { TreeNode } from '../../../src/vscode/functionsTree';
import { extensionApi } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

function coldStartTab(title: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === title && t.input instanceof vscode.TabInputWebview);
}

suite('Cold-start analysis', () => {
  // The panel opens beside the editor; later suites expect one editor group.
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllGroups'));

  test('analyzing a function from its tree node opens the Cold Start panel and adds a summary to its tooltip', async () => {
    const a = await extensionApi();
    const orders = (await a.functionsTree.getChildren()).find((p) => p.kind === 'project' && p.project.service === 'orders')!;
    const node = (await a.functionsTree.getChildren(orders)).find((n): n is Extract<TreeNode, { kind: 'function' }> => n.kind === 'function' && n.fn.name === 'createOrder')!;
    const before = (a.functionsTree.getTreeItem(node).tooltip as vscode.MarkdownString).value;
    assert.doesNotMatch(before, /Cold start/);

    const report = await vscode.commands.executeCommand<ColdStartReport | undefined>('serverlessWorkbench.analyzeColdStart', node);
    assert.ok(report, 'the command returns the report');
    assert.equal(report.functionName, 'createOrder');
    assert.equal(report.target, 'node20');
    assert.ok(report.bundleBytes > 100 && report.bundleBytes < 2048, `bundle ${report.bundleBytes}`);
    assert.deepEqual(report.advice, []);
    await waitFor(() => coldStartTab('Cold Start: createOrder'), { message: 'the Cold Start panel is open' });

    const tooltip = await waitFor(() => {
      const md = (a.functionsTree.getTreeItem(node).tooltip as vscode.MarkdownString).value;
      return /Cold start \(analysed/.test(md) && md;
    }, { message: 'the tooltip shows the cold-start summary' });
    assert.match(tooltip, /\d+ B bundle · 1 module · no warnings/);
  });

  test('a Python function gets a one-line reason, and the panel shows it instead of a report', async () => {
    const a = await extensionApi();
    const fn = a.model.allFunctions().find((r) => r.fn.name === 'nightlyReport')!.fn;
    const report = await vscode.commands.executeCommand<ColdStartReport | undefined>('serverlessWorkbench.analyzeColdStart', fn.id);
    assert.equal(report, undefined);
    await waitFor(() => coldStartTab('Cold Start: nightlyReport'), { message: 'the panel follows the function' });
    const item = a.functionsTree.getTreeItem({ kind: 'function', project: a.model.functionById(fn.id)!.project, fn });
    assert.doesNotMatch((item.tooltip as vscode.MarkdownString).value, /Cold start/);
  });
});
