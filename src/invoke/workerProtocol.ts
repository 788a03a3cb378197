/**
 * The wire between the host (LocalRuntime) and a runtime worker (the Node or Python bootstrap): one JSON object
 * per line, host → worker on fd 3, worker → host on fd 4. The handler's own stdout/stderr stay free.
 *
 * A worker is started before the host knows which function it will run (the CLI starts it while it reads the
 * model), so `init` carries everything function-specific: the Lambda environment, the task root, the handler.
 */
import type { LambdaError } from '../shared/invokeResult';
import type { AzureInit, AzureInvocation } from './azureWorkerProtocol';

export interface WorkerInit {
  type: 'init';
  /**
   * The function's Lambda environment. It replaces the worker's start-up environment (which held only what the
   * interpreter reads at start); `NODE_PATH` and `PYTHONPATH` in it are applied as the interpreter would at start.
   * The Azure worker is started with its environment and folder and ignores `env` and `cwd`.
   */
  env: Record<string, string>;
  /** The task root (LAMBDA_TASK_ROOT): the worker's working directory from now on. */
  cwd: string;
  /** Absolute path of the module to load (Node: the .js/.mjs, or the bundle of a TypeScript handler); Python: the dotted module name. */
  modulePath: string;
  /** The export to call; dots walk nested objects (`handlers.create`). */
  exportName: string;
  /** What `_HANDLER` says, for error messages (`src/handlers/create.handler`). */
  handlerName: string;
  /** ESM (`import()`) or CommonJS (`require`); Python ignores it. */
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
  /** Functions with tenant isolation (`TenancyConfig`): the tenant this invocation is for. */
  tenantId?: string;
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
  /** `streaming`: the handler is wrapped with `awslambda.streamifyResponse`. */
  | { type: 'ready'; initDurationMs: number; streaming?: boolean }
  | { type: 'initError'; initDurationMs: number; error: LambdaError }
  /** A log line written by the handler (console.*, process.stdout/stderr), in order with the result. */
  | { type: 'log'; text: string }
  /** Response streaming: the content type the handler set, once, before its first chunk. */
  | { type: 'streamStart'; requestId: string; contentType: string }
  /** Response streaming: bytes as the handler writes them (base64). */
  | { type: 'chunk'; requestId: string; data: string }
  | { type: 'result'; requestId: string; durationMs: number; maxRssKb: number; payload: string }
  | { type: 'error'; requestId: string; durationMs: number; maxRssKb: number; error: LambdaError; fatal: boolean };
