import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import type { InvokeResult } from '../../../src/shared/invokeResult';
import type { ExtensionApi } from '../../../src/vscode/extension';
import { activatedExtension, extensionApi, workspaceFile } from '../harness/extension';
import { posted } from '../harness/posted';
import { waitFor } from '../harness/waitFor';

/** The v4 TypeScript function the debugger stops in; line 4 (0-based 3) reads the query. */
const greetTs = `import { app, HttpRequest, InvocationContext } from '@azure/functions';

export async function greet(request: HttpRequest, context: InvocationContext) {
  const name = request.query.get('name') ?? 'world';
  context.log(\`greeting \${name}\`);
  return { jsonBody: { greeting: \`Hello, \${name}!\` } };
}

app.http('greet', { methods: ['GET'], authLevel: 'anonymous', handler: greet });
`;

function postedSince<T extends HostToWebview['type']>(a: ExtensionApi, from: number, type: T): Array<Extract<HostToWebview, { type: T }>> {
  return posted(a).since(from).filter((p) => p.to === 'view' && p.msg.type === type).map((p) => p.msg as Extract<HostToWebview, { type: T }>);
}

let runCount = 0;

function fnId(a: ExtensionApi, name: string): string {
  const ref = a.model.allFunctions().find((r) => r.fn.name === name);
  assert.ok(ref, `no function ${name}`);
  return ref.fn.id;
}

/** Shows the function in the Invoke view and runs it locally with the event the view loaded for it. */
async function runFromView(a: ExtensionApi, name: string, target: 'local' | 'host' = 'local'): Promise<{ result: InvokeResult; cost?: string; state: Extract<HostToWebview, { type: 'state' }>['state'] }> {
  const id = fnId(a, name);
  // Pointing the view away first makes it load the function's event again, also when it shows it already.
  await a.invoke.viewSession?.show(undefined);
  const mark = posted(a).mark();
  await vscode.commands.executeCommand('serverlessWorkbench.invokeFunction', id);
  const loaded = await waitFor(() => postedSince(a, mark, 'event/loaded').find((m) => m.fnId === id), { message: `the view loaded an event for ${name}`, timeout: 30_000 });
  const state = postedSince(a, mark, 'state').filter((m) => m.state.fnId === id).at(-1)!.state;
  const runMark = posted(a).mark();
  const msg = parseWebviewMessage({ type: 'invoke', runId: `azure-${name}-${target}-${runCount++}`, fnId: id, eventText: loaded.text, eventLabel: loaded.label, target, coldStart: true });
  assert.ok(msg);
  await a.invoke.viewSession!.handle(msg);
  const failed = () => postedSince(a, runMark, 'invoke/failed')[0];
  const finished = await waitFor(() => {
    if (failed()) throw new Error(`the run failed: ${failed().message}`);
    return postedSince(a, runMark, 'invoke/finished')[0];
  }, { message: `${name} finished`, timeout: 30_000 });
  return { result: finished.run.result, cost: finished.run.cost?.basis, state };
}

suite('Azure Functions: invoke, logs and debug', () => {
  let exampleApp: string;
  let v4App: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    const ext = await activatedExtension();
    const a = await extensionApi();
    // examples/functions-app as it is in the repository, and a v4 TypeScript app with the real @azure/functions
    // installed; each made next to the workspace and moved in whole, the way a folder arrives from outside.
    const staging = mkdtempSync(join(dirname(workspaceFile()), 'azure-staging-'));
    exampleApp = workspaceFile('functions-app');
    cpSync(join(ext.extensionPath, 'examples', 'functions-app'), join(staging, 'functions-app'), { recursive: true });
    v4App = workspaceFile('greetings-v4');
    const v4 = join(staging, 'greetings-v4');
    mkdirSync(join(v4, 'src', 'functions'), { recursive: true });
    mkdirSync(join(v4, 'node_modules', '@azure'), { recursive: true });
    symlinkSync(join(ext.extensionPath, 'node_modules', '@azure', 'functions'), join(v4, 'node_modules', '@azure', 'functions'), 'dir');
    writeFileSync(join(v4, 'package.json'), JSON.stringify({ name: 'greetings-v4', main: 'dist/src/functions/*.js', dependencies: { '@azure/functions': '^4.0.0' } }, null, 2));
    writeFileSync(join(v4, 'local.settings.json'), JSON.stringify({ IsEncrypted: false, Values: { FUNCTIONS_WORKER_RUNTIME: 'node', AzureWebJobsStorage: 'UseDevelopmentStorage=true' } }, null, 2));
    writeFileSync(join(v4, 'src', 'functions', 'greet.ts'), greetTs);
    writeFileSync(join(v4, 'host.json'), '{ "version": "2.0" }\n');
    renameSync(join(staging, 'functions-app'), exampleApp);
    renameSync(v4, v4App);
    rmSync(staging, { recursive: true, force: true });
    await waitFor(() => ['HttpGreeting', 'CleanupTimer', 'QueueProcessor', 'greet'].every((n) => a.model.allFunctions().some((r) => r.fn.name === n)), { message: 'the model found both Azure apps moved into the workspace', timeout: 30_000 });
  });

  suiteTeardown(async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    await vscode.commands.executeCommand('serverlessWorkbench.stopLogs');
    await vscode.workspace.getConfiguration('serverlessWorkbench').update('logs.mode', undefined, vscode.ConfigurationTarget.Workspace);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.workspace.getConfiguration().update('serverlessWorkbench.azure.funcPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    await vscode.commands.executeCommand('workbench.view.explorer');
    await a.invoke.viewSession?.show(undefined);
    rmSync(exampleApp, { recursive: true, force: true });
    rmSync(v4App, { recursive: true, force: true });
    // Later suites see the workspace as it was.
    await waitFor(() => !a.model.allFunctions().some((r) => r.fn.name === 'greet' || r.fn.name === 'HttpGreeting'), { message: 'the Azure apps of this suite are gone', timeout: 30_000 });
  });

  test('the examples/functions-app HTTP, timer and queue functions run from the Invoke view', async function () {
    this.timeout(120_000);
    const a = await extensionApi();
    const http = await runFromView(a, 'HttpGreeting');
    assert.equal(http.state.cloud, 'azure');
    assert.equal(http.state.remoteUnavailable, undefined, 'Remote (Azure) is offered');
    assert.equal(http.result.error, undefined, JSON.stringify(http.result.error));
    assert.deepEqual(http.result.result, { status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body: { greeting: 'Hello, sample-name!' } });
    assert.match(http.result.logs, /\[Information\] Executing 'Functions.HttpGreeting' \(Reason='This function was programmatically called via the host APIs.', Id=/);
    assert.match(http.cost ?? '', /^Consumption · 128 MB · \d+ ms billed; Flex Consumption \(2048 MB instance\): /);

    const timer = await runFromView(a, 'CleanupTimer');
    assert.equal(timer.result.error, undefined, JSON.stringify(timer.result.error));
    assert.match(timer.result.logs, /\[Information\] Cleanup finished\.\n/);

    const queue = await runFromView(a, 'QueueProcessor');
    assert.equal(queue.result.error, undefined, JSON.stringify(queue.result.error));
    assert.match(queue.result.logs, /\[Information\] Processing job 1001 \(dequeue count 1\)\.\n/);
    assert.equal(queue.result.cloud, 'azure');
  });

  test('an Azure function\'s lines reach the Logs view with its invocation id', async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    await vscode.workspace.getConfiguration('serverlessWorkbench').update('logs.mode', 'local', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', fnId(a, 'QueueProcessor'));
    await waitFor(() => a.logs.view.isReady, { message: 'the Logs view is open', timeout: 20_000 });
    const { result } = await runFromView(a, 'QueueProcessor');
    const probe = await waitFor(async () => {
      const p = await a.logs.view.probe();
      return p.visibleText.some((l) => l.includes("Executed 'Functions.QueueProcessor'")) ? p : undefined;
    }, { message: 'the invocation lines are in the Logs view', timeout: 15_000 });
    const line = probe.visibleText.find((l) => l.includes('Processing job 1001'));
    assert.ok(line, probe.visibleText.join('\n'));
    // The view shows the invocation id's first characters beside each line of the invocation.
    assert.ok(line.includes(result.requestId.slice(0, 8)), `${line} carries ${result.requestId}`);
  });

  test('a breakpoint in a v4 TypeScript function binds and stops on its line; the HTTP response arrives after continue', async function () {
    this.timeout(120_000);
    const a = await extensionApi();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'greet')!;
    const file = ref.fn.handlerInfo.file!;
    assert.match(file, /greet\.ts$/);
    const line = 3;
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, 0)))]);
    const stops: Array<{ session: vscode.DebugSession; threadId: number; reason: string }> = [];
    const live = new Map<string, vscode.DebugSession>();
    const lifetimes = [vscode.debug.onDidStartDebugSession((s) => live.set(s.id, s)), vscode.debug.onDidTerminateDebugSession((s) => live.delete(s.id))];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number; reason?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped' && m.body?.threadId !== undefined) stops.push({ session, threadId: m.body.threadId, reason: m.body.reason ?? '' });
        },
      }),
    });
    try {
      const pending = vscode.commands.executeCommand<InvokeResult | undefined>('serverlessWorkbench.debugFunction', { fnId: ref.fn.id, payload: { method: 'GET', url: 'http://localhost:7071/api/greet?name=Ada' }, coldStart: true });
      let early: string | undefined;
      void Promise.resolve(pending).then((r) => (early = `the run ended without stopping: ${JSON.stringify(r?.error ?? r?.result ?? r)} ${r?.logs.slice(-600) ?? ''}`));
      const stop = await waitFor(() => {
        if (early) throw new Error(early);
        return stops.find((s) => s.reason !== 'entry');
      }, { timeout: 60_000, message: 'the debugger stops at the breakpoint' });
      const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: Array<{ line: number; source?: { path?: string } }> };
      const top = trace.stackFrames[0];
      const stoppedIn = top.source?.path ?? '';
      const stoppedPath = /^[a-z][\w+.-]*:\/\//i.test(stoppedIn) ? vscode.Uri.parse(stoppedIn).path : stoppedIn;
      assert.equal(top.line, line + 1, `stopped at line ${top.line} of ${stoppedPath}`);
      assert.equal(stoppedPath.replace(/\\/g, '/'), file.replace(/\\/g, '/'), 'the TypeScript source, through the source map');
      await waitFor(() => vscode.debug.activeStackItem instanceof vscode.DebugStackFrame && vscode.debug.activeStackItem.session.id === stop.session.id, { message: 'VS Code shows the paused frame' });
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      const result = await pending;
      assert.ok(result, 'the command returns the result');
      assert.equal(result.error, undefined, JSON.stringify(result.error));
      assert.deepEqual((result.result as { status: number; body: unknown }).body, { greeting: 'Hello, Ada!' });
      assert.match(result.logs, /\[Information\] greeting Ada\n/);
      // The session ends with the run; the next suite starts without one.
      await waitFor(() => live.size === 0, { message: `the debug sessions ended with the run: ${[...live.values()].map((d) => `${d.type}: ${d.name}`).join(', ')}`, timeout: 20_000 });
    } finally {
      tracker.dispose();
      for (const d of lifetimes) d.dispose();
    }
  });
  test('func start runs as a task (the Core Tools stand-in); the Invoke view\'s Functions host target goes through it; its lines reach the Logs view', async function () {
    this.timeout(120_000);
    const a = await extensionApi();
    const ext = await activatedExtension();
    const app = a.model.allFunctions().find((r) => r.fn.name === 'HttpGreeting')!.project;
    // Core Tools cannot be installed on these machines: a stand-in that speaks the host's HTTP and admin API.
    await vscode.workspace.getConfiguration().update('serverlessWorkbench.azure.funcPath', join(ext.extensionPath, 'test', 'support', 'fake-func', 'func'), vscode.ConfigurationTarget.Global);
    const hostUrl = await vscode.commands.executeCommand<string | undefined>('serverlessWorkbench.startFunctionsHost', app.file);
    assert.match(hostUrl ?? '', /^http:\/\/localhost:\d+$/);
    const execution = vscode.tasks.taskExecutions.find((e) => e.task.definition.type === 'serverless-func');
    assert.ok(execution, 'the host runs as a task');
    assert.equal(execution.task.definition.app, 'functions-app');
    assert.deepEqual(execution.task.problemMatchers, ['$serverless-func']);

    await vscode.workspace.getConfiguration('serverlessWorkbench').update('logs.mode', 'local', vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', fnId(a, 'HttpGreeting'));
    await waitFor(() => a.logs.view.isReady, { message: 'the Logs view is open', timeout: 20_000 });
    const http = await runFromView(a, 'HttpGreeting', 'host');
    assert.equal(http.state.host?.label, `Through func start at ${hostUrl} (running)`);
    assert.equal(http.result.error, undefined, JSON.stringify(http.result.error));
    const res = http.result.result as { status: number; body: { path: string; invocationId: string } };
    assert.deepEqual([res.status, res.body.path], [200, '/api/greeting/sample-name']);
    assert.equal(http.result.requestId, res.body.invocationId, 'the invocation id from the host\'s Executing line');
    assert.match(http.result.logs, /Executed 'Functions.HttpGreeting' \(Succeeded, /);
    const probe = await waitFor(async () => {
      const p = await a.logs.view.probe();
      return p.visibleText.some((l) => l.includes('HttpGreeting handled GET')) ? p : undefined;
    }, { message: 'the host\'s lines are in the Logs view', timeout: 15_000 });
    assert.ok(probe.visibleText.find((l) => l.includes('HttpGreeting handled GET'))!.includes(http.result.requestId.slice(0, 8)));

    const queue = await runFromView(a, 'QueueProcessor', 'host');
    assert.equal(queue.result.error, undefined, JSON.stringify(queue.result.error));
    assert.match(queue.result.logs, /QueueProcessor received input: \{"id":"1001","status":"created"\}/);

    await vscode.commands.executeCommand('serverlessWorkbench.stopFunctionsHost', app.file);
    await waitFor(() => !vscode.tasks.taskExecutions.some((e) => e.task.definition.type === 'serverless-func'), { message: 'the task ends with the host', timeout: 20_000 });
    assert.equal(a.functionsHosts.running(app), undefined);
  });
  test('function.json is checked as you type; a v4 source added from outside reaches the tree', async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    const uri = vscode.Uri.file(join(exampleApp, 'HttpGreeting', 'function.json'));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('"function"');
    const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"function"'.length));
    const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'serverless');
    await editor.edit((e) => e.replace(range, '"functon"'));
    const bad = await waitFor(() => ours().find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'azure-auth-level'), { message: 'the unsaved typo is flagged', timeout: 15_000 });
    assert.match(bad.message, /authLevel "functon" is not valid/);
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + '"functon"'.length)), '"function"'));
    await waitFor(() => ours().length === 0, { message: 'the unsaved fix clears it', timeout: 15_000 });
    assert.equal(doc.isDirty, true, 'nothing was saved');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    // A v4 source written by another tool into an app that is in the workspace (azure-app has src/functions).
    // (Files added inside a folder that was moved into the workspace whole get no file event from VS Code's
    // watcher in code-server 4.100 on Linux, so greetings-v4 is not used here; see docs/azure.md.)
    const added = workspaceFile('azure-app', 'src', 'functions', 'added.js');
    writeFileSync(added, "const { app } = require('@azure/functions');\napp.timer('addedTimer', { schedule: '0 0 * * * *', handler: async () => {} });\n");
    const appRoot = dirname(dirname(dirname(added)));
    const node = await waitFor(async () => {
      const apps = await a.functionsTree.getChildren();
      const app = apps.find((p) => p.kind === 'project' && p.project.root === appRoot);
      return app && (await a.functionsTree.getChildren(app)).find((n) => n.kind === 'function' && n.fn.name === 'addedTimer');
    }, { message: 'the new v4 function is in the tree', timeout: 20_000 });
    assert.equal((await a.functionsTree.getTreeItem(node)).contextValue, 'function:handler:azure:node');
    rmSync(added);
    await waitFor(() => !a.model.allFunctions().some((r) => r.fn.name === 'addedTimer'), { message: 'the removed file leaves the model', timeout: 20_000 });
  });
});
