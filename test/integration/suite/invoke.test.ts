import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import type { ExtensionApi } from '../../../src/vscode/extension';
import type { TreeNode } from '../../../src/vscode/functionsTree';
import { extensionApi, workspaceFile } from '../harness/extension';
import { posted } from '../harness/posted';
import { waitFor } from '../harness/waitFor';

function fnId(a: ExtensionApi, name: string): string {
  const ref = a.model.allFunctions().find((r) => r.fn.name === name);
  assert.ok(ref, `no function ${name}`);
  return ref.fn.id;
}

/** Messages posted to the view or the panel since `from`, of one type. */
function postedSince<T extends HostToWebview['type']>(a: ExtensionApi, from: number, to: 'view' | 'panel', type: T): Array<Extract<HostToWebview, { type: T }>> {
  return posted(a).since(from).filter((p) => p.to === to && p.msg.type === type).map((p) => p.msg as Extract<HostToWebview, { type: T }>);
}

/** Sends a message the way the webview does: through the same validation the host applies. */
async function fromWebview(session: { handle: (m: NonNullable<ReturnType<typeof parseWebviewMessage>>) => Promise<void> }, raw: unknown): Promise<void> {
  const msg = parseWebviewMessage(raw);
  assert.ok(msg, `invalid message ${JSON.stringify(raw)}`);
  await session.handle(msg);
}

suite('Invoke view', () => {
  test('the sidebar view loads, follows the tree selection and runs a function locally', async () => {
    const a = await extensionApi();
    const mark = posted(a).mark();
    await vscode.commands.executeCommand('serverlessWorkbench.invoke.focus');
    // The view's own script answers with `ready`; only then does the host post its state.
    await waitFor(() => a.invoke.viewSession && postedSince(a, mark, 'view', 'state').length > 0, { message: 'the Invoke view posted ready and got its state', timeout: 30_000 });
    const projects = await a.functionsTree.getChildren();
    const orders = projects.find((p) => p.kind === 'project' && p.project.service === 'orders')!;
    const fnNode = (await a.functionsTree.getChildren(orders)).find((n): n is Extract<TreeNode, { kind: 'function' }> => n.kind === 'function' && n.fn.name === 'createOrder')!;
    const selectMark = posted(a).mark();
    await a.invoke.tree.reveal(fnNode, { select: true, focus: true });
    const id = fnId(a, 'createOrder');
    await waitFor(() => a.invoke.viewSession?.selectedFunction === id, { message: 'the view follows the tree selection' });
    const loaded = await waitFor(() => postedSince(a, selectMark, 'view', 'event/loaded').find((m) => m.fnId === id), { message: 'an event for createOrder' });
    const event = JSON.parse(loaded.text) as { httpMethod: string; path: string };
    assert.deepEqual([event.httpMethod, event.path], ['POST', '/orders']);
    const state = postedSince(a, selectMark, 'view', 'state').at(-1)!.state;
    assert.equal(state.fnId, id);
    assert.ok(state.events.some((e) => e.source.kind === 'generated' && e.source.id === 'apigateway-rest'));

    const runMark = posted(a).mark();
    const body = JSON.stringify({ body: JSON.stringify({ total: 42 }) });
    await fromWebview(a.invoke.viewSession!, { type: 'invoke', runId: 'it-1', fnId: id, eventText: body, eventLabel: 'apigateway-rest', target: 'local', coldStart: true });
    const finished = await waitFor(() => postedSince(a, runMark, 'view', 'invoke/finished')[0], { message: 'the run finished', timeout: 30_000 });
    const r = finished.run.result;
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal((r.result as { statusCode: number }).statusCode, 201);
    // A cold start names the interpreter first (INIT_START), then the invocation's lines.
    assert.match(r.logs, /^INIT_START Runtime Version: nodejs20\.x\tInterpreter: Node\.js 20\.[\d.]+ \([^)]+\)\nSTART RequestId: /);
    assert.match(r.logs, /"message":"order created"/);
    assert.match(r.logs, /\nREPORT RequestId: .*Init Duration: [\d.]+ ms\tInterpreter: Node\.js 20\./);
    assert.equal(r.interpreter?.family, 'node');
    assert.ok(r.memoryEnforcement === 'sampler' || r.memoryEnforcement === 'cgroup', String(r.memoryEnforcement));
    assert.ok(r.durationMs! >= 0 && r.billedDurationMs! >= 1 && r.maxMemoryUsedMb! > 0 && r.initDurationMs! > 0);
    assert.ok(postedSince(a, runMark, 'view', 'invoke/log').length > 0, 'logs were streamed while running');

    // A second run reuses the warm runtime: no init.
    const warmMark = posted(a).mark();
    await fromWebview(a.invoke.viewSession!, { type: 'invoke', runId: 'it-2', fnId: id, eventText: body, eventLabel: 'apigateway-rest', target: 'local', coldStart: false });
    const warm = await waitFor(() => postedSince(a, warmMark, 'view', 'invoke/finished')[0], { timeout: 30_000 });
    assert.equal(warm.run.result.initDurationMs, undefined);
  });

  test('CodeLens "▶ Invoke" above functions and handler exports opens the view on that function', async () => {
    const a = await extensionApi();
    const config = vscode.Uri.file(workspaceFile('orders-service', 'serverless.yml'));
    // The editor answers for documents it has open ("Illegal argument" otherwise), whatever earlier suites opened.
    await vscode.workspace.openTextDocument(config);
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', config);
      const invoke = l.filter((x) => x.command?.command === 'serverlessWorkbench.invokeFunction');
      return invoke.length === 4 && invoke;
    }, { message: 'four Invoke lenses in serverless.yml' });
    assert.ok(lenses.every((l) => l.command!.title.startsWith('$(play) Invoke')));
    const handler = vscode.Uri.file(workspaceFile('orders-service', 'src', 'handlers', 'worker.js'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(handler));
    const lens = await waitFor(async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', handler)).find((x) => x.command?.command === 'serverlessWorkbench.invokeFunction'));
    assert.equal(lens.command!.title, '$(play) Invoke processQueue');
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    await waitFor(() => a.invoke.viewSession?.selectedFunction === fnId(a, 'processQueue'), { message: 'the lens shows processQueue' });
  });

  test('opens as an editor panel; saved events and unsaved edits survive closing and reopening', async () => {
    const a = await extensionApi();
    const id = fnId(a, 'processQueue');
    const mark = posted(a).mark();
    await vscode.commands.executeCommand('serverlessWorkbench.openInvokePanel', id);
    await waitFor(() => postedSince(a, mark, 'panel', 'state').some((m) => m.state.fnId === id && !m.state.inSidebar), { message: 'the panel loaded and shows processQueue', timeout: 30_000 });
    const session = a.invoke.panelSession!;
    const loaded = await waitFor(() => postedSince(a, mark, 'panel', 'event/loaded').find((m) => m.fnId === id));
    assert.equal((JSON.parse(loaded.text) as { Records: Array<{ eventSource: string }> }).Records[0].eventSource, 'aws:sqs');

    await fromWebview(session, { type: 'saveEvent', fnId: id, text: '{"Records": []}', name: 'empty batch' });
    const file = workspaceFile('.serverless-workbench', 'events', 'orders-service', 'processQueue', 'empty batch.json');
    await waitFor(() => existsSync(file), { message: 'the saved event file exists' });
    assert.equal(readFileSync(file, 'utf8'), '{"Records": []}\n');
    await fromWebview(session, { type: 'draft', fnId: id, text: '{"Records": [{"unsaved": true}]}' });

    a.invoke.panel!.dispose();
    await waitFor(() => a.invoke.panel === undefined);
    await a.model.rescan();
    const reopen = posted(a).mark();
    await vscode.commands.executeCommand('serverlessWorkbench.openInvokePanel', id);
    const state = await waitFor(() => postedSince(a, reopen, 'panel', 'state').find((m) => m.state.fnId === id), { message: 'the reopened panel has its state', timeout: 30_000 });
    assert.deepEqual(state.state.events[0], { source: { kind: 'saved', name: 'empty batch' }, label: 'empty batch' });
    const draft = await waitFor(() => postedSince(a, reopen, 'panel', 'event/loaded').find((m) => m.fnId === id));
    assert.deepEqual([draft.text, draft.draft], ['{"Records": [{"unsaved": true}]}', true]);
    a.invoke.panel!.dispose();
  });

  test('the AWS region setting shows in the view state and the status bar command is registered', async () => {
    const a = await extensionApi();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('serverlessWorkbench.chooseAwsProfile'));
    const mark = posted(a).mark();
    await vscode.workspace.getConfiguration().update('serverlessWorkbench.aws.region', 'ap-southeast-2', vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => postedSince(a, mark, 'view', 'state').some((m) => m.state.aws.region === 'ap-southeast-2'), { message: 'state shows the region' });
    } finally {
      await vscode.workspace.getConfiguration().update('serverlessWorkbench.aws.region', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
