import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { InvokeResult } from '../../../src/shared/invokeResult';
import { extensionApi } from '../harness/extension';
import { waitFor } from '../harness/waitFor';

interface Stop {
  session: vscode.DebugSession;
  threadId: number;
  reason: string;
}

/** Sees every `stopped` event any debug adapter sends (the JavaScript debugger's child session included). */
function watchStops(): { stops: Stop[]; dispose(): void } {
  const stops: Stop[] = [];
  const reg = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number; reason?: string } }) => {
        if (m.type === 'event' && m.event === 'stopped' && m.body?.threadId !== undefined) stops.push({ session, threadId: m.body.threadId, reason: m.body.reason ?? '' });
      },
    }),
  });
  return { stops, dispose: () => reg.dispose() };
}

/** Debug sessions started and not yet terminated (activeDebugSession only says which one has focus). */
const live = new Map<string, vscode.DebugSession>();
const describeLive = (): string => JSON.stringify([...live.values()].map((s) => `${s.type}: ${s.name}`));

suite('Debug a function locally', () => {
  const listeners: vscode.Disposable[] = [];
  suiteSetup(() => {
    listeners.push(
      vscode.debug.onDidStartDebugSession((s) => live.set(s.id, s)),
      vscode.debug.onDidTerminateDebugSession((s) => live.delete(s.id)),
    );
  });
  suiteTeardown(() => listeners.forEach((d) => d.dispose()));

  teardown(async () => {
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    if (live.size) await vscode.debug.stopDebugging();
    await waitFor(() => live.size === 0, { timeout: 20_000, message: `no debug session is left running: ${describeLive()}` });
  });

  // The debugger opens the handler where it stops, and Debug shows the function in the Invoke view; later
  // suites expect the editors they open themselves and a view that has not been pointed at a function yet.
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllGroups');
    // Debugging switched the side bar to Run and Debug; put back the Explorer the window started with.
    await vscode.commands.executeCommand('workbench.view.explorer');
    await (await extensionApi()).invoke.viewSession?.show(undefined);
  });

  test('a breakpoint in the TypeScript handler binds and stops on its line; continue, and the result arrives in the Invoke view', async function () {
    // Known issue: under heavy load the debug worker (Node 20 with the inspector attached) now and then dies
    // with SIGTRAP during init, a V8 crash we have not pinned down; one retry keeps CI meaningful, and a
    // second failure still fails the test.
    this.retries(1);
    this.timeout(120_000);
    const a = await extensionApi();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!;
    const file = ref.fn.handlerInfo.file!;
    assert.match(file, /create\.ts$/);
    // Line 9: `const order = JSON.parse(event.body ?? '{}') as Partial<Order>;`
    const line = 8;
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, 0)))]);
    const runs = Number(process.env.SWB_DEBUG_BENCH_RUNS ?? 1);
    const timings: number[] = [];
    for (let i = 0; i < runs; i++) {
      const watcher = watchStops();
      try {
        const started = performance.now();
        const pending = vscode.commands.executeCommand<InvokeResult | undefined>('serverlessWorkbench.debugFunction', { fnId: ref.fn.id, payload: { body: JSON.stringify({ total: 42 }) }, coldStart: true });
        let early: string | undefined;
        void Promise.resolve(pending).then((r) => (early = `run ${i + 1}: the run ended without stopping: ${JSON.stringify(r?.error ?? r?.result ?? r)} ${r?.logs.slice(-600) ?? ''}`));
        const stop = await waitFor(() => {
          if (early) throw new Error(early);
          return watcher.stops.find((s) => s.reason !== 'entry');
        }, { timeout: 60_000, message: 'the debugger stops at the breakpoint' });
        timings.push(performance.now() - started);
        if (process.env.SWB_DEBUG_BENCH_OUT) writeFileSync(process.env.SWB_DEBUG_BENCH_OUT, JSON.stringify({ debugToBreakpointMs: timings }));
        const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: Array<{ line: number; source?: { path?: string } }> };
        const top = trace.stackFrames[0];
        assert.equal(top.line, line + 1, `stopped at line ${top.line} of ${top.source?.path}`);
        // In a remote host (code-server) the adapter names sources by their vscode-remote:// URI.
        const stoppedIn = top.source?.path ?? '';
        const stoppedPath = /^[a-z][\w+.-]*:\/\//i.test(stoppedIn) ? vscode.Uri.parse(stoppedIn).path : stoppedIn;
        assert.equal(stoppedPath.replace(/\\/g, '/'), file.replace(/\\/g, '/'), 'the TypeScript source, through the source map');
        assert.equal(stop.reason, 'breakpoint');
        // VS Code focuses the paused thread, then its top frame.
        const active = await waitFor(() => vscode.debug.activeStackItem instanceof vscode.DebugStackFrame && vscode.debug.activeStackItem, { message: 'VS Code shows the paused frame' });
        assert.equal(active.session.id, stop.session.id);
        await stop.session.customRequest('continue', { threadId: stop.threadId });
        const result = await pending;
        assert.ok(result, 'the command returns the result');
        assert.equal(result.error, undefined, JSON.stringify(result.error));
        assert.equal((result.result as { statusCode: number }).statusCode, 201);
        assert.equal(result.coldStart, true);
        assert.ok(typeof result.initDurationMs === 'number', 'init is reported apart from the handler');
        const run = await waitFor(() => a.invoke.history.forFunction(ref.fn.id).find((r) => r.debug && r.result.requestId === result.requestId), { message: 'the run is in the Invoke view history' });
        assert.ok(run.cost?.estimate, 'a local run carries a cost estimate');
        assert.match(run.cost.perMillion, /^\$\d/);
        assert.match(run.cost.basis, /x86_64 · 512 MB · \d+ ms billed \(incl\. init\) · eu-west-1 prices of \d{4}-\d\d-\d\d/);
      } finally {
        watcher.dispose();
      }
      await waitFor(() => live.size === 0, { timeout: 20_000, message: `the debug session ends with the run: ${describeLive()}` });
    }
  });

  test('a launch configuration of type serverless-workbench (F5) runs the function under the debugger', async function () {
    // Known issue: under heavy load the debug worker (Node 20 with the inspector attached) now and then dies
    // with SIGTRAP during init, a V8 crash we have not pinned down; one retry keeps CI meaningful, and a
    // second failure still fails the test.
    this.retries(1);
    this.timeout(60_000);
    const a = await extensionApi();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!;
    const before = a.invoke.history.forFunction(ref.fn.id).length;
    const folder = vscode.workspace.workspaceFolders![0];
    const eventFile = join(folder.uri.fsPath, 'debug-event.json');
    writeFileSync(eventFile, JSON.stringify({ body: JSON.stringify({ total: 7 }) }));
    const ok = await vscode.debug.startDebugging(folder, { type: 'serverless-workbench', request: 'launch', name: 'Debug createOrder', function: 'createOrder', eventFile: 'debug-event.json' });
    assert.equal(ok, true);
    const run = await waitFor(() => a.invoke.history.forFunction(ref.fn.id).slice(before).find((r) => r.debug), { timeout: 30_000, message: 'the launch ran and its result reached the Invoke view' });
    assert.equal(run.eventLabel, 'debug-event.json');
    assert.equal(run.result.error, undefined, `${JSON.stringify(run.result.error)}\n${run.result.logs.slice(-800)}`);
    assert.equal(JSON.parse((run.result.result as { body: string }).body).total, 7);
    await waitFor(() => live.size === 0, { timeout: 20_000, message: `the debug session ends with the run: ${describeLive()}` });
  });

  test('a launch configuration naming an unknown function does not start', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const ok = await vscode.debug.startDebugging(folder, { type: 'serverless-workbench', request: 'launch', name: 'Debug nothing', function: 'noSuchFunction' });
    assert.equal(ok, false);
    assert.equal(live.size, 0, describeLive());
  });
});
