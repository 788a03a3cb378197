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

/**
 * Sees every `stopped` event any debug adapter sends (the JavaScript debugger's child session included), and keeps
 * a short transcript of the adapters' traffic for the message of a failing cycle.
 */
function watchStops(): { stops: Stop[]; transcript(): string; dispose(): void } {
  const stops: Stop[] = [];
  const t0 = performance.now();
  const lines: string[] = [];
  const note = (session: vscode.DebugSession, dir: string, m: { type?: string; event?: string; command?: string; success?: boolean; message?: string; body?: unknown }): void => {
    if (m.type === 'event' && ['loadedSource', 'output', 'loadedScript'].includes(m.event ?? '')) return;
    const what = m.type === 'event' ? `event ${m.event} ${JSON.stringify(m.body ?? {}).slice(0, 160)}` : `${m.type} ${m.command}${m.success === false ? ` FAILED ${m.message ?? ''}` : ''}`;
    lines.push(`${(performance.now() - t0).toFixed(0)}ms ${session.name} ${dir} ${what}`);
  };
  const reg = vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker: (session) => ({
      onWillReceiveMessage: (m: { type?: string; command?: string }) => note(session, '→', m),
      onDidSendMessage: (m: { type?: string; event?: string; command?: string; success?: boolean; body?: { threadId?: number; reason?: string } }) => {
        note(session, '←', m);
        if (m.type === 'event' && m.event === 'stopped' && m.body?.threadId !== undefined) stops.push({ session, threadId: m.body.threadId, reason: m.body.reason ?? '' });
      },
    }),
  });
  return { stops, transcript: () => lines.slice(-60).join('\n'), dispose: () => reg.dispose() };
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

  test('breakpoints in the TypeScript module (init) and handler bind and stop on their lines; continue, and the result arrives in the Invoke view', async function () {
    // SWB_DEBUG_BENCH_RUNS repeats the whole cycle (bench/debugBreakpoint.ts: 50 in a row under load).
    const runs = Number(process.env.SWB_DEBUG_BENCH_RUNS ?? 1);
    this.timeout(60_000 + runs * 60_000);
    const a = await extensionApi();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!;
    const file = ref.fn.handlerInfo.file!;
    assert.match(file, /create\.ts$/);
    // Line 8: `export const handler = async (…) => {` runs when the module loads (init);
    // line 9: `const order = JSON.parse(event.body ?? '{}') as Partial<Order>;` runs in the handler.
    const initLine = 7;
    const handlerLine = 8;
    const at = (line: number): vscode.SourceBreakpoint => new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(file), new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([at(initLine), at(handlerLine)]);
    const toInit: number[] = [];
    const toHandler: number[] = [];
    for (let i = 0; i < runs; i++) {
      const watcher = watchStops();
      try {
        const started = performance.now();
        const pending = vscode.commands.executeCommand<InvokeResult | undefined>('serverlessWorkbench.debugFunction', { fnId: ref.fn.id, payload: { body: JSON.stringify({ total: 42 }) }, coldStart: true });
        let early: string | undefined;
        void Promise.resolve(pending).then((r) => (early = `run ${i + 1}: the run ended without stopping: ${JSON.stringify(r?.error ?? r?.result ?? r)} ${r?.logs.slice(-3000) ?? ''}`));
        /** The n-th stop of this cycle, with the frame it stopped in; fails at once when the run ends first. */
        const stopNumber = async (n: number, what: string): Promise<{ stop: Stop; line: number; path: string }> => {
          const stop = await waitFor(() => {
            if (early) throw new Error(early);
            return watcher.stops[n];
          }, { timeout: 60_000, message: `run ${i + 1}: the debugger stops at the ${what} breakpoint` });
          const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 })) as { stackFrames: Array<{ line: number; source?: { path?: string } }> };
          const top = trace.stackFrames[0];
          // In a remote host (code-server) the adapter names sources by their vscode-remote:// URI.
          const stoppedIn = top.source?.path ?? '';
          const path = (/^[a-z][\w+.-]*:\/\//i.test(stoppedIn) ? vscode.Uri.parse(stoppedIn).path : stoppedIn).replace(/\\/g, '/');
          return { stop, line: top.line, path };
        };
        const init = await stopNumber(0, 'init');
        toInit.push(performance.now() - started);
        assert.equal(init.line, initLine + 1, `run ${i + 1}: stopped at line ${init.line} of ${init.path}`);
        assert.equal(init.path, file.replace(/\\/g, '/'), 'the TypeScript source, through the source map');
        assert.equal(init.stop.reason, 'breakpoint');
        await init.stop.session.customRequest('continue', { threadId: init.stop.threadId });
        const inHandler = await stopNumber(1, 'handler');
        toHandler.push(performance.now() - started);
        if (process.env.SWB_DEBUG_BENCH_OUT) writeFileSync(process.env.SWB_DEBUG_BENCH_OUT, JSON.stringify({ debugToInitBreakpointMs: toInit, debugToBreakpointMs: toHandler }));
        assert.equal(inHandler.line, handlerLine + 1, `run ${i + 1}: stopped at line ${inHandler.line} of ${inHandler.path}`);
        assert.equal(inHandler.stop.reason, 'breakpoint');
        // VS Code focuses the paused thread, then its top frame.
        const active = await waitFor(() => vscode.debug.activeStackItem instanceof vscode.DebugStackFrame && vscode.debug.activeStackItem, { message: 'VS Code shows the paused frame' });
        assert.equal(active.session.id, inHandler.stop.session.id);
        await inHandler.stop.session.customRequest('continue', { threadId: inHandler.stop.threadId });
        const result = await pending;
        assert.ok(result, 'the command returns the result');
        assert.equal(result.error, undefined, JSON.stringify(result.error));
        assert.equal((result.result as { statusCode: number }).statusCode, 201);
        assert.equal(result.coldStart, true);
        assert.ok(typeof result.initDurationMs === 'number', 'init is reported apart from the handler');
        const run = await waitFor(() => a.invoke.history.forFunction(ref.fn.id).find((r) => r.debug && r.result.requestId === result.requestId), { message: 'the run is in the Invoke view history' });
        assert.equal(run.cost, undefined, 'a debug run is not priced: its duration holds the time paused at the breakpoints');
      } catch (err) {
        // A new error: the stack of the original (a VS Code error from customRequest) already holds its message.
        throw new Error(`run ${i + 1} of ${runs}: ${(err as Error).message}\n--- debug adapters (last messages) ---\n${watcher.transcript()}`);
      } finally {
        watcher.dispose();
      }
      await waitFor(() => live.size === 0, { timeout: 20_000, message: `the debug session ends with the run: ${describeLive()}` });
    }
  });

  test('a launch configuration of type serverless-workbench (F5) runs the function under the debugger', async function () {
    // The debug bench repeats it too (a fifth as often as the breakpoint cycle).
    const runs = Math.ceil(Number(process.env.SWB_DEBUG_BENCH_RUNS ?? 1) / 5);
    this.timeout(30_000 + runs * 60_000);
    const a = await extensionApi();
    const ref = a.model.allFunctions().find((r) => r.fn.name === 'createOrder')!;
    const folder = vscode.workspace.workspaceFolders![0];
    const eventFile = join(folder.uri.fsPath, 'debug-event.json');
    writeFileSync(eventFile, JSON.stringify({ body: JSON.stringify({ total: 7 }) }));
    for (let i = 0; i < runs; i++) {
      const watcher = watchStops();
      try {
        // The history keeps the last 50 runs: tell the new run by its id, not by a count.
        const earlier = new Set(a.invoke.history.forFunction(ref.fn.id).map((r) => r.runId));
        const ok = await vscode.debug.startDebugging(folder, { type: 'serverless-workbench', request: 'launch', name: 'Debug createOrder', function: 'createOrder', eventFile: 'debug-event.json' });
        assert.equal(ok, true);
        const run = await waitFor(() => a.invoke.history.forFunction(ref.fn.id).find((r) => r.debug && !earlier.has(r.runId)), { timeout: 30_000, message: 'the launch ran and its result reached the Invoke view' });
        assert.equal(run.eventLabel, 'debug-event.json');
        assert.equal(run.result.error, undefined, `${JSON.stringify(run.result.error)}\n${run.result.logs.slice(-800)}`);
        assert.equal(JSON.parse((run.result.result as { body: string }).body).total, 7);
        await waitFor(() => live.size === 0, { timeout: 20_000, message: `the debug session ends with the run: ${describeLive()}` });
      } catch (err) {
        throw new Error(`launch ${i + 1} of ${runs}: ${(err as Error).message}\n--- debug adapters (last messages) ---\n${watcher.transcript()}`);
      } finally {
        watcher.dispose();
      }
    }
  });

  test('a launch configuration naming an unknown function does not start', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const ok = await vscode.debug.startDebugging(folder, { type: 'serverless-workbench', request: 'launch', name: 'Debug nothing', function: 'noSuchFunction' });
    assert.equal(ok, false);
    assert.equal(live.size, 0, describeLive());
  });
});
