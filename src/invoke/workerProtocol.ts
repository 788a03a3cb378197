/**
 * The wire between the host (LocalRuntime) and a runtime worker (the Node or Python bootstrap): one JSON object
 * per line, host → worker on fd 3, worker → host on fd 4. The handler's own stdout/stderr stay free.
 */
import type { LambdaError } from '../shared/invokeResult';
import type { AzureInit, AzureInvocation } from './azureWorkerProtocol';

export interface WorkerInit {
  type: 'init';
  /** Absolute path of the module to load (for TypeScript: the bundled .cjs). */
  modulePath: string;
  /** The export to call; dots walk nested objects (`handlers.create`). */
  exportName: string;
  /** What `_HANDLER` says, for error messages (`src/handlers/create.handler`). */
  handlerName: string;
  /** ESM (`import()`) or CommonJS (`require`). */
  moduleKind: 'esm' | 'cjs';
  /** Azure functions: the programming model and the function (the Azure worker, azureBootstrap). */
  azure?: AzureInit;
}

export interface WorkerInvoke {
  type: 'invoke';
  requestId: string;
  event: unknown;
  /** Epoch ms when the invocation times out (for getRemainingTimeInMillis); 0 when suspended (debugging). */
  deadlineMs: number;
  /** Azure functions: the trigger data as the Functions host sends it (`event` is then unused). */
  azure?: AzureInvocation;
  /** The invocation's X-Ray trace header, set as `_X_AMZN_TRACE_ID` while the handler runs (as Lambda does). */
  traceId?: string;
  /** Lambda's context fields (absent for Azure functions). */
  context?: {
    functionName: string;
    functionVersion: string;
    invokedFunctionArn: string;
    memoryLimitInMB: string;
    logGroupName: string;
    logStreamName: string;
  };
}

export type HostToWorker = WorkerInit | WorkerInvoke;

export type WorkerToHost =
  | { type: 'ready'; initDurationMs: number }
  | { type: 'initError'; initDurationMs: number; error: LambdaError }
  /** A log line written by the handler (console.*, process.stdout/stderr), in order with the result. */
  | { type: 'log'; text: string }
  | { type: 'result'; requestId: string; durationMs: number; maxRssKb: number; payload: string }
  | { type: 'error'; requestId: string; durationMs: number; maxRssKb: number; error: LambdaError; fatal: boolean };
