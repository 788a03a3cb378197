import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeCloudWatchLogs } from '../../support/cloudWatchLogsServer';
import { extensionApi } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

const rid = '6bd1c3a4-58d3-4b1e-9f0a-2a1c0e4d9b77';
const hostile = '<img src=x onerror="document.title=\'pwned\'">';

suite('Logs view', () => {
  let server: FakeCloudWatchLogs;
  const savedEnv: Record<string, string | undefined> = {};
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };

  suiteSetup(async () => {
    // CloudWatch for this suite is a loopback server speaking the real protocols; the extension
    // finds it through the standard per-service endpoint variable.
    server = new FakeCloudWatchLogs({ heartbeatMs: 200 });
    const endpoint = await server.start();
    for (const [k, v] of Object.entries({ ...env, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint })) {
      savedEnv[k] = process.env[k];
      process.env[k] = v;
    }
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('serverlessWorkbench.stopLogs');
    await server.stop();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  test('tails a function: local invocation lines and CloudWatch lines appear, markup shows as text', async () => {
    const a = await extensionApi();
    const create = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!.fn;
    server.createGroup('/aws/lambda/orders-dev-createOrder');
    await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', create.id);
    await waitFor(() => a.logs.view.isReady, { message: 'the Logs view is open and its script runs', timeout: 20_000 });
    assert.equal(a.logs.controller.running, true);
    await waitFor(() => a.logs.controller.statusText.includes('Live Tail'), { message: `Live Tail is running (status: ${a.logs.controller.statusText})`, timeout: 15_000 });

    // What the local runtime publishes for one invocation (the invoke feature uses the same bus).
    const now = Date.now();
    const publish = (message: string, requestId?: string): void => a.localLogBus.publish({ timestamp: Date.now(), message, function: create.id, requestId });
    publish(`START RequestId: ${rid} Version: $LATEST`, rid);
    publish(JSON.stringify({ level: 'INFO', message: 'order stored', service: 'orders', function_request_id: rid }), rid);
    publish(hostile, rid);
    publish(`REPORT RequestId: ${rid}\tDuration: 3.10 ms`, rid);
    server.put('/aws/lambda/orders-dev-createOrder', `${now}\tremote line from CloudWatch\n`, { timestamp: now });

    const shown = await waitFor(
      async () => {
        const probe = await a.logs.view.probe();
        const text = probe.visibleText.join('\n');
        return text.includes('remote line from CloudWatch') && text.includes(hostile) ? probe : undefined;
      },
      { message: 'the lines are in the Logs view', timeout: 15_000 },
    );
    const text = shown.visibleText.join('\n');
    assert.equal(shown.foreignElements, 0, 'no element came from a log line');
    assert.ok(shown.visibleText.some((l) => l.includes('createOrder') && l.includes(hostile)), 'the markup line is shown as its text');
    assert.match(text, /"message": "order stored"/, 'JSON lines are pretty-printed');
    assert.match(text, /START RequestId/);
    assert.equal(shown.total, 5);
  });

  test('a "Logs" CodeLens above each function of a config; the tree action tails a whole project', async () => {
    const a = await extensionApi();
    const config = vscode.Uri.file(a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!.project.file);
    const lenses = await waitFor(async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', config);
      const logs = l.filter((x) => x.command?.command === 'serverlessWorkbench.tailLogs');
      return logs.length === 4 ? logs : undefined;
    }, { message: 'four Logs lenses in serverless.yml' });
    const create = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!.fn;
    assert.ok(lenses.some((l) => l.range.start.line === create.keyRange.start.line && l.command!.arguments![0] === create.id));
    const projects = await a.functionsTree.getChildren();
    const orders = projects.find((n) => n.kind === 'project' && n.project.service === 'orders')!;
    await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', orders);
    await waitFor(() => a.logs.controller.statusText.includes('orders (4 functions)'), { message: `the status names the project (${a.logs.controller.statusText})` });
    assert.match(a.logs.controller.statusText, /ev\/s/);
  });

  test('without AWS credentials the tail says "not connected" (never polling), and local lines still show', async () => {
    const a = await extensionApi();
    // A function no other test tails: every CloudWatch request that names it would come from this tail.
    const thumbnail = a.model.allFunctions().find((r) => r.fn.name === 'ThumbnailFunction')!.fn;
    // What a new user has: no keys in the environment, a profile that is nowhere, no instance metadata.
    const saved = { ...process.env };
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_PROFILE = 'nobody';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', thumbnail.id);
      await waitFor(() => a.logs.controller.statusText.includes('not connected'), { message: `the status says not connected (status: ${a.logs.controller.statusText})`, timeout: 15_000 });
      assert.doesNotMatch(a.logs.controller.statusText, /polling|Live Tail|CredentialsProviderError/);
      a.localLogBus.publish({ timestamp: Date.now(), message: 'local line without AWS', function: thumbnail.id });
      await waitFor(async () => (await a.logs.view.probe()).visibleText.some((l) => l.includes('local line without AWS')), { message: 'the local line shows' });
      assert.deepEqual(server.requests.filter((r) => JSON.stringify(r.body).includes('thumbnail')), [], 'nothing was sent to CloudWatch');
    } finally {
      await vscode.commands.executeCommand('serverlessWorkbench.stopLogs');
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'AWS_EC2_METADATA_DISABLED']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  test('Stop ends the tail; a new tail starts clean; closing the view stops it', async () => {
    const a = await extensionApi();
    await vscode.commands.executeCommand('serverlessWorkbench.stopLogs');
    assert.equal(a.logs.controller.running, false);
    const report = a.model.allFunctions().find((r) => r.fn.name === 'nightlyReport')!.fn;
    await vscode.commands.executeCommand('serverlessWorkbench.tailLogs', report.id);
    assert.equal(a.logs.controller.running, true);
    a.localLogBus.publish({ timestamp: Date.now(), message: 'report line', function: report.name });
    const probe = await waitFor(async () => {
      const p = await a.logs.view.probe();
      return p.visibleText.some((l) => l.includes('report line')) ? p : undefined;
    }, { message: 'the new tail shows its line' });
    assert.equal(probe.total, 1, 'the previous tail was cleared');
    await vscode.commands.executeCommand('serverlessWorkbench.logs.removeView');
    await waitFor(() => !a.logs.controller.running, { message: 'the tail stops when the view is closed' });
  });
});
