/**
 * The embedded local runtime: no Docker, no AWS account, no Functions host. Each invocation runs in an execution
 * environment (a worker process) on an interpreter of the function's runtime version, with the function's memory
 * size enforced on the whole process and its layers laid out. An environment stays warm (a Lambda one frozen
 * between invocations) until its code or settings change, it fails fatally, or a cold start is asked for;
 * invocations that overlap run in separate environments, each with its own cold start, as on Lambda. The
 * extension host and the CLI only orchestrate; handlers run in the workers. What differs between Lambda and
 * Azure Functions is the platform (src/invoke/runtimePlatform.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { delimiter, join } from 'node:path';
import type { FunctionDef, Project } from '../model/types';
import type { InvokeResult, LambdaError, StreamedResponse } from '../shared/invokeResult';
import type { PreparedHandler } from './handlerBuild';
import { handlerLocation, inputsChanged, isTypeScript, mtime, prepareHandler } from './handlerBuild';
import type { InterpreterPreferences, ResolvedInterpreter } from './interpreters';
import { InterpreterResolver } from './interpreters';
import { versionLine } from './interpreters';
import type { FunctionSettings } from './lambdaEnvironment';
import { nodeModulesChain, startupEnvironment } from './lambdaEnvironment';
import type { SpareSpec, WorkerCommand } from './workerCommand';
import { spareCommand } from './workerCommand';
import type { LayerLayout } from './layers';
import { disposeLayout, layoutLayers } from './layers';
import type { CgroupParent } from './memoryLimit';
import type { RuntimePlatform } from './runtimePlatform';
import { lambdaPlatform, platformFor } from './runtimePlatform';
import type { WorkerSpawn } from './runtimeWorker';
export type { SpareSpec } from './workerCommand';
import { RuntimeWorker } from './runtimeWorker';
import { providedSdkNodeModules } from './providedSdk';
import { newTraceId } from './traceId';
import { nodeInterpreterHost } from '../node/nodeInterpreterHost';

export interface LocalRuntimeOptions {
  /** Folder of the built bootstraps (dist/runtime). */
  runtimeDir: string;
  hostEnv: Record<string, string | undefined>;
  /** Finds the interpreter of a function's runtime; default: this machine's interpreters, probed versions kept in memory. */
  interpreters?: InterpreterResolver;
  /** Where to look and what the user chose (settings, CLI flags, the Python extension), per function. */
  preferences?: (fn: FunctionDef, project: Project) => InterpreterPreferences;
  buildRoot?: string;
  /** Kernel-enforced memory limits, where the machine allows them (else a sampler). */
  cgroup?: CgroupParent;
  /** An idle environment ends after this long (Lambda keeps them for minutes). */
  idleTimeoutMs?: number;
  /** How long loading the handler may take (Lambda's 10 s init phase). */
  initTimeoutMs?: number;
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
  /** Start a fresh environment even when a warm one exists. */
  coldStart?: boolean;
  region?: string;
  /** Functions with tenant isolation: the tenant of this invocation (environments are never shared across tenants). */
  tenantId?: string;
  signal?: AbortSignal;
  /** The X-Ray trace header of this invocation (`_X_AMZN_TRACE_ID`); a fresh one when absent, as on Lambda. */
  traceId?: string;
  /** Log text as the function writes it (the final result also carries all logs). */
  onLog?: (text: string) => void;
  /** Response streaming: body bytes as the handler writes them (the final result carries the whole body). */
  onChunk?: (data: Buffer) => void;
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

/** One execution environment of a function. */
interface Environment {
  worker: RuntimeWorker;
  /** What must match for an invocation to reuse it: settings, environment, interpreter, debug options, tenant. */
  key: string;
  /** The debug options it was started with; undefined for a normal environment. */
  debugKey?: string;
  prepared: PreparedHandler;
  logStreamName: string;
  streaming: boolean;
  layout: LayerLayout;
  idleTimer?: NodeJS.Timeout;
  /** reset() was called while it ran: it ends instead of going back to the pool. */
  retired?: boolean;
}

/** A worker process started before the runtime existed (the CLI's entry), with what it was started with. */
export interface StartedWorker {
  command: WorkerCommand;
  child: ChildProcess;
  /** Whether it has already exited or failed to start (its events were heard before anyone adopted it). */
  ended: () => boolean;
}

/** Ends a started worker nobody adopts, pipes included (they must not keep a CLI run alive). */
export function endStarted(started: StartedWorker): void {
  started.child.kill('SIGKILL');
  for (const s of started.child.stdio) s?.destroy();
}

const INIT_TIMEOUT_MS = 10_000;
const DEFAULT_TENANT = 'local-tenant';

/** A streamed body: Function URL responses start with a JSON prelude (status, headers) and 8 NUL bytes. */
function streamedResponse(contentType: string, chunks: Buffer[]): { stream: StreamedResponse; body: string } {
  let body = Buffer.concat(chunks);
  const stream: StreamedResponse = { contentType, chunks: chunks.length, bytes: body.length };
  if (contentType === 'application/vnd.awslambda.http-integration-response') {
    const end = body.indexOf(Buffer.alloc(8));
    if (end >= 0) {
      try {
        stream.prelude = JSON.parse(body.subarray(0, end).toString('utf8')) as StreamedResponse['prelude'];
        body = body.subarray(end + 8);
        stream.bytes = body.length;
      } catch {
        // Not a prelude after all: the whole body is the response.
      }
    }
  }
  return { stream, body: body.toString('utf8') };
}

export class LocalRuntime {
  private readonly idle = new Map<string, Environment[]>();
  private readonly busy = new Map<string, Set<Environment>>();
  private readonly spares: Array<{ spec: SpareSpec; worker: RuntimeWorker }> = [];
  /** Total host time spent sampling memory (what the sampler costs), for the benchmark. */
  samplingMs = 0;

  private readonly interpreters: InterpreterResolver;

  constructor(private readonly options: LocalRuntimeOptions) {
    this.interpreters = options.interpreters ?? new InterpreterResolver(nodeInterpreterHost({ env: process.env }));
  }

  /**
   * Starts a worker before it is known to be needed (the CLI, while it reads the model): the next cold start
   * that needs this interpreter and memory size adopts it instead of waiting for a new process. Returns its pid.
   * `started`: the same worker, already started by the caller with `spawnWorkerProcess(command)` (the CLI's entry
   * starts it before it loads the runtime); it is taken only if its command is the one this runtime would run,
   * else it is ended and a new one started.
   */
  prespawn(spec: SpareSpec, started?: StartedWorker): number | undefined {
    const settings = { memorySizeMb: spec.memorySizeMb } as FunctionSettings;
    const workerSpec = this.workerSpec(lambdaPlatform, spec.family, spec.executable, settings, startupEnvironment(this.options.hostEnv), process.cwd());
    let worker: RuntimeWorker | undefined;
    if (started) {
      const own = spareCommand(spec, { runtimeDir: this.options.runtimeDir, hostEnv: this.options.hostEnv, cwd: process.cwd() });
      const { family, executable, cwd, env, nodeBootstrap, nodeFlags } = workerSpec;
      const same = JSON.stringify(own) === JSON.stringify(started.command) && JSON.stringify(own) === JSON.stringify({ family, executable, cwd, env, nodeBootstrap, nodeFlags });
      if (same && !started.ended()) worker = RuntimeWorker.adopt(started.child, workerSpec);
      else endStarted(started);
    }
    worker ??= RuntimeWorker.spawn(workerSpec);
    this.spares.push({ spec, worker });
    return worker.pid;
  }

  private workerSpec(platform: RuntimePlatform, family: 'node' | 'python', executable: string, settings: FunctionSettings, env: Record<string, string>, cwd: string, execArgv?: string[], fn?: FunctionDef): WorkerSpawn {
    return {
      family,
      executable,
      cwd,
      env,
      nodeBootstrap: join(this.options.runtimeDir, platform.bootstrap),
      memorySizeMb: settings.memorySizeMb,
      execArgv,
      cgroup: this.options.cgroup,
      nodeFlags: platform.nodeFlags(settings),
      describeTimeout: fn ? platform.describeTimeout?.(fn) : undefined,
    };
  }

  /** The interpreter a function runs on (what `invoke` would use); throws InterpreterNotFound when there is none. */
  interpreterFor(fn: FunctionDef, project: Project): Promise<ResolvedInterpreter> {
    const settings = platformFor(project).settings(fn, project);
    return this.interpreters.resolve(settings.declaredRuntime, settings.family, this.options.preferences?.(fn, project) ?? {});
  }

  /** Runs one invocation in a warm environment of the function if one is free, else in a new one (a cold start). */
  async invoke(req: LocalInvokeRequest): Promise<InvokeResult> {
    const wallStart = performance.now();
    const platform = platformFor(req.project);
    const settings = platform.settings(req.fn, req.project, req.region);
    // The interpreter lookup, the function's values and the local cloud's endpoint (AWS workers reach it) are
    // independent: they run together, and their errors still come in this order.
    const interpreterLookup = this.interpreterFor(req.fn, req.project);
    const valuesRead = platform.readValues(req.fn, req.project);
    const serviceEnvMade: Promise<Record<string, string>> = platform.cloud === 'aws' && this.options.serviceEnv ? this.options.serviceEnv(req.fn, req.project) : Promise.resolve({});
    valuesRead.catch(() => undefined);
    serviceEnvMade.catch(() => undefined);
    const interpreter = await interpreterLookup;
    const values = await valuesRead;
    const serviceEnv = await serviceEnvMade;
    const requestId = randomUUID();
    const warnings = [...interpreter.warnings];
    const tenantId = settings.perTenant ? (req.tenantId ?? DEFAULT_TENANT) : undefined;
    if (settings.perTenant && !req.tenantId) warnings.push(`${req.fn.name} isolates tenants (TenancyConfig PER_TENANT): Lambda needs a tenant id for every invocation; "${DEFAULT_TENANT}" was used.`);
    let logs = '';
    const log = (text: string): void => {
      logs += text;
      req.onLog?.(text);
    };

    // What decides whether a warm environment still fits: the settings, the environment (minus the log stream
    // name, new for every environment), the interpreter, the debug options and the tenant.
    const baseEnv = platform.environment(req.fn, req.project, settings, { hostEnv: this.options.hostEnv, values, taskRoot: req.fn.codeRoot ?? '', runtimeDir: this.options.runtimeDir, extra: serviceEnv });
    const debugKey = req.debug ? req.debug.execArgv.join(' ') : undefined;
    const key = JSON.stringify({ settings, env: { ...baseEnv.env, AWS_LAMBDA_LOG_STREAM_NAME: '' }, interpreter: interpreter.path, debugKey, tenantId });
    if (req.coldStart) this.endIdle(req.fn.id, (e) => e.debugKey === debugKey);
    let env = await this.takeIdle(req.fn.id, key);

    let initDurationMs: number | undefined;
    let initError: LambdaError | undefined;
    if (!env) {
      const cold = await this.coldStart(req, platform, settings, interpreter, values, serviceEnv, key, log);
      initDurationMs = cold.initDurationMs;
      initError = cold.error;
      env = cold.env;
      warnings.push(...cold.notes);
    }
    const interpreterInfo = { family: interpreter.family, version: interpreter.version, path: interpreter.path, source: interpreter.source };

    log(platform.startLine(req.fn, requestId, { settings, ...(tenantId ? { tenantId } : {}) }));
    let durationMs = 0;
    let maxRssKb: number | undefined;
    let payload: string | undefined;
    let error: LambdaError | undefined = initError;
    let timedOut = false;
    let streamed: { contentType: string; chunks: Buffer[] } | undefined;
    if (env && !initError) {
      const timeoutMs = req.debug ? undefined : settings.timeoutSeconds * 1000;
      this.markBusy(req.fn.id, env, true);
      const sampledBefore = env.worker.memorySamplingMs;
      const outcome = await env.worker.invoke(
        {
          ...platform.invokeMessage({ fn: req.fn, project: req.project, requestId, event: req.event, deadlineMs: timeoutMs ? Date.now() + timeoutMs : 0, settings, logStreamName: env.logStreamName, traceId: req.traceId ?? newTraceId(Date.now()) }),
          ...(tenantId ? { tenantId } : {}),
        },
        timeoutMs,
        {
          onLog: log,
          onStreamStart: (contentType) => (streamed = { contentType, chunks: [] }),
          onChunk: (data) => {
            (streamed ??= { contentType: 'application/octet-stream', chunks: [] }).chunks.push(data);
            req.onChunk?.(data);
          },
        },
        req.signal,
      );
      this.markBusy(req.fn.id, env, false);
      durationMs = outcome.durationMs;
      maxRssKb = outcome.maxRssKb;
      payload = outcome.payload;
      error = outcome.error;
      timedOut = outcome.timedOut === true;
      this.samplingMs += env.worker.memorySamplingMs - sampledBefore;
      const keep = !outcome.dead && !env.retired && (!req.debug || req.debug.keepWarm === true);
      if (keep) this.release(req.fn.id, env);
      else void this.end(env);
    }
    if (logs && !logs.endsWith('\n')) log('\n');
    // The measured peak, never capped: over the limit the invocation has already ended as Runtime.OutOfMemory.
    const maxMemoryUsedMb = maxRssKb ? Math.ceil(maxRssKb / 1024) : 0;
    const billedDurationMs = platform.billedDurationMs(durationMs, initDurationMs);
    const interpreterLabel = `${interpreter.family === 'node' ? 'Node.js' : 'Python'} ${interpreter.version}`;
    log(platform.endLines({ fn: req.fn, settings, requestId, durationMs, billedDurationMs, memorySizeMb: settings.memorySizeMb, maxMemoryUsedMb, initDurationMs, error, timedOut, interpreter: interpreterLabel }));

    let result: unknown;
    let outputs: Record<string, unknown> | undefined;
    let stream: StreamedResponse | undefined;
    if (streamed && !error) {
      const s = streamedResponse(streamed.contentType, streamed.chunks);
      stream = s.stream;
      result = s.body;
    } else if (payload !== undefined && payload !== '' && !error) {
      ({ result, outputs } = platform.readResult(payload));
    } else if (env?.streaming && !error) {
      result = '';
      stream = { contentType: 'application/octet-stream', chunks: 0, bytes: 0 };
    }
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
      interpreter: interpreterInfo,
      ...(env ? { memoryEnforcement: env.worker.memoryEnforcement } : {}),
      ...(warnings.length ? { warnings } : {}),
      ...(stream ? { stream } : {}),
      ...(tenantId ? { tenantId } : {}),
      ...(settings.logging?.format === 'JSON' ? { logFormat: 'JSON' as const } : {}),
    };
  }

  /** A new environment: a worker (adopted or spawned), the layers, the handler (built while the process starts), init. */
  private async coldStart(
    req: LocalInvokeRequest,
    platform: RuntimePlatform,
    settings: FunctionSettings,
    interpreter: ResolvedInterpreter,
    values: Record<string, string>,
    serviceEnv: Record<string, string>,
    key: string,
    log: (text: string) => void,
  ): Promise<{ env?: Environment; initDurationMs: number; error?: LambdaError; notes: string[] }> {
    const location = handlerLocation(req.fn);
    const layout = await layoutLayers(req.fn.layers, req.project, { family: settings.family, line: versionLine(interpreter.version, settings.family) });
    const bundles = settings.family === 'node' && isTypeScript(location.file);
    // A CommonJS bundle lives outside the project: its external packages resolve through NODE_PATH (first, as
    // they would from the handler's own folder), then the layers, then (Lambda) the runtime's own AWS SDK.
    const projectPackages = bundles ? nodeModulesChain(location.taskRoot) : [];
    const providedSdk = platform.cloud === 'aws' && settings.family === 'node' ? [providedSdkNodeModules(this.options.runtimeDir)] : [];
    const env = platform.environment(req.fn, req.project, settings, {
      hostEnv: this.options.hostEnv,
      values,
      taskRoot: location.taskRoot,
      runtimeDir: this.options.runtimeDir,
      extra: { ...serviceEnv, ...(platform.cloud === 'azure' && bundles ? { NODE_PATH: projectPackages.join(delimiter) } : {}) },
      paths: { nodePath: [...projectPackages, ...layout.paths.NODE_PATH, ...providedSdk], pythonPath: layout.paths.PYTHONPATH, binPath: layout.paths.PATH, libPath: layout.paths.LD_LIBRARY_PATH },
    });
    const userVars = Object.fromEntries(Object.keys(req.fn.environment).filter((k) => k in env.env).map((k) => [k, env.env[k]]));
    const startup = platform.startsWithFunctionEnvironment ? env.env : startupEnvironment(this.options.hostEnv, userVars);
    const worker =
      (platform === lambdaPlatform ? this.adoptSpare(settings, interpreter, startup, req.debug) : undefined) ??
      RuntimeWorker.spawn(this.workerSpec(platform, settings.family, interpreter.path, settings, startup, location.taskRoot, req.debug?.execArgv, req.fn));
    // A debugger attaches while the handler is prepared; init waits for both.
    const attached = req.debug?.beforeInit?.(worker).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    let prepared: PreparedHandler;
    try {
      prepared = platform.prepare(req.fn, req.project, await prepareHandler(req.fn, settings, this.options.buildRoot, req.project));
    } catch (err) {
      worker.kill();
      void disposeLayout(layout);
      throw err;
    }
    // A layer folder that gains or loses an entry means a new cold start, like a new layer version.
    for (const dir of layout.dirs) prepared.inputs.set(dir, await mtime(dir));
    log(platform.initStartLine?.(settings, interpreter) ?? '');
    if (prepared.buildError) {
      worker.kill();
      void disposeLayout(layout);
      log(platform.loadErrorLine(req.fn, prepared.buildError, 'build', settings));
      return { initDurationMs: 0, error: prepared.buildError, notes: layout.notes };
    }
    const attachError = await attached;
    if (attachError) {
      worker.kill();
      void disposeLayout(layout);
      const cancelled = req.signal?.aborted === true;
      return {
        initDurationMs: 0,
        error: { errorType: cancelled ? 'Cancelled' : 'Runtime.DebuggerError', errorMessage: cancelled ? 'The invocation was cancelled' : `the debugger did not attach: ${attachError.message}`, trace: [] },
        notes: layout.notes,
      };
    }
    const init = await worker.init(
      {
        type: 'init',
        env: env.env,
        cwd: location.taskRoot,
        modulePath: prepared.modulePath,
        exportName: prepared.exportName,
        handlerName: prepared.handlerName,
        moduleKind: prepared.moduleKind === 'esm' ? 'esm' : 'cjs',
        ...(prepared.azure ? { azure: prepared.azure } : {}),
      },
      log,
      req.debug ? undefined : (this.options.initTimeoutMs ?? INIT_TIMEOUT_MS),
    );
    if (!init.ok) {
      worker.kill();
      void disposeLayout(layout);
      log(platform.loadErrorLine(req.fn, init.error, 'init', settings));
      return { initDurationMs: init.initDurationMs, error: init.error, notes: layout.notes };
    }
    const debugKey = req.debug ? req.debug.execArgv.join(' ') : undefined;
    return { env: { worker, key, debugKey, prepared, logStreamName: env.logStreamName, streaming: init.streaming, layout }, initDurationMs: init.initDurationMs, notes: layout.notes };
  }

  /** A pre-started worker that fits (interpreter, memory size, start-up environment); spares that cannot fit end. */
  private adoptSpare(settings: FunctionSettings, interpreter: ResolvedInterpreter, startup: Record<string, string>, debug: LocalInvokeRequest['debug']): RuntimeWorker | undefined {
    const fits = !debug && JSON.stringify(startup) === JSON.stringify(startupEnvironment(this.options.hostEnv));
    const i = this.spares.findIndex((s) => fits && s.worker.alive && s.spec.family === settings.family && s.spec.executable === interpreter.path && s.spec.memorySizeMb === settings.memorySizeMb);
    const adopted = i >= 0 ? this.spares.splice(i, 1)[0].worker : undefined;
    for (const s of this.spares.splice(0)) s.worker.kill();
    return adopted;
  }

  /** A free warm environment of the function that fits, if any (the most recently used first). */
  private async takeIdle(fnId: string, key: string): Promise<Environment | undefined> {
    const list = this.idle.get(fnId) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const env = list[i];
      if (env.key !== key || !env.worker.alive) continue;
      list.splice(i, 1);
      if (env.idleTimer) clearTimeout(env.idleTimer);
      if (await inputsChanged(env.prepared.inputs)) {
        void this.end(env);
        this.endIdle(fnId, (e) => e.key === key);
        return undefined;
      }
      return env;
    }
    return undefined;
  }

  private markBusy(fnId: string, env: Environment, busy: boolean): void {
    const set = this.busy.get(fnId) ?? new Set<Environment>();
    if (busy) set.add(env);
    else set.delete(env);
    if (set.size) this.busy.set(fnId, set);
    else this.busy.delete(fnId);
  }

  private release(fnId: string, env: Environment): void {
    const list = this.idle.get(fnId) ?? [];
    list.push(env);
    this.idle.set(fnId, list);
    const ttl = this.options.idleTimeoutMs ?? 15 * 60_000;
    env.idleTimer = setTimeout(() => {
      const l = this.idle.get(fnId);
      const i = l?.indexOf(env) ?? -1;
      if (l && i >= 0) l.splice(i, 1);
      void this.end(env);
    }, ttl);
    env.idleTimer.unref();
  }

  private async end(env: Environment): Promise<void> {
    if (env.idleTimer) clearTimeout(env.idleTimer);
    env.worker.kill();
    await disposeLayout(env.layout);
  }

  private endIdle(fnId: string, which: (e: Environment) => boolean): void {
    const list = this.idle.get(fnId) ?? [];
    const [gone, kept] = [list.filter(which), list.filter((e) => !which(e))];
    for (const e of gone) void this.end(e);
    if (kept.length) this.idle.set(fnId, kept);
    else this.idle.delete(fnId);
  }

  /** Ends every environment (call when the owner goes away). */
  dispose(): void {
    for (const list of this.idle.values()) for (const e of list) void this.end(e);
    this.idle.clear();
    for (const set of this.busy.values()) for (const e of set) void this.end(e);
    this.busy.clear();
    for (const s of this.spares.splice(0)) s.worker.kill();
  }

  /** Ends the environments of one function, so the next invocation is a cold start. */
  reset(fnId: string): void {
    this.endIdle(fnId, () => true);
    for (const e of this.busy.get(fnId) ?? []) e.retired = true;
  }
}
