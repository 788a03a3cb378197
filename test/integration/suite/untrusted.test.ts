// Runs only in a window whose folder is not trusted (scripts/run-integration.mjs, untrusted phase), on the fixture
// workspace plus what an untrusted repository could plant: `.vscode/settings.json` naming an AWS profile, an
// endpoint, an Azure subscription and function app, a service `sentinel/` whose provider.profile names another, handlers whose module scope writes a
// `RAN-…` file beside them when anything loads them, and a `sentinel/node_modules/esbuild` that does the same.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import { untrustedRemoteMessage } from '../../../src/shared/remoteTrust';
import { connectionFor } from '../../../src/vscode/awsSettings';
import type { CommandName } from '../../../src/vscode/commandTable';
import { commandTable } from '../../../src/vscode/commandTable';
import { FakeCloudWatchLogs } from '../../support/cloudWatchLogsServer';
import { extensionApi, workspaceFile } from '../harness/extension';
import { posted as postedTo } from '../harness/posted';
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
      const conn = connectionFor(a, ref.project, service);
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
      const mark = postedTo(a).mark();
      const msg = parseWebviewMessage({ type: 'invoke', runId, fnId: ref.fn.id, eventText: '{}', eventLabel: 'e', target: 'local', coldStart: true, ...(debug ? { debug: true } : {}) });
      assert.ok(msg);
      await session.handle(msg);
      const posted = postedTo(a).since(mark).map((p) => p.msg);
      const failed = posted.find((m): m is Extract<HostToWebview, { type: 'invoke/failed' }> => m.type === 'invoke/failed' && m.runId === runId);
      assert.ok(failed, `${runId}: refused (${JSON.stringify(posted.map((m) => m.type))})`);
      assert.equal(failed.message, a.commands.featureUnavailable('localInvoke')?.message);
      assert.match(failed.message, /^Local invoke is unavailable: this workspace is not trusted/);
      assert.equal(posted.some((m) => m.type === 'invoke/finished'), false, runId);
    }
    assert.equal(await vscode.commands.executeCommand('serverlessWorkbench.debugFunction', ts.fn.id), undefined);
    assert.equal(await vscode.commands.executeCommand('serverlessWorkbench.analyzeColdStart', ts.fn.id), undefined);
    // (F5 needs no check of ours: VS Code itself asks for trust before it starts any debugging in Restricted Mode.)
    assert.deepEqual(started, [], 'no debug session started');
    assert.deepEqual(marks(), [], 'no handler module and no node_modules/esbuild of the workspace was loaded');
  });

  test('every command that would run the workspace’s code is refused by the command table, with its reason', async () => {
    const a = await extensionApi();
    const ts = a.model.allFunctions().find((r) => r.fn.name === 'trapTs')!;
    const gated = (Object.keys(commandTable) as CommandName[]).filter((n) => commandTable[n].requires.includes('trust'));
    assert.deepEqual(gated.sort(), ['analyzeColdStart', 'debugFunction', 'runFlow', 'sendMessages', 'startFunctionsHost']);
    for (const name of gated) {
      const refused = await a.commands.unavailable(name);
      assert.ok(refused, name);
      assert.match(refused.message, /is unavailable: this workspace is not trusted, and it .+ Trust the workspace \(Manage Workspace Trust\) to use it\.$/, name);
      assert.equal(await vscode.commands.executeCommand(`serverlessWorkbench.${name}`, ts.fn.id), undefined, name);
    }
    // Browsing and remote commands are not gated.
    for (const name of ['goToHandler', 'tailLogs', 'invokeFunction', 'chooseAwsProfile'] as const) assert.equal(await a.commands.unavailable(name), undefined, name);
    assert.deepEqual(marks(), [], 'nothing of the workspace ran');
  });

  test('one rule for every remote feature: AWS and Azure, invoke and logs run with the person’s own choices and say so', async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    const js = a.model.allFunctions().find((r) => r.fn.name === 'trapJs')!;
    const azure = a.model.allFunctions().find((r) => r.project.kind === 'azure-functions')!;
    assert.ok(azure, 'the fixture has an Azure function');
    // The workspace's subscription and function app (planted in .vscode/settings.json) do not count.
    assert.equal(a.config.get('azureSubscription'), undefined);
    assert.equal(a.config.get('azureFunctionApp', azure.project.root), undefined);
    const deps = a.invoke.sessionDeps(() => undefined, true);
    for (const ref of [js, azure]) {
      assert.equal(deps.remoteUnavailable?.(ref), undefined, `${ref.fn.name}: the remote target is offered`);
      assert.ok(deps.remoteNote?.(ref)?.startsWith(untrustedRemoteMessage), `${ref.fn.name}: ${deps.remoteNote?.(ref)}`);
    }
    assert.match(deps.remoteNote!(js)!, /Ignored: .*profile "evil-provider" from provider\.profile/);

    // AWS remote invoke and AWS logs really run, against the person's own endpoints (the environment), signed with
    // their own credentials; never to the endpoint or with the profile the workspace names.
    const seen: Array<{ url: string; auth: string }> = [];
    const lambda = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: String(req.headers.authorization ?? '') });
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST', 'x-amzn-requestid': 'req-untrusted-1' });
        res.end('{"statusCode":200}');
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
    const logs = new FakeCloudWatchLogs({ heartbeatMs: 200 });
    const env: Record<string, string> = {
      AWS_ACCESS_KEY_ID: 'AKIDUNTRUSTED',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: await logs.start(),
    };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      const session = await a.invoke.viewReady();
      const msg = parseWebviewMessage({ type: 'invoke', runId: 'untrusted-remote', fnId: js.fn.id, eventText: '{}', eventLabel: 'e', target: 'remote', coldStart: false });
      assert.ok(msg);
      await session.handle(msg);
      assert.equal(seen.length, 1, 'one Invoke reached the person’s own Lambda endpoint');
      assert.match(seen[0].url, /\/functions\/sentinel-dev-trapJs\/invocations/);
      assert.match(seen[0].auth, /Credential=AKIDUNTRUSTED\//);
      const run = a.invoke.history.forFunction(js.fn.id).at(-1);
      assert.deepEqual([run?.result.target, run?.result.functionName, run?.result.result], ['remote', 'sentinel-dev-trapJs', { statusCode: 200 }], JSON.stringify(run));

      logs.createGroup('/aws/lambda/sentinel-dev-trapJs');
      await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', js.fn.id);
      await waitFor(() => a.logs.controller.statusText.includes('Live Tail'), { message: `remote logs run in the untrusted workspace (status: ${a.logs.controller.statusText})`, timeout: 20_000 });
      assert.ok(a.logs.controller.statusDetail.includes(untrustedRemoteMessage), a.logs.controller.statusDetail);

      // Azure logs: the workspace's function app is not used; the person is told how to choose one, and the rule.
      await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', azure.fn.id);
      await waitFor(() => a.logs.controller.statusDetail.includes('choose its function app'), { message: `Azure logs ask for the person's own app (${a.logs.controller.statusDetail})`, timeout: 20_000 });
      assert.ok(a.logs.controller.statusDetail.includes(untrustedRemoteMessage), a.logs.controller.statusDetail);
    } finally {
      await vscode.commands.executeCommand('serverlessWorkbench.stopLogs');
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await logs.stop();
      await new Promise((resolve) => lambda.close(resolve));
    }
    assert.deepEqual(marks(), [], 'a remote call loads nothing of the workspace');
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
