import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { architectureOf } from '../cost/invocationCost';
import { azureRunCost } from '../cost/azurePrices';
import { runCostOf } from '../cost/runCost';
import type { AttachConfiguration, DebugEventSource } from '../debug/debugSetup';
import { debugExecArgv, debugpyMissingMessage, freePort, hasDebugpy, nodeAttachConfiguration, pythonAttachConfiguration, resolveDebugEvent, RUN_ID_ATTRIBUTE, waitForPort } from '../debug/debugSetup';
import type { FunctionRef } from '../invoke/invokeSession';
import { namesProject } from '../model/paths';
import type { LocalInvokeRequest } from '../invoke/localRuntime';
import type { LocalRuntime } from '../invoke/localRuntime';
import { functionSettings } from '../invoke/lambdaEnvironment';
import type { RunCost, RunRecord } from '../shared/invokeProtocol';
import type { InvokeResult } from '../shared/invokeResult';
import type { AwsAccess } from './awsSettings';
import { connectionFor } from './awsSettings';
import type { Services } from './services';
import type { TreeNode } from './functionsTree';
import { extensionBuildRoot } from './buildRoot';
import { debugLens, debuggable } from './debugCodeLens';
import type { InvokeFeature } from './invokeView';
import { createLocalRuntime } from './localRuntimeSetup';
import { pickFunction } from './pickFunction';

export const DEBUG_TYPE = 'serverless-workbench';

/** A debug request from the command (tests, the Invoke view's host) or a launch configuration. */
export interface DebugRequest extends DebugEventSource {
  fnId: string;
  /** false: reuse the function's warm debug worker (and keep it warm); default true: a fresh worker. */
  coldStart?: boolean;
}

/** A launch.json configuration of type `serverless-workbench`. */
interface LaunchConfiguration extends vscode.DebugConfiguration {
  function?: unknown;
  project?: unknown;
  savedEvent?: unknown;
  eventFile?: unknown;
  payload?: unknown;
  coldStart?: unknown;
}

interface Pending {
  runId: string;
  fnId: string;
  family: 'node' | 'python';
  abort: AbortController;
  warm: boolean;
  /** The session this run started (the attach configuration's; js-debug adds a child session under it). */
  session?: vscode.DebugSession;
  /** An attach configuration was handed out: a session is starting or started. */
  attaching?: boolean;
  /** Settles once the debugger is attached to the worker and has set its breakpoints (or the run ended). */
  attached: Deferred;
  timeoutSeconds: number;
}

/** A promise with its resolve/reject, settled once. */
interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting (a run that ended before init): a rejection is then no error.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** What a prepared debug run gives back: the attach configuration to start (none when a warm session is reused) and the result. */
interface Prepared {
  attach?: AttachConfiguration;
  result: Promise<InvokeResult>;
}

/**
 * How long a handed-out attach configuration may take to become a debug session. A deadline for a failure
 * (VS Code could not start the session at all), not a wait: the JavaScript debugger's own attach timeout is 20 s.
 */
const SESSION_START_DEADLINE_MS = 30_000;

/** How long the end of a run waits for the debug adapters' answers to requests already sent (a failure bound). */
const ANSWER_DEADLINE_MS = 10_000;

/** The run id of a session this extension started, or of the session it was started under (js-debug's child). */
function runIdOf(session: vscode.DebugSession): string | undefined {
  for (let s: vscode.DebugSession | undefined = session; s; s = s.parentSession) {
    const id = s.configuration[RUN_ID_ATTRIBUTE] as unknown;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/**
 * Debugging a function locally: the local runtime with the inspector (Node) or debugpy (Python) listening,
 * and a VS Code debug session attached to it. Runs come from the Debug command (palette, tree, CodeLens), the
 * Invoke view's Debug button, and launch configurations; every result goes to the Invoke view. A run's
 * timeout is suspended while the debugger is attached. Owns its runtime (debug workers only) and sessions.
 *
 * The order of a cold debug run: the worker starts (Node with `--inspect` on a port the OS picks) and idles;
 * its "Debugger listening" line gives the port; the session attaches; once the debugger reports its
 * configuration done (breakpoints set) the worker is told to load the handler. Nothing of the function runs
 * before the debugger is ready, and the debugger never attaches to an interpreter that is still starting.
 */
export class FunctionDebugger implements vscode.Disposable {
  readonly runtime: LocalRuntime;
  private readonly pending = new Map<string, Pending>();
  /** Runs whose result is in while their session was still starting: the session is stopped when it starts. */
  private readonly finishing = new Map<string, Pending>();
  /** Functions with a warm debug worker: its interpreter options and session. */
  private readonly warm = new Map<string, { execArgv: string[]; session?: vscode.DebugSession }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly finished = new vscode.EventEmitter<{ ref: FunctionRef; run: RunRecord; showInView: boolean }>();
  /** Every finished debug run (tests and the Invoke view listen). */
  readonly onDidFinish = this.finished.event;
  /** Requests VS Code sent to a run's debug sessions and not yet answered, by run id (`session id:seq`). */
  private readonly inFlight = new Map<string, Set<string>>();
  private readonly idleWaiters = new Map<string, Array<() => void>>();
  /** Timings of the last run (bench): when it was asked for and when the debug session started. */
  lastTimings: { requestedAt: number; sessionStartedAt?: number } | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly services: Services,
  ) {
    this.runtime = createLocalRuntime(context, services.config, (fn, project) => services.localCloud.serviceEnv(fn, project));
    this.disposables.push(
      this.finished,
      vscode.debug.onDidStartDebugSession((s) => this.onSessionStart(s)),
      vscode.debug.onDidTerminateDebugSession((s) => this.onSessionEnd(s)),
      // The debugger is ready for the function's code when the session attached to the worker (js-debug's child
      // session for Node, the debugpy session itself) answers `configurationDone`: VS Code sends it after every
      // setBreakpoints request has been answered.
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => {
          const runId = runIdOf(session);
          if (!runId) return undefined;
          return {
            onWillReceiveMessage: (m: { type?: string; seq?: number }) => {
              if (m.type === 'request' && typeof m.seq === 'number') this.requestSent(runId, `${session.id}:${m.seq}`);
            },
            onDidSendMessage: (m: { type?: string; command?: string; success?: boolean; request_seq?: number }) => {
              if (m.type !== 'response') return;
              if (m.command === 'configurationDone' && m.success) this.debuggerReady(session, runId);
              if (typeof m.request_seq === 'number') this.requestAnswered(runId, `${session.id}:${m.request_seq}`);
            },
            // A session that ends answers nothing more.
            onExit: () => this.sessionGone(runId, session.id),
          };
        },
      }),
    );
  }

  private requestSent(runId: string, key: string): void {
    const set = this.inFlight.get(runId) ?? new Set<string>();
    set.add(key);
    this.inFlight.set(runId, set);
  }

  private requestAnswered(runId: string, key: string): void {
    const set = this.inFlight.get(runId);
    if (!set?.delete(key) || set.size) return;
    this.inFlight.delete(runId);
    for (const resolve of this.idleWaiters.get(runId)?.splice(0) ?? []) resolve();
  }

  private sessionGone(runId: string, sessionId: string): void {
    const set = this.inFlight.get(runId);
    for (const key of [...(set ?? [])]) if (key.startsWith(`${sessionId}:`)) this.requestAnswered(runId, key);
  }

  /**
   * Resolves once the run's debug sessions have answered every request VS Code sent them. A run can end (the
   * handler returned) while the user's Continue is still on its way back; detaching then fails that request.
   */
  private requestsAnswered(runId: string): Promise<void> {
    if (!this.inFlight.get(runId)?.size) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.idleWaiters.get(runId) ?? [];
      list.push(resolve);
      this.idleWaiters.set(runId, list);
    });
  }

  private debuggerReady(session: vscode.DebugSession, runId: string): void {
    const pending = this.pending.get(runId);
    if (!pending) return;
    // js-debug answers for its own top session before it has found the process; the child session is the target.
    if (pending.family === 'node' && !session.parentSession) return;
    pending.attached.resolve();
  }

  dispose(): void {
    for (const p of this.pending.values()) p.abort.abort();
    this.runtime.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** The Debug command and the Invoke view: prepares the run, starts the debug session, waits for the result. */
  async debug(ref: FunctionRef, event: unknown, options: { coldStart?: boolean; signal?: AbortSignal; onLog?: (t: string) => void; eventLabel?: string; showInView?: boolean }): Promise<InvokeResult | undefined> {
    const prepared = await this.prepare(ref, event, options);
    if (!prepared) return undefined;
    if (prepared.attach) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ref.project.file));
      const started = await vscode.debug.startDebugging(folder, prepared.attach as vscode.DebugConfiguration);
      if (!started) this.pending.get(String(prepared.attach[RUN_ID_ATTRIBUTE]))?.abort.abort();
    }
    return prepared.result;
  }

  /**
   * Checks what debugging this function needs, starts the worker with the debugger port open, and returns the
   * attach configuration once the port is known. The worker loads the handler when that session is ready.
   * Undefined (with a message shown) when it cannot.
   */
  async prepare(ref: FunctionRef, event: unknown, options: { coldStart?: boolean; signal?: AbortSignal; onLog?: (t: string) => void; eventLabel?: string; showInView?: boolean }): Promise<Prepared | undefined> {
    // The command table's needs hold for every way in (the command, the Invoke view, launch configurations).
    const refused = this.services.commands.unavailableNow('debugFunction');
    if (refused) {
      this.services.commands.refuse(refused);
      return undefined;
    }
    let settings;
    try {
      settings = functionSettings(ref.fn, ref.project, connectionFor(this.services, ref.project).region);
    } catch (err) {
      void vscode.window.showWarningMessage(`Cannot debug ${ref.fn.name}: ${(err as Error).message}`);
      return undefined;
    }
    const family = settings.family;
    if (family === 'python') {
      // debugpy must be in the interpreter the function will run on.
      const python = await this.runtime.interpreterFor(ref.fn, ref.project).then(
        (i) => i.path,
        (err: unknown) => {
          this.services.commands.refuseForFunction('debugFunction', 'interpreter', `${ref.fn.name}: ${(err as Error).message}`);
          return undefined;
        },
      );
      if (!python) return undefined;
      if (!(await hasDebugpy(python))) {
        void vscode.window.showErrorMessage(debugpyMissingMessage(python));
        return undefined;
      }
      if (!vscode.extensions.getExtension('ms-python.debugpy')) {
        void vscode.window.showErrorMessage('Debugging Python functions attaches the Python Debugger extension (ms-python.debugpy): install it from the Extensions view, then debug again.');
        return undefined;
      }
    }
    const requestedAt = performance.now();
    this.lastTimings = { requestedAt };
    const keepWarm = options.coldStart === false;
    const reuse = keepWarm ? this.warm.get(ref.fn.id) : undefined;
    // debugpy is given its port; Node's inspector takes one the OS picks and reports it.
    const pythonPort = family === 'python' && !reuse ? await freePort() : undefined;
    const execArgv = reuse?.execArgv ?? debugExecArgv(family, pythonPort);
    if (!reuse) this.forgetWarm(ref.fn.id);
    const runId = randomUUID();
    const abort = new AbortController();
    options.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    const pending: Pending = { runId, fnId: ref.fn.id, family, abort, warm: keepWarm, session: reuse?.session, attached: deferred(), timeoutSeconds: settings.timeoutSeconds };
    abort.signal.addEventListener('abort', () => pending.attached.reject(new Error('cancelled')), { once: true });
    this.pending.set(runId, pending);
    let listening!: (port: number) => void;
    const port = new Promise<number>((resolve) => (listening = resolve));
    const req: LocalInvokeRequest = {
      fn: ref.fn,
      project: ref.project,
      event,
      coldStart: !reuse,
      region: settings.region,
      signal: abort.signal,
      onLog: options.onLog,
      // The runtime always keeps a debug worker: a run that is not kept warm is ended here, debugger first.
      debug: {
        execArgv,
        keepWarm: true,
        beforeInit: async (worker) => {
          // A warm run whose worker is gone would start a new one that no session attaches to.
          if (reuse) throw new Error('the warm debug worker has ended; debug again for a fresh one');
          if (pythonPort === undefined) {
            listening((await untilAborted(worker.inspector(), abort.signal)).port);
          } else {
            await waitForPort(pythonPort, { timeoutMs: 15_000, signal: abort.signal });
            listening(pythonPort);
          }
          await pending.attached.promise;
        },
      },
    };
    const startedAt = Date.now();
    const result = this.runtime
      .invoke(req)
      .then((r) => {
        this.printOutcome(ref, r, pending);
        return r;
      })
      .finally(async () => {
        this.pending.delete(runId);
        pending.attached.reject(new Error('the run ended'));
        if (keepWarm) return;
        const session = pending.session;
        // A run that ended before its session started (a build error): the session is stopped when it starts.
        if (!session && pending.attaching) this.finishing.set(runId, pending);
        // Detach before the process ends: a JavaScript debug session whose target is killed under it can stay
        // open in the UI (seen with js-debug 1.100 in code-server).
        if (session) {
          // Bounded: a debug adapter that stopped answering must not keep the worker alive.
          await Promise.race([this.requestsAnswered(runId), new Promise((r) => setTimeout(r, ANSWER_DEADLINE_MS))]);
          await vscode.debug.stopDebugging(session);
        }
        this.inFlight.delete(runId);
        this.idleWaiters.delete(runId);
        this.warm.delete(ref.fn.id);
        this.runtime.reset(ref.fn.id);
      });
    void result.then(
      (r) => this.report(ref, { runId, fnId: ref.fn.id, startedAt, eventLabel: options.eventLabel ?? 'debug event', result: r, debug: true }, options.showInView !== false),
      () => undefined,
    );
    this.notifyTimeoutSuspended(ref, settings.timeoutSeconds, pending.session);
    if (reuse) return { result };
    if (keepWarm) this.warm.set(ref.fn.id, { execArgv });
    // A run that ends before the debugger port opens (a build error, an interpreter that does not start) has
    // nothing to attach to.
    const opened = await Promise.race([port, result.then(() => undefined, () => undefined)]);
    if (opened === undefined) return { result };
    pending.attaching = true;
    const deadline = setTimeout(() => {
      if (!pending.session) pending.attached.reject(new Error(`the debug session did not start within ${SESSION_START_DEADLINE_MS / 1000} s`));
    }, SESSION_START_DEADLINE_MS);
    void result.finally(() => clearTimeout(deadline));
    const name = `Debug ${ref.fn.name}`;
    const runtimeDir = this.context.asAbsolutePath('dist/runtime');
    const workspaceRoot = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ref.project.file))?.uri.fsPath;
    const attach = family === 'node' ? nodeAttachConfiguration(name, opened, runId, { runtimeDir, buildRoot: extensionBuildRoot(this.context), workspaceRoot }) : pythonAttachConfiguration(name, opened, runId);
    return { attach, result };
  }

  /** Runs a launch configuration's request: resolves the function and its event. */
  async prepareLaunch(config: LaunchConfiguration, folder: vscode.WorkspaceFolder | undefined): Promise<Prepared | undefined> {
    const ref = await this.functionForLaunch(config);
    if (!ref) return undefined;
    let event: unknown;
    try {
      event = await resolveDebugEvent(eventSourceOf(config), ref.fn, ref.project, folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? ref.project.root);
    } catch (err) {
      void vscode.window.showErrorMessage(`${config.name}: ${(err as Error).message}`);
      return undefined;
    }
    const label = typeof config.savedEvent === 'string' ? config.savedEvent : typeof config.eventFile === 'string' ? config.eventFile : config.payload !== undefined ? 'launch.json payload' : 'sample event';
    return this.prepare(ref, event, { coldStart: config.coldStart !== false, eventLabel: label });
  }

  private async functionForLaunch(config: LaunchConfiguration): Promise<FunctionRef | undefined> {
    await this.services.model.ready();
    if (typeof config.function !== 'string' || !config.function) {
      void vscode.window.showErrorMessage(`${config.name ?? 'Serverless Workbench'}: set "function" to the logical name of the function to debug.`);
      return undefined;
    }
    const project = typeof config.project === 'string' && config.project.trim() ? config.project.trim() : undefined;
    const matches = this.services.model.allFunctions().filter((r) => r.fn.name === config.function && (!project || namesProject(project, r.project.file, r.project.root)));
    if (matches.length === 1) return matches[0];
    if (matches.length === 0) {
      void vscode.window.showErrorMessage(`${config.name}: no function "${config.function}"${project ? ` in ${project}` : ''} in this workspace.`);
      return undefined;
    }
    const where = matches.map((r) => vscode.workspace.asRelativePath(r.project.file)).join(', ');
    void vscode.window.showErrorMessage(`${config.name}: "${config.function}" is defined in ${where}; set "project" to one of them.`);
    return undefined;
  }

  /** A finished debug run, for the Invoke view. Not priced: its duration holds the time paused at breakpoints. */
  private report(ref: FunctionRef, run: RunRecord, showInView: boolean): void {
    this.finished.fire({ ref, run, showInView });
    this.services.log.info(`Debug run of ${ref.fn.name}: ${run.result.error ? `${run.result.error.errorType}: ${run.result.error.errorMessage}` : 'returned'}`);
  }

  /**
   * The Debug Console tells how the run ended: the handler's error (type, message, stack) when it threw, since the
   * runtime catches it and the debugger never sees it as uncaught. Printed before the session is stopped.
   */
  private printOutcome(ref: FunctionRef, result: InvokeResult, pending: Pending): void {
    if (!pending.session) return;
    const out = vscode.debug.activeDebugConsole;
    const error = result.error;
    if (!error) {
      out.appendLine(`Serverless Workbench: ${ref.fn.name} returned in ${result.durationMs?.toFixed(0) ?? '?'} ms (the result is in the Invoke view).`);
      return;
    }
    const headline = `${error.errorType}: ${error.errorMessage}`;
    out.appendLine(`Serverless Workbench: ${ref.fn.name} failed: ${headline}`);
    // The function's frames: not the headline again, not the runtime's or Node's own.
    const extension = this.context.extensionPath;
    for (const line of error.trace.map((l) => l.trim())) {
      if (line === headline || line.includes('node:internal') || (line.includes(extension) && !line.includes(ref.project.root))) continue;
      out.appendLine(`    ${line}`);
    }
  }

  private notifyTimeoutSuspended(ref: FunctionRef, timeoutSeconds: number, session: vscode.DebugSession | undefined): void {
    const text = `Debugging ${ref.fn.name}: its ${timeoutSeconds} s timeout is suspended while the debugger is attached.`;
    vscode.window.setStatusBarMessage(`$(debug) ${text}`, 10_000);
    if (session) vscode.debug.activeDebugConsole.appendLine(text);
  }

  private onSessionStart(session: vscode.DebugSession): void {
    // The session this run started; js-debug's child sessions under it are VS Code's to stop with it.
    if (session.parentSession) return;
    const runId = runIdOf(session);
    if (!runId) return;
    const done = this.finishing.get(runId);
    if (done) {
      this.finishing.delete(runId);
      void vscode.debug.stopDebugging(session);
      return;
    }
    const pending = this.pending.get(runId);
    if (!pending) return;
    pending.session = session;
    if (this.lastTimings) this.lastTimings.sessionStartedAt = performance.now();
    const warm = this.warm.get(pending.fnId);
    if (warm) warm.session = session;
    vscode.debug.activeDebugConsole.appendLine(`Serverless Workbench: the function's ${pending.timeoutSeconds} s timeout is suspended while debugging.`);
  }

  private onSessionEnd(session: vscode.DebugSession): void {
    const runId = runIdOf(session);
    if (!runId) return;
    this.finishing.delete(runId);
    // Stopping the session ends the run (a worker left running would hang at the next breakpoint).
    for (const p of this.pending.values()) if (p.session === session || p.runId === runId) p.abort.abort();
    for (const [fnId, w] of this.warm) if (w.session === session) this.forgetWarm(fnId);
  }

  private forgetWarm(fnId: string): void {
    if (this.warm.delete(fnId)) this.runtime.reset(fnId);
  }
}

/** The promise, or a rejection as soon as the signal aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

function eventSourceOf(config: LaunchConfiguration): DebugEventSource {
  return {
    ...(config.payload !== undefined ? { payload: config.payload } : {}),
    ...(typeof config.savedEvent === 'string' ? { savedEvent: config.savedEvent } : {}),
    ...(typeof config.eventFile === 'string' ? { eventFile: config.eventFile } : {}),
  };
}

/** The cost line of a result, priced in the `serverlessWorkbench.cost.region` setting, else the project's region. */
export function costFor(aws: AwsAccess, ref: FunctionRef, result: InvokeResult): RunCost | undefined {
  if (ref.project.kind === 'azure-functions') return azureRunCost(result);
  const region = aws.config.get('costRegion', ref.project.file) ?? connectionFor(aws, ref.project).region;
  return runCostOf(result, { architecture: architectureOf(ref.fn.architecture?.value), region });
}

/** Launch configurations of type `serverless-workbench`: F5 runs the function under the debugger. */
class LaunchProvider implements vscode.DebugConfigurationProvider {
  constructor(
    private readonly debuggerFeature: FunctionDebugger,
    private readonly services: Services,
  ) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const fns = this.services.model.allFunctions().filter((r) => debuggable(r.project, r.fn));
    return fns.slice(0, 10).map((r) => ({ type: DEBUG_TYPE, request: 'launch', name: `Debug ${r.fn.name}`, function: r.fn.name, coldStart: true }));
  }

  /** F5 without a launch.json: debug the function whose handler or config is in the active editor. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (config.type || config.request || config.name) return config;
    const file = vscode.window.activeTextEditor?.document.uri.fsPath;
    const ref = this.services.model.allFunctions().find((r) => file && (r.fn.handlerInfo.file === file || r.fn.file === file));
    if (!ref) {
      void vscode.window.showInformationMessage('Open a function’s handler or config to debug it with F5, or add a "serverless-workbench" configuration to launch.json.');
      return undefined;
    }
    return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${ref.fn.name}`, function: ref.fn.name };
  }

  /** Starts the function with the debugger port open and hands VS Code the attach configuration to run instead. */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type !== DEBUG_TYPE) return config;
    const prepared = await this.debuggerFeature.prepareLaunch(config as LaunchConfiguration, folder);
    // Undefined cancels the launch: it could not start (message shown), or a warm debug session runs it.
    return prepared?.attach as vscode.DebugConfiguration | undefined;
  }
}

function requestFromArg(arg: unknown): DebugRequest | undefined {
  if (typeof arg === 'string') return { fnId: arg };
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (o.kind === 'function' || o.kind === 'trigger') return { fnId: (arg as Extract<TreeNode, { kind: 'function' }>).fn.id };
    if (typeof o.fnId === 'string') {
      return {
        fnId: o.fnId,
        ...(o.payload !== undefined ? { payload: o.payload } : {}),
        ...(typeof o.savedEvent === 'string' ? { savedEvent: o.savedEvent } : {}),
        ...(typeof o.eventFile === 'string' ? { eventFile: o.eventFile } : {}),
        ...(typeof o.coldStart === 'boolean' ? { coldStart: o.coldStart } : {}),
      };
    }
  }
  return undefined;
}

/**
 * "Serverless: Debug Function…" (palette, tree, CodeLens), the Invoke view's Debug button, and the
 * `serverless-workbench` launch configuration type. Results go to the Invoke view with their cost.
 */
export function registerDebug(context: vscode.ExtensionContext, services: Services, invoke: InvokeFeature): FunctionDebugger {
  const feature = new FunctionDebugger(context, services);
  const { commands } = services;
  invoke.sessionExtras = {
    ...invoke.sessionExtras,
    debugLocal: async (req) => {
      const ref = { fn: req.fn, project: req.project };
      // Always a fresh process whose session ends with the run: a debug session left running after the result (a
      // "warm" one) looks to the person like a debug run that never ends. Warm debugging is launch.json's opt-in.
      const result = await feature.debug(ref, req.event, { coldStart: true, signal: req.signal, onLog: req.onLog, showInView: false });
      if (!result) throw new Error(services.commands.unavailableNow('debugFunction')?.message ?? `Could not start the debugger for ${req.fn.name} (see the message).`);
      return result;
    },
    cost: (ref, result) => costFor(services, ref, result),
  };
  const provider = new LaunchProvider(feature, services);
  context.subscriptions.push(
    feature,
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: () => provider.provideDebugConfigurations() }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    // Runs started outside the view (command, launch.json) show up in it too; the view's own runs it records itself.
    feature.onDidFinish(({ run, showInView }) => {
      if (showInView) invoke.showRun(run);
    }),
    commands.register('debugFunction', async (arg?: unknown) => {
      const request = requestFromArg(arg);
      await services.model.ready();
      const ref = request ? services.model.functionById(request.fnId) : await pickFunction(services.model, 'Function to debug', (r) => debuggable(r.project, r.fn));
      if (!ref) return undefined;
      let event: unknown;
      try {
        const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(ref.project.file));
        event = await resolveDebugEvent(request ?? {}, ref.fn, ref.project, folder?.uri.fsPath ?? ref.project.root);
      } catch (err) {
        void vscode.window.showErrorMessage(`Debug ${ref.fn.name}: ${(err as Error).message}`);
        return undefined;
      }
      const label = request?.savedEvent ?? request?.eventFile ?? (request?.payload !== undefined ? 'given event' : 'sample event');
      // The Invoke view (when open) follows the debugged function; its result lands there. The view is not
      // focused: the Run and Debug view takes the side bar while debugging.
      void invoke.viewSession?.show(ref.fn.id);
      return feature.debug(ref, event, { coldStart: request?.coldStart, eventLabel: label });
    }),
  );
  context.subscriptions.push(services.codeLenses.add(debugLens));
  return feature;
}
