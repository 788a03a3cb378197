// Debug from the Invoke view: the view's Debug button sends `invoke` with `debug: true`; this suite sends that
// message through the host's validation, as the webview does. (It runs after the Invoke view suite, which
// expects to open the view itself.)
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/shared/invokeProtocol';
import { parseWebviewMessage } from '../../../src/shared/invokeProtocol';
import { extensionApi } from '../harness/extension';
import { posted } from '../harness/posted';
import { waitFor } from '../harness/waitFor';

/** Whether something still listens on the port (the debug worker's inspector). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

suite('Debug from the Invoke view', () => {
  const live = new Map<string, vscode.DebugSession>();
  const listeners: vscode.Disposable[] = [];
  suiteSetup(() => {
    listeners.push(
      vscode.debug.onDidStartDebugSession((s) => live.set(s.id, s)),
      vscode.debug.onDidTerminateDebugSession((s) => live.delete(s.id)),
    );
  });
  suiteTeardown(async () => {
    listeners.forEach((d) => d.dispose());
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (live.size) await vscode.debug.stopDebugging();
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  test('Debug (Cold start unticked, as the view starts) stops at a breakpoint in the TypeScript handler; the run shows in the view as a fresh debug run, not priced; its session and process end with it', async function () {
    this.timeout(90_000);
    const a = await extensionApi();
    await vscode.commands.executeCommand('serverlessWorkbench.invoke.focus');
    const session = await waitFor(() => a.invoke.viewSession, { message: 'the Invoke view is open' });
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!;
    const file = ref.fn.handlerInfo.file!;
    // Line 13: `const created: Order = { id: `o-${Date.now()}`, total: order.total };`
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(12, 0)))]);
    const stops: Array<{ session: vscode.DebugSession; threadId: number }> = [];
    const ports = new Set<number>();
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', {
      createDebugAdapterTracker: (s) => {
        if (typeof s.configuration.port === 'number') ports.add(s.configuration.port);
        return {
          onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number } }) => {
            if (m.type === 'event' && m.event === 'stopped' && m.body?.threadId !== undefined) stops.push({ session: s, threadId: m.body.threadId });
          },
        };
      },
    });
    try {
      const mark = posted(a).mark();
      const msg = parseWebviewMessage({ type: 'invoke', runId: 'view-debug-1', fnId: ref.fn.id, eventText: JSON.stringify({ body: JSON.stringify({ total: 3 }) }), eventLabel: 'apigateway-rest', target: 'local', coldStart: false, debug: true });
      assert.ok(msg);
      const handled = session.handle(msg);
      const stop = await waitFor(() => stops[0], { timeout: 60_000, message: 'the debugger stops at the breakpoint' });
      const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: Array<{ line: number }> };
      assert.equal(trace.stackFrames[0].line, 13);
      assert.equal(ports.size, 1, `one debug worker attached: ${[...ports].join(', ')}`);
      const [port] = ports;
      assert.equal(await listening(port), true, 'the debug worker listens while paused');
      await stop.session.customRequest('continue', { threadId: stop.threadId });
      await handled;
      const finished = posted(a).since(mark).map((p) => p.msg).find((m): m is Extract<HostToWebview, { type: 'invoke/finished' }> => m.type === 'invoke/finished' && m.run.runId === 'view-debug-1');
      assert.ok(finished, 'the view got the run');
      assert.equal(finished.run.debug, true);
      assert.equal(finished.run.result.coldStart, true, 'a debug run always starts a fresh process');
      assert.equal((finished.run.result.result as { statusCode: number }).statusCode, 201);
      assert.equal(finished.run.cost, undefined, 'a debug run is not priced: its duration holds the pause at the breakpoint');
      await waitFor(() => live.size === 0, { timeout: 20_000, message: `the debug session ends with the run (still running: ${[...live.values()].map((s) => s.name).join(', ')})` });
      await waitFor(async () => !(await listening(port)), { timeout: 20_000, message: `the debug worker (inspector on port ${port}) ends with the run` });
    } finally {
      tracker.dispose();
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    }
  });

  test('Invoke of the same function without the debugger is priced', async function () {
    this.timeout(60_000);
    const a = await extensionApi();
    const session = await waitFor(() => a.invoke.viewSession, { message: 'the Invoke view is open' });
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!;
    const mark = posted(a).mark();
    const msg = parseWebviewMessage({ type: 'invoke', runId: 'view-run-after-debug', fnId: ref.fn.id, eventText: JSON.stringify({ body: JSON.stringify({ total: 3 }) }), eventLabel: 'apigateway-rest', target: 'local', coldStart: true });
    assert.ok(msg);
    await session.handle(msg);
    const finished = posted(a).since(mark).map((p) => p.msg).find((m): m is Extract<HostToWebview, { type: 'invoke/finished' }> => m.type === 'invoke/finished' && m.run.runId === 'view-run-after-debug');
    assert.ok(finished, 'the view got the run');
    assert.equal(finished.run.debug, undefined);
    assert.ok(finished.run.cost?.estimate, 'a local run carries a cost estimate');
    assert.match(finished.run.cost.perMillion, /^\$\d/);
    assert.match(finished.run.cost.basis, /x86_64 · 512 MB · \d+ ms billed \(incl\. init\) · \S+ prices of \d{4}-\d\d-\d\d/);
  });
});
