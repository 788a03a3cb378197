/**
 * The extension point of the local runtime: what differs between running a Lambda handler and an Azure function
 * in the same worker machinery (process per function, warm reuse, timeouts, memory limit, debugging). The
 * LocalRuntime owns the lifecycle; a platform says which worker bootstrap to start, the function's settings and
 * environment, what the worker's `init`/`invoke` carry, how the platform frames an invocation in its logs, and
 * how the result payload reads.
 */
import type { FunctionDef, Project } from '../model/types';
import type { LambdaError } from '../shared/invokeResult';
import { formatReportLine } from '../shared/invokeResult';
import type { AzureOutcome } from './azureWorkerProtocol';
import { azureEnvironment, azureHandlerName, azureInit, azureInvocation, azureTimeout, executedLines, executingLine, readLocalSettings } from './azurePlatform';
import type { PreparedHandler } from './handlerBuild';
import type { ResolvedInterpreter } from './interpreters';
import type { FunctionSettings } from './lambdaEnvironment';
import { functionSettings, invokeContext, lambdaEnvironment, readDotEnv } from './lambdaEnvironment';
import { formatErrorLine, levelEnabled, platformRecord, textLogConfig } from './lambdaLogFormat';
import { lambdaNodeFlags } from './runtimeWorker';
import type { WorkerInvoke } from './workerProtocol';

export interface WorkerEnvironment {
  env: Record<string, string>;
  /** Variables the model could not resolve and no file supplied: left unset, reported to the user. */
  unresolved: string[];
  /** Lambda's log stream name (new for every worker); empty for Azure. */
  logStreamName: string;
}

export interface InvocationEnd {
  fn: FunctionDef;
  settings: FunctionSettings;
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  error?: LambdaError;
  timedOut?: boolean;
  /** `Node.js 22.11.0`: what ran (local runs name it; the platform's own lines have no such field). */
  interpreter?: string;
}

/** Search paths the local runtime adds for a function (Lambda: its layers, and the project's packages for a bundle). */
export interface SearchPaths {
  nodePath?: string[];
  pythonPath?: string[];
  binPath?: string[];
  libPath?: string[];
}

export interface RuntimePlatform {
  readonly cloud: 'aws' | 'azure';
  /** The worker's bootstrap in the runtime folder (dist/runtime). */
  readonly bootstrap: string;
  /** Settings the worker runs with; throws a one-line reason when the function cannot run locally. */
  settings(fn: FunctionDef, project: Project, region?: string): FunctionSettings;
  /** Values from files that feed the environment: `.env` (Lambda), local.settings.json `Values` (Azure). Never logged. */
  readValues(fn: FunctionDef, project: Project): Promise<Record<string, string>>;
  environment(
    fn: FunctionDef,
    project: Project,
    settings: FunctionSettings,
    options: { hostEnv: Record<string, string | undefined>; values: Record<string, string>; taskRoot: string; runtimeDir: string; extra?: Record<string, string>; paths?: SearchPaths },
  ): WorkerEnvironment;
  /**
   * Whether a worker starts with the function's whole environment and folder (Azure, as the Functions host starts
   * its workers) rather than getting them with `init` (Lambda: a worker can start before the function is known).
   */
  readonly startsWithFunctionEnvironment: boolean;
  /** Node options the platform's workers start with (Lambda: the heap sizes its bootstrap derives from the memory size). */
  nodeFlags(settings: FunctionSettings): string[];
  /** The line a cold start begins with (Lambda's INIT_START), naming the interpreter. */
  initStartLine?(settings: FunctionSettings, interpreter: ResolvedInterpreter): string;
  /** What the platform's worker needs on top of the prepared module. */
  prepare(fn: FunctionDef, project: Project, prepared: PreparedHandler): PreparedHandler;
  invokeMessage(a: { fn: FunctionDef; project: Project; requestId: string; event: unknown; deadlineMs: number; settings: FunctionSettings; logStreamName: string; traceId?: string }): WorkerInvoke;
  startLine(fn: FunctionDef, requestId: string, o: { settings: FunctionSettings; tenantId?: string }): string;
  endLines(end: InvocationEnd): string;
  /** The log line of a handler that failed to load (build error or init error). */
  loadErrorLine(fn: FunctionDef, error: LambdaError, phase: 'build' | 'init', settings: FunctionSettings): string;
  /** Billed time of one invocation. */
  billedDurationMs(durationMs: number, initDurationMs: number | undefined): number;
  /** The worker's result payload → the result, and any further outputs. */
  readResult(payload: string): { result: unknown; outputs?: Record<string, unknown> };
  describeTimeout?(fn: FunctionDef): (requestId: string, seconds: number) => { log: string; error: LambdaError };
}

/** Lambda's platform lines (START, REPORT, …): text, or with JSON logging records the SystemLogLevel lets through. */
function systemLines(settings: FunctionSettings): 'text' | 'json' | 'none' {
  const logging = settings.logging ?? textLogConfig;
  if (logging.format === 'Text') return 'text';
  return levelEnabled('INFO', logging.systemLogLevel) ? 'json' : 'none';
}

const familyName = (i: ResolvedInterpreter): string => (i.family === 'node' ? 'Node.js' : 'Python');

export const lambdaPlatform: RuntimePlatform = {
  cloud: 'aws',
  bootstrap: 'nodeBootstrap.js',
  startsWithFunctionEnvironment: false,
  nodeFlags: (settings) => lambdaNodeFlags(settings.memorySizeMb),
  settings: (fn, project, region) => functionSettings(fn, project, region),
  readValues: (fn, project) => readDotEnv(fn, project),
  environment: (fn, _project, settings, o) => lambdaEnvironment(fn, settings, { hostEnv: o.hostEnv, dotEnv: o.values, taskRoot: o.taskRoot, runtimeDir: o.runtimeDir, extra: o.extra, ...o.paths }),
  initStartLine: (settings, interpreter) => {
    const lines = systemLines(settings);
    if (lines === 'text') return `INIT_START Runtime Version: ${settings.runtime}\tInterpreter: ${familyName(interpreter)} ${interpreter.version} (${interpreter.path}, ${interpreter.source})\n`;
    if (lines === 'none') return '';
    return platformRecord('platform.initStart', { initializationType: 'on-demand', phase: 'init', runtimeVersion: settings.runtime, functionName: settings.functionName, functionVersion: '$LATEST', interpreter: `${interpreter.path} (${interpreter.version})` });
  },
  prepare: (_fn, _project, prepared) => prepared,
  invokeMessage: (a) => ({ type: 'invoke', requestId: a.requestId, event: a.event, deadlineMs: a.deadlineMs, traceId: a.traceId, context: invokeContext(a.settings, a.logStreamName) }),
  startLine: (_fn, requestId, o) => {
    const lines = systemLines(o.settings);
    if (lines === 'json') return platformRecord('platform.start', { requestId, version: '$LATEST', ...(o.tenantId ? { tenantId: o.tenantId } : {}) });
    return lines === 'text' ? `START RequestId: ${requestId} Version: $LATEST${o.tenantId ? ` Tenant: ${o.tenantId}` : ''}\n` : '';
  },
  endLines: (e) => {
    const lines = systemLines(e.settings);
    if (lines === 'text') return `END RequestId: ${e.requestId}\n${formatReportLine(e)}\n`;
    if (lines === 'none') return '';
    const metrics = { durationMs: Number(e.durationMs.toFixed(2)), billedDurationMs: e.billedDurationMs, memorySizeMB: e.memorySizeMb, maxMemoryUsedMB: e.maxMemoryUsedMb, ...(e.initDurationMs !== undefined ? { initDurationMs: Number(e.initDurationMs.toFixed(2)) } : {}) };
    return platformRecord('platform.report', { requestId: e.requestId, metrics, status: e.error ? (e.timedOut ? 'timeout' : 'error') : 'success', ...(e.interpreter ? { interpreter: e.interpreter } : {}) });
  },
  loadErrorLine: (_fn, error, phase, settings) =>
    phase === 'build' && (settings.logging ?? textLogConfig).format === 'Text'
      ? `${new Date().toISOString()}\tundefined\tERROR\t${error.errorType}: ${error.errorMessage}\n`
      : // Lambda logs a failed init before the invocation's START line.
        formatErrorLine(settings.logging ?? textLogConfig, undefined, phase === 'build' ? 'Init Error' : 'Uncaught Exception', error),
  // Since 2025-08-01 Lambda bills the INIT phase of on-demand ZIP functions too: a cold start's billed
  // duration includes its init duration, as the REPORT line shows it.
  billedDurationMs: (durationMs, initDurationMs) => Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0))),
  readResult: (payload) => ({ result: JSON.parse(payload) as unknown }),
};

export const azurePlatform: RuntimePlatform = {
  cloud: 'azure',
  bootstrap: 'azureBootstrap.js',
  // The Azure worker is started the way the Functions host starts a Node worker: with the app's environment.
  startsWithFunctionEnvironment: true,
  nodeFlags: () => [],
  settings: (fn, project, region) => functionSettings(fn, project, region),
  readValues: (_fn, project) => readLocalSettings(project),
  environment: (fn, project, _settings, o) => azureEnvironment(fn, project, { hostEnv: o.hostEnv, values: o.values, extra: o.extra }),
  prepare: (fn, project, prepared) => ({
    ...prepared,
    // v3: the `entryPoint` of function.json, else module.exports itself (the bootstrap decides).
    exportName: fn.handlerInfo.entryPoint !== undefined || fn.file.endsWith('function.json') ? (fn.handlerInfo.exportName ?? '') : prepared.exportName,
    handlerName: azureHandlerName(fn, project),
    azure: azureInit(fn, project),
  }),
  invokeMessage: (a) => ({ type: 'invoke', requestId: a.requestId, event: null, deadlineMs: a.deadlineMs, azure: azureInvocation(a.fn, a.project, a.event) }),
  startLine: (fn, requestId) => executingLine(fn, requestId),
  endLines: (e) => executedLines(e.fn, e.requestId, e.durationMs, e.error),
  loadErrorLine: (fn, error) => `${new Date().toISOString()} [Error] Worker was unable to load function ${fn.name}: '${error.errorType}: ${error.errorMessage}'\n`,
  // Consumption bills execution time rounded up to the millisecond, at least 100 ms per execution.
  billedDurationMs: (durationMs) => Math.max(100, Math.ceil(durationMs)),
  readResult: (payload) => {
    const outcome = JSON.parse(payload) as AzureOutcome;
    return { result: outcome.result, ...(Object.keys(outcome.outputs ?? {}).length ? { outputs: outcome.outputs } : {}) };
  },
  describeTimeout: (fn) => (requestId, seconds) => azureTimeout(fn, requestId, seconds),
};

export function platformFor(project: Project): RuntimePlatform {
  return project.kind === 'azure-functions' ? azurePlatform : lambdaPlatform;
}
