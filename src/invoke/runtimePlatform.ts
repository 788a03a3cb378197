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
import type { FunctionSettings } from './lambdaEnvironment';
import { functionSettings, invokeContext, lambdaEnvironment, readDotEnv } from './lambdaEnvironment';
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
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  error?: LambdaError;
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
    options: { hostEnv: Record<string, string | undefined>; values: Record<string, string>; taskRoot: string; runtimeDir: string; extra?: Record<string, string> },
  ): WorkerEnvironment;
  /** What the platform's worker needs on top of the prepared module. */
  prepare(fn: FunctionDef, project: Project, prepared: PreparedHandler): PreparedHandler;
  invokeMessage(a: { fn: FunctionDef; project: Project; requestId: string; event: unknown; deadlineMs: number; settings: FunctionSettings; logStreamName: string; traceId?: string }): WorkerInvoke;
  startLine(fn: FunctionDef, requestId: string): string;
  endLines(end: InvocationEnd): string;
  /** The log line of a handler that failed to load (build error or init error). */
  loadErrorLine(fn: FunctionDef, error: LambdaError, phase: 'build' | 'init'): string;
  /** Billed time of one invocation. */
  billedDurationMs(durationMs: number, initDurationMs: number | undefined): number;
  /** The worker's result payload → the result, and any further outputs. */
  readResult(payload: string): { result: unknown; outputs?: Record<string, unknown> };
  describeTimeout?(fn: FunctionDef): (requestId: string, seconds: number) => { log: string; error: LambdaError };
}

export const lambdaPlatform: RuntimePlatform = {
  cloud: 'aws',
  bootstrap: 'nodeBootstrap.js',
  settings: (fn, project, region) => functionSettings(fn, project, region),
  readValues: (fn, project) => readDotEnv(fn, project),
  environment: (fn, _project, settings, o) => lambdaEnvironment(fn, settings, { hostEnv: o.hostEnv, dotEnv: o.values, taskRoot: o.taskRoot, runtimeDir: o.runtimeDir, extra: o.extra }),
  prepare: (_fn, _project, prepared) => prepared,
  invokeMessage: (a) => ({ type: 'invoke', requestId: a.requestId, event: a.event, deadlineMs: a.deadlineMs, traceId: a.traceId, context: invokeContext(a.settings, a.logStreamName) }),
  startLine: (_fn, requestId) => `START RequestId: ${requestId} Version: $LATEST\n`,
  endLines: (e) => `END RequestId: ${e.requestId}\n${formatReportLine(e)}\n`,
  loadErrorLine: (_fn, error, phase) =>
    phase === 'build'
      ? `${new Date().toISOString()}\tundefined\tERROR\t${error.errorType}: ${error.errorMessage}\n`
      : // Lambda logs a failed init before the invocation's START line.
        `${new Date().toISOString()}\tundefined\tERROR\tUncaught Exception \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}\n`,
  // Since 2025-08-01 Lambda bills the INIT phase of on-demand ZIP functions too: a cold start's billed
  // duration includes its init duration, as the REPORT line shows it.
  billedDurationMs: (durationMs, initDurationMs) => Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0))),
  readResult: (payload) => ({ result: JSON.parse(payload) as unknown }),
};

export const azurePlatform: RuntimePlatform = {
  cloud: 'azure',
  bootstrap: 'azureBootstrap.js',
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
