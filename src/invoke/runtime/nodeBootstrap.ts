/**
 * The Node.js runtime worker: a child process that loads one handler and runs invocations the way the Lambda
 * Node.js runtime does (context object, callback/async handlers, Lambda log format, fatal errors end the
 * process). Built to dist/runtime/nodeBootstrap.js; the host talks to it over fd 3 (in) and fd 4 (out).
 */
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { LambdaError } from '../../shared/invokeResult';
import { captureStdio, send, serveHost, toLambdaError } from '../workerChannel';
import type { WorkerInit, WorkerInvoke } from '../workerProtocol';
import { registerProvidedSdk, unresolvableSdkImports } from '../providedSdk';

const MAX_PAYLOAD = 6 * 1024 * 1024;

let current: { requestId: string; started: number; settle: (outcome: Outcome) => void } | undefined;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; fatal?: boolean; lambdaError?: LambdaError };

// Lambda's log format: `<ISO time>\t<request id>\t<LEVEL>\t<message>`.
function installConsole(): void {
  const levels: Array<[keyof Console, string]> = [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
    ['trace', 'TRACE'],
  ];
  for (const [method, level] of levels) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]): void => {
      const text = `${new Date().toISOString()}\t${current?.requestId ?? 'undefined'}\t${level}\t${format(...args)}`;
      send({ type: 'log', text: `${text}\n` });
    };
  }
  captureStdio();
}

let handler: ((event: unknown, context: unknown, callback: unknown) => unknown) | undefined;

async function init(msg: WorkerInit): Promise<void> {
  const started = performance.now();
  try {
    let mod: Record<string, unknown>;
    if (msg.moduleKind === 'esm') {
      // The runtime's own AWS SDK, for ES module handlers whose project does not package it.
      const runtimeDir = process.env.LAMBDA_RUNTIME_DIR;
      if (runtimeDir && unresolvableSdkImports(msg.modulePath).length > 0) registerProvidedSdk(runtimeDir);
      mod = (await import(pathToFileURL(msg.modulePath).href)) as Record<string, unknown>;
    } else {
      mod = require(msg.modulePath) as Record<string, unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
    }
    const lookup = (root: unknown): unknown =>
      msg.exportName.split('.').reduce<unknown>((o, p) => (o && (typeof o === 'object' || typeof o === 'function') ? (o as Record<string, unknown>)[p] : undefined), root);
    let target = lookup(mod);
    // CommonJS loaded through import(): named exports the lexer missed are on the default export.
    if (typeof target !== 'function' && mod.default) target = lookup(mod.default);
    if (typeof target !== 'function') {
      send({
        type: 'initError',
        initDurationMs: performance.now() - started,
        error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${msg.handlerName} is undefined or not exported`, trace: [`Runtime.HandlerNotFound: ${msg.handlerName} is undefined or not exported`] },
      });
      return;
    }
    handler = target as typeof handler;
    send({ type: 'ready', initDurationMs: performance.now() - started });
  } catch (err) {
    const e = toLambdaError(err);
    const notFound = (err as { code?: string }).code === 'MODULE_NOT_FOUND' || (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    const syntax = err instanceof SyntaxError;
    const errorType = notFound ? 'Runtime.ImportModuleError' : syntax ? 'Runtime.UserCodeSyntaxError' : e.errorType;
    const errorMessage = notFound || syntax ? `${e.errorType}: ${e.errorMessage}` : e.errorMessage;
    send({ type: 'initError', initDurationMs: performance.now() - started, error: { errorType, errorMessage, trace: e.trace } });
  }
}

/** Resources that belong to the bootstrap itself (the fd 3 reader): the baseline of an "empty" event loop. */
let baselineResources = 0;

function pendingUserWork(): boolean {
  const info = process.getActiveResourcesInfo().filter((r) => r !== 'Immediate');
  return info.includes('Timeout') || info.length > baselineResources;
}

/** With callbackWaitsForEmptyEventLoop, Lambda answers only once timers and sockets the handler left are done. */
async function waitForEmptyEventLoop(): Promise<void> {
  while (pendingUserWork()) await new Promise((r) => setImmediate(r));
}

async function invoke(msg: WorkerInvoke): Promise<void> {
  const started = performance.now();
  // Lambda's Node runtime sets the trace header per invocation; SDK calls from the handler send it on.
  if (msg.traceId) process.env._X_AMZN_TRACE_ID = msg.traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  const context = {
    ...msg.context,
    awsRequestId: msg.requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: (): number => (msg.deadlineMs ? Math.max(0, msg.deadlineMs - Date.now()) : 2_147_483_647),
    // The legacy context methods some handlers still call.
    done: (err?: unknown, value?: unknown): void => settle(err ? { ok: false, error: err } : { ok: true, value }),
    succeed: (value?: unknown): void => settle({ ok: true, value }),
    fail: (err: unknown): void => settle({ ok: false, error: err }),
  };
  let settled = false;
  let settle: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => {
    settle = (o): void => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
  });
  current = { requestId: msg.requestId, started, settle };
  const callback = (err: unknown, value?: unknown): void => {
    const o: Outcome = err !== undefined && err !== null ? { ok: false, error: err } : { ok: true, value };
    if (context.callbackWaitsForEmptyEventLoop) void waitForEmptyEventLoop().then(() => settle(o));
    else settle(o);
  };
  try {
    const returned = handler!(msg.event, context, callback);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(
        (value) => settle({ ok: true, value }),
        (error: unknown) => settle({ ok: false, error }),
      );
    } else if (handler!.length < 3) {
      // A non-async handler without a callback: Lambda answers null once the event loop is empty.
      void waitForEmptyEventLoop().then(() => settle({ ok: true, value: null }));
    }
  } catch (error) {
    settle({ ok: false, error });
  }
  const o = await outcome;
  const durationMs = performance.now() - started;
  const maxRssKb = process.resourceUsage().maxRSS;
  current = undefined;
  if (o.ok) {
    let payload: string;
    try {
      payload = JSON.stringify(o.value === undefined ? null : o.value);
    } catch (err) {
      send({ type: 'error', requestId: msg.requestId, durationMs, maxRssKb, fatal: false, error: { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${(err as Error).message}`, trace: [] } });
      return;
    }
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      send({ type: 'error', requestId: msg.requestId, durationMs, maxRssKb, fatal: false, error: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size (${Buffer.byteLength(payload)} bytes) exceeded maximum allowed payload size (${MAX_PAYLOAD} bytes).`, trace: [] } });
      return;
    }
    send({ type: 'result', requestId: msg.requestId, durationMs, maxRssKb, payload });
  } else {
    const error = o.lambdaError ?? toLambdaError(o.error);
    // Lambda logs the failure in the function's log stream too.
    send({ type: 'log', text: `${new Date().toISOString()}\t${msg.requestId}\tERROR\tInvoke Error \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}\n` });
    send({ type: 'error', requestId: msg.requestId, durationMs, maxRssKb, fatal: o.fatal === true, error });
  }
}

function fatal(lambdaError: LambdaError): void {
  if (current) {
    current.settle({ ok: false, error: undefined, fatal: true, lambdaError });
    // Give the error message time to be written, then end like the Lambda runtime does.
    setImmediate(() => process.exit(129));
  } else {
    send({ type: 'log', text: `${new Date().toISOString()}\tundefined\tERROR\t${lambdaError.errorType}: ${lambdaError.errorMessage}\n` });
    process.exit(129);
  }
}

function main(): void {
  installConsole();
  process.on('uncaughtException', (err) => fatal(toLambdaError(err)));
  process.on('unhandledRejection', (reason) => {
    const inner = toLambdaError(reason);
    const message = reason instanceof Error ? `${inner.errorType}: ${inner.errorMessage}` : inner.errorMessage;
    fatal({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message, trace: [`Runtime.UnhandledPromiseRejection: ${message}`, ...inner.trace] });
  });
  serveHost((msg) => (msg.type === 'init' ? init(msg) : invoke(msg)));
  // Measured once the reader is open: what an "empty" event loop looks like for this process.
  setImmediate(() => {
    baselineResources = process.getActiveResourcesInfo().filter((r) => r !== 'Immediate' && r !== 'Timeout').length;
  });
}

main();
