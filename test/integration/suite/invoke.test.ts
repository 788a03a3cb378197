import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  test("the AWS status bar and view state: the profile's own region from ~/.aws/config (followed when the file changes), the settings before it; remote invoke goes there", async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('serverlessWorkbench.chooseAwsProfile'));
    const status = a.invoke.awsStatus!;
    // A SAM function without samconfig.toml: nothing in the project chooses its region.
    const id = fnId(a, 'ThumbnailFunction');
    await vscode.commands.executeCommand('serverlessWorkbench.invokeFunction', id);
    await waitFor(() => a.invoke.viewSession?.selectedFunction === id, { message: 'the view shows ThumbnailFunction' });

    const dir = mkdtempSync(join(tmpdir(), 'swb-aws-status-'));
    const configFile = join(dir, 'config');
    writeFileSync(configFile, '[default]\nregion = eu-north-1\n\n[profile dev]\nregion = ap-south-1\n');
    const lambda = createServer((req, res) => {
      seen.push(String(req.headers.authorization ?? ''));
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': 'req-profile-region' });
        res.end('{"ok":true}');
      });
    });
    const seen: string[] = [];
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    const env: Record<string, string | undefined> = {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_PROFILE: undefined,
      AWS_ACCESS_KEY_ID: 'AKIDPROFILEREGION',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`,
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    const setEnv = (values: Record<string, string | undefined>): void => {
      for (const [k, v] of Object.entries(values)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    };
    const config = vscode.workspace.getConfiguration();
    try {
      setEnv(env);
      const mark = posted(a).mark();
      // The environment now names other files: the next look (here the status bar's) reads them, off the keystroke path.
      status.refresh();
      await waitFor(() => status.text === '$(cloud) default · eu-north-1', { message: `status bar shows the default profile's region (${status.text})` });
      assert.ok(status.tooltip.includes('Region: `eu-north-1` (from profile default in '), status.tooltip);
      await waitFor(() => postedSince(a, mark, 'view', 'state').some((m) => m.state.aws.region === 'eu-north-1'), { message: 'the view state shows the profile region' });

      // Remote invoke from the view goes to that region (the SigV4 scope names it).
      const session = await a.invoke.viewReady();
      const msg = parseWebviewMessage({ type: 'invoke', runId: 'profile-region-remote', fnId: id, eventText: '{}', eventLabel: 'e', target: 'remote', coldStart: false });
      assert.ok(msg);
      await session.handle(msg);
      assert.equal(seen.length, 1, 'one Invoke reached the loopback Lambda');
      assert.match(seen[0], /Credential=AKIDPROFILEREGION\/\d+\/eu-north-1\/lambda\//);

      // `aws configure` (or an edit) changes the file: the watcher reads it again.
      writeFileSync(configFile, '[default]\nregion = eu-west-3\n\n[profile dev]\nregion = ap-south-1\n');
      await waitFor(() => status.text === '$(cloud) default · eu-west-3', { message: `status bar follows the edited file (${status.text})`, timeout: 20_000 });

      // A chosen profile brings its own region; the region setting still wins over it.
      await config.update('serverlessWorkbench.aws.profile', 'dev', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => status.text === '$(cloud) dev · ap-south-1', { message: `status bar shows the dev profile's region (${status.text})` });
      assert.ok(status.tooltip.includes('Region: `ap-south-1` (from profile dev in '), status.tooltip);
      const settingMark = posted(a).mark();
      await config.update('serverlessWorkbench.aws.region', 'ap-southeast-2', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => postedSince(a, settingMark, 'view', 'state').some((m) => m.state.aws.region === 'ap-southeast-2'), { message: 'state shows the region setting' });
      await waitFor(() => status.text === '$(cloud) dev · ap-southeast-2', { message: `status bar shows the region setting (${status.text})` });
      assert.ok(status.tooltip.includes('Region: `ap-southeast-2` (from setting)'), status.tooltip);
    } finally {
      await config.update('serverlessWorkbench.aws.region', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('serverlessWorkbench.aws.profile', undefined, vscode.ConfigurationTarget.Workspace);
      setEnv(saved);
      await a.awsProfiles.refresh();
      await new Promise<void>((resolve) => lambda.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
