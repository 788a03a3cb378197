/**
 * The embedded local runtime: no Docker, no AWS account, no Functions host. Each function gets a worker process
 * that stays warm between invocations (like a Lambda execution environment or a Functions worker) until its
 * code or settings change, it fails fatally, or a cold start is asked for. The extension host and the CLI only
 * orchestrate; handlers run in the worker. What differs between Lambda and Azure Functions is the platform
 * (src/invoke/runtimePlatform.ts).
 */
import { randomUUID } from 'node:crypto';
import { delimiter, join } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import type { InvokeResult, LambdaError } from '../shared/invokeResult';
import type { PreparedHandler } from './handlerBuild';
import { handlerLocation, inputsChanged, isTypeScript, prepareHandler } from './handlerBuild';
import type { FunctionSettings } from './lambdaEnvironment';
import { nodeModulesChain } from './lambdaEnvironment';
import { platformFor } from './runtimePlatform';
import { providedSdkNodeModules } from './providedSdk';
import { RuntimeWorker } from './runtimeWorker';
import { newTraceId } from './traceId';

export interface LocalRuntimeOptions {
  /** Folder of the built bootstraps (dist/runtime). */
  runtimeDir: string;
  hostEnv: Record<string, string | undefined>;
  /** Node.js used for workers; defaults to the current executable (run as Node inside Electron). */
  nodeExecutable?: string;
  python?: string;
  buildRoot?: string;
  /**
   * Variables every worker of a function gets on top of Lambda's own: the local service endpoints
   * (`AWS_ENDPOINT_URL_LAMBDA`, …) and the local values of resources the function's environment refers to.
   */
  serviceEnv?: (fn: FunctionDef, project: Project) => Promise<Record<string, string>>;
}

export interface LocalInvokeRequest {
  fn: FunctionDef;
  project: Project;
  event: unknown;
  /** Start a fresh worker even when a warm one exists. */
  coldStart?: boolean;
  region?: string;
  signal?: AbortSignal;
  /** The X-Ray trace header of this invocation (`_X_AMZN_TRACE_ID`); a fresh one when absent, as on Lambda. */
  traceId?: string;
  /** Log text as the function writes it (the final result also carries all logs). */
  onLog?: (text: string) => void;
  /**
   * Debugging: extra interpreter options (`--inspect=127.0.0.1:0` for Node, `-m debugpy --listen …` for Python).
   * Timeouts are suspended so a person can sit at a breakpoint. The worker is ended after the invocation
   * unless `keepWarm`: then a later debug request with the same options and no `coldStart` reuses it (the
   * debugger stays attached, like a warm environment). On a cold start `beforeInit` gets the started worker
   * and the init (loading the handler) waits for it: the debugger attaches to an idle, fully started
   * interpreter and sets its breakpoints before any of the function's code runs. When it rejects, the
   * invocation ends with that error and the worker is ended.
   */
  debug?: { execArgv: string[]; keepWarm?: boolean; beforeInit?: (worker: RuntimeWorker) => Promise<void> };
}

interface Warm {
  worker: RuntimeWorker;
  /** The debug options the worker was started with; undefined for a normal worker. */
  debugKey?: string;
  prepared: PreparedHandler;
  settingsKey: string;
  settings: FunctionSettings;
  logStreamName: string;
}

const INIT_TIMEOUT_MS = 10_000;

export class LocalRuntime {
  private readonly warm = new Map<string, Warm>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly options: LocalRuntimeOptions) {}

  /**
   * Runs one invocation. Invocations of the same function run one after another (a worker handles one
   * request at a time, like one Lambda execution environment).
   */
  invoke(req: LocalInvokeRequest): Promise<InvokeResult> {
    const previous = this.queues.get(req.fn.id) ?? Promise.resolve();
    const next = previous.then(
      () => this.invokeNow(req),
      () => this.invokeNow(req),
    );
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(req.fn.id, settled);
    void settled.then(() => {
      if (this.queues.get(req.fn.id) === settled) this.queues.delete(req.fn.id);
    });
    return next;
  }

  private async invokeNow(req: LocalInvokeRequest): Promise<InvokeResult> {
    const wallStart = performance.now();
    const platform = platformFor(req.project);
    const settings = platform.settings(req.fn, req.project, req.region);
    const requestId = randomUUID();
    let logs = '';
    const log = (text: string): void => {
      logs += text;
      req.onLog?.(text);
    };
    const values = await platform.readValues(req.fn, req.project);

    let entry = this.warm.get(req.fn.id);
    // What decides whether a warm worker still fits: the settings and the environment (minus the log stream
    // name, which is new for every worker).
    // AWS workers reach the local cloud (Lambda endpoint, local services, resource values); Azure workers do not.
    const serviceEnv = platform.cloud === 'aws' ? ((await this.options.serviceEnv?.(req.fn, req.project)) ?? {}) : {};
    const envOptions = { hostEnv: this.options.hostEnv, values, runtimeDir: this.options.runtimeDir };
    const baseEnv = platform.environment(req.fn, req.project, settings, { ...envOptions, taskRoot: req.fn.codeRoot ?? '', extra: serviceEnv });
    const settingsKey = JSON.stringify({ settings, env: { ...baseEnv.env, AWS_LAMBDA_LOG_STREAM_NAME: '' } });
    const debugKey = req.debug ? req.debug.execArgv.join(' ') : undefined;
    const reusable =
      entry && entry.worker.alive && !req.coldStart && entry.debugKey === debugKey && entry.settingsKey === settingsKey && !(await inputsChanged(entry.prepared.inputs));
    if (!reusable && entry) {
      entry.worker.kill();
      this.warm.delete(req.fn.id);
      entry = undefined;
    }

    let initDurationMs: number | undefined;
    let initError: LambdaError | undefined;
    if (!entry) {
      // The process starts while the handler is prepared (TypeScript: bundled): both take tens of ms.
      const location = handlerLocation(req.fn);
      const bundles = settings.family === 'node' && isTypeScript(location.file);
      const env = platform.environment(req.fn, req.project, settings, {
        ...envOptions,
        taskRoot: location.taskRoot,
        // NODE_PATH: a bundle's external packages (it lives outside the project), then (Lambda) the runtime's own AWS SDK.
        extra: { ...serviceEnv, ...nodePath([...(bundles ? nodeModulesChain(location.taskRoot) : []), ...(platform.cloud === 'aws' && settings.family === 'node' ? [providedSdkNodeModules(this.options.runtimeDir)] : [])]) },
      });
      const worker = RuntimeWorker.spawn({
        family: settings.family,
        cwd: location.taskRoot,
        env: env.env,
        nodeBootstrap: join(this.options.runtimeDir, platform.bootstrap),
        nodeExecutable: this.options.nodeExecutable ?? process.execPath,
        python: this.options.python ?? 'python3',
        memorySizeMb: settings.memorySizeMb,
        execArgv: req.debug?.execArgv,
        describeTimeout: platform.describeTimeout?.(req.fn),
      });
      // The debugger attaches while the handler is prepared; init waits for both.
      const attached = req.debug?.beforeInit?.(worker).then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      let prepared: PreparedHandler;
      try {
        prepared = platform.prepare(req.fn, req.project, await prepareHandler(req.fn, settings, this.options.buildRoot));
      } catch (err) {
        worker.kill();
        throw err;
      }
      const attachError = prepared.buildError ? undefined : await attached;
      if (attachError) {
        worker.kill();
        initError = { errorType: req.signal?.aborted ? 'Cancelled' : 'Runtime.DebuggerError', errorMessage: req.signal?.aborted ? 'The invocation was cancelled' : `the debugger did not attach: ${attachError.message}`, trace: [] };
        initDurationMs = 0;
      } else if (prepared.buildError) {
        worker.kill();
        initError = prepared.buildError;
        initDurationMs = 0;
        log(platform.loadErrorLine(req.fn, prepared.buildError, 'build'));
      } else {
        const init = await worker.init(prepared, log, req.debug ? undefined : INIT_TIMEOUT_MS);
        initDurationMs = init.initDurationMs;
        if (init.ok) {
          entry = { worker, prepared, settingsKey, settings, logStreamName: env.logStreamName, debugKey };
          if (!req.debug || req.debug.keepWarm) this.warm.set(req.fn.id, entry);
        } else {
          initError = init.error;
          worker.kill();
          log(platform.loadErrorLine(req.fn, init.error, 'init'));
        }
      }
    }

    log(platform.startLine(req.fn, requestId));
    let durationMs = 0;
    let maxRssKb: number | undefined;
    let payload: string | undefined;
    let error: LambdaError | undefined = initError;
    if (entry && !initError) {
      const timeoutMs = req.debug ? undefined : settings.timeoutSeconds * 1000;
      const outcome = await entry.worker.invoke(
        platform.invokeMessage({ fn: req.fn, project: req.project, requestId, event: req.event, deadlineMs: timeoutMs ? Date.now() + timeoutMs : 0, settings, logStreamName: entry.logStreamName, traceId: req.traceId ?? newTraceId(Date.now()) }),
        timeoutMs,
        log,
        req.signal,
      );
      durationMs = outcome.durationMs;
      maxRssKb = outcome.maxRssKb;
      payload = outcome.payload;
      error = outcome.error;
      if (outcome.dead || (req.debug && !req.debug.keepWarm)) {
        entry.worker.kill();
        this.warm.delete(req.fn.id);
      }
    }
    if (logs && !logs.endsWith('\n')) log('\n');
    const maxMemoryUsedMb = maxRssKb ? Math.min(settings.memorySizeMb, Math.ceil(maxRssKb / 1024)) : error?.errorType === 'Runtime.OutOfMemory' ? settings.memorySizeMb : 0;
    const billedDurationMs = platform.billedDurationMs(durationMs, initDurationMs);
    log(platform.endLines({ fn: req.fn, requestId, durationMs, billedDurationMs, memorySizeMb: settings.memorySizeMb, maxMemoryUsedMb, initDurationMs, error }));

    let result: unknown;
    let outputs: Record<string, unknown> | undefined;
    if (payload !== undefined && !error) ({ result, outputs } = platform.readResult(payload));
    const overheadMs = Math.max(0, performance.now() - wallStart - durationMs - (initDurationMs ?? 0));
    return {
      target: 'local',
      ...(platform.cloud === 'azure' ? { cloud: 'azure' as const } : {}),
      functionName: settings.functionName,
      requestId,
      ...(error ? { error } : { result }),
      ...(outputs ? { outputs } : {}),
      logs,
      durationMs,
      billedDurationMs,
      memorySizeMb: settings.memorySizeMb,
      maxMemoryUsedMb,
      initDurationMs,
      coldStart: initDurationMs !== undefined,
      overheadMs,
      unresolvedEnv: baseEnv.unresolved,
    };
  }

  /** Ends every warm worker (call when the owner goes away). */
  dispose(): void {
    for (const w of this.warm.values()) w.worker.kill();
    this.warm.clear();
  }

  /** Ends the warm worker of one function, so the next invocation is a cold start. */
  reset(fnId: string): void {
    this.warm.get(fnId)?.worker.kill();
    this.warm.delete(fnId);
  }
}

function nodePath(dirs: string[]): Record<string, string> {
  return dirs.length ? { NODE_PATH: dirs.join(delimiter) } : {};
}
