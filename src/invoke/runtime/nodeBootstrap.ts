/**
 * The Node.js runtime worker: a child process that loads one handler and runs invocations the way the Lambda
 * Node.js runtime does (context object, callback/async/streaming handlers, Lambda log formats, fatal errors end
 * the process). Built to dist/runtime/nodeBootstrap.js; the host talks to it over fd 3 (in) and fd 4 (out).
 *
 * Between invocations the worker is frozen like a Lambda execution environment: it blocks in a synchronous read
 * of its input, so timers a handler left behind run only once the next invocation arrives. During an invocation
 * nothing of the bootstrap keeps the event loop alive, so an empty event loop shows up as `beforeExit`, which is
 * how the Lambda runtime client decides when a callback's answer may go out.
 */
import Module from 'node:module';
import type * as streamModule from 'node:stream';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { LogConfig, LogLevel } from '../lambdaLogFormat';
import { formatErrorLine, formatLogLine, levelEnabled, logConfigFromEnv, textLogConfig } from '../lambdaLogFormat';
import type { LambdaError } from '../../shared/invokeResult';
import type { HostInput } from '../workerChannel';
import { captureStdio, clockMs, hostInput, send, toLambdaError } from '../workerChannel';
import type { WorkerInit, WorkerInvoke } from '../workerProtocol';
import { registerProvidedSdk, unresolvableSdkImports } from '../providedSdk';

const MAX_PAYLOAD = 6 * 1024 * 1024;
/** Response streaming's soft limit per invocation. */
const MAX_STREAMED = 20 * 1024 * 1024;
const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const STREAM_RESPONSE = 'response';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; fatal?: boolean; lambdaError?: LambdaError };

let current: { requestId: string; tenantId?: string; settle: (outcome: Outcome) => void } | undefined;
let logConfig: LogConfig = textLogConfig;

// ---- logging ----------------------------------------------------------------------------------------------------

function installConsole(): void {
  const levels: Array<[string, LogLevel]> = [
    ['log', 'INFO'],
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
    ['debug', 'DEBUG'],
    ['trace', 'TRACE'],
    ['fatal', 'FATAL'],
  ];
  for (const [method, level] of levels) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]): void => {
      if (logConfig.format === 'JSON' && !levelEnabled(level, logConfig.applicationLogLevel)) return;
      send({ type: 'log', text: formatLogLine(logConfig, level, current?.requestId, args, current?.tenantId) });
    };
  }
  captureStdio();
}

// ---- awslambda global: response streaming -----------------------------------------------------------------------

type StreamingWritable = Writable & { setContentType(type: string): void; _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void };

/** The `awslambda` global of the Lambda Node.js runtime: `streamifyResponse` and `HttpResponseStream`. */
function installAwsLambdaGlobal(): void {
  const HttpResponseStream = {
    from(stream: StreamingWritable, prelude: unknown): StreamingWritable {
      stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
      // Function URLs read the status and headers from a JSON prelude that ends with 8 NUL bytes.
      stream._onBeforeFirstWrite = (write): void => {
        write(JSON.stringify(prelude));
        write(new Uint8Array(8));
      };
      return stream;
    },
  };
  (globalThis as Record<string, unknown>).awslambda = {
    streamifyResponse: (handler: Record<symbol, unknown>, options?: { highWaterMark?: number }): unknown => {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (typeof options?.highWaterMark === 'number') handler[Symbol.for('aws.lambda.runtime.handler.highWaterMark')] = options.highWaterMark;
      return handler;
    },
    HttpResponseStream,
  };
}

/** The response stream a streaming handler writes to: every chunk goes to the host as it is written. */
function responseStream(requestId: string, onOverflow: () => void): StreamingWritable {
  // Loaded on the first streaming invocation only: most handlers never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Writable: WritableClass } = require('node:stream') as typeof streamModule;
  let contentType = 'application/octet-stream';
  let started = false;
  let bytes = 0;
  const emit = (chunk: string | Uint8Array): void => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    bytes += buf.length;
    if (bytes > MAX_STREAMED) return onOverflow();
    send({ type: 'chunk', requestId, data: buf.toString('base64') });
  };
  const begin = (): void => {
    if (started) return;
    started = true;
    send({ type: 'streamStart', requestId, contentType });
    stream._onBeforeFirstWrite?.(emit);
  };
  const stream = new WritableClass({
    write(chunk: Buffer, _enc, cb): void {
      begin();
      emit(chunk);
      cb();
    },
    final(cb): void {
      begin();
      cb();
    },
  }) as StreamingWritable;
  stream.setContentType = (type: string): void => {
    if (started) throw new Error('Cannot set content-type, too late.');
    contentType = type;
  };
  return stream;
}

// ---- init and invoke --------------------------------------------------------------------------------------------

let handler: ((event: unknown, second: unknown, third?: unknown) => unknown) | undefined;
let streaming = false;

/** The worker started with a neutral environment; from now on it is the function's, as on Lambda. */
function applyEnvironment(msg: WorkerInit): void {
  // Electron run as Node (VS Code's own, the last resort) needs ELECTRON_RUN_AS_NODE for the Node children it starts.
  const keep = process.versions.electron ? 'ELECTRON_RUN_AS_NODE' : undefined;
  for (const key of Object.keys(process.env)) if (!(key in msg.env) && key !== keep) delete process.env[key];
  Object.assign(process.env, msg.env);
  process.chdir(msg.cwd);
  // NODE_PATH is read once at start; read it again now that it is the function's (layers, bundles).
  (Module as unknown as { _initPaths(): void })._initPaths();
  logConfig = logConfigFromEnv(process.env);
}

async function init(msg: WorkerInit): Promise<void> {
  const started = clockMs();
  try {
    applyEnvironment(msg);
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
        initDurationMs: clockMs() - started,
        error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${msg.handlerName} is undefined or not exported`, trace: [`Runtime.HandlerNotFound: ${msg.handlerName} is undefined or not exported`] },
      });
      return;
    }
    handler = target as typeof handler;
    streaming = (target as unknown as Record<symbol, unknown>)[HANDLER_STREAMING] === STREAM_RESPONSE;
    send({ type: 'ready', initDurationMs: clockMs() - started, ...(streaming ? { streaming } : {}) });
  } catch (err) {
    const e = toLambdaError(err);
    const notFound = (err as { code?: string }).code === 'MODULE_NOT_FOUND' || (err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    const syntax = err instanceof SyntaxError;
    const errorType = notFound ? 'Runtime.ImportModuleError' : syntax ? 'Runtime.UserCodeSyntaxError' : e.errorType;
    const errorMessage = notFound || syntax ? `${e.errorType}: ${e.errorMessage}` : e.errorMessage;
    send({ type: 'initError', initDurationMs: clockMs() - started, error: { errorType, errorMessage, trace: e.trace } });
  }
}

/**
 * What happens when the event loop runs empty during an invocation. The Lambda runtime client answers then:
 * with `null` by default (a non-async handler, or a promise that can no longer settle), or with the value a
 * callback was given while `callbackWaitsForEmptyEventLoop` was true.
 */
let onEmptyEventLoop: (() => void) | undefined;

function isPromise(v: unknown): v is Promise<unknown> {
  return Boolean(v) && typeof (v as Promise<unknown>).then === 'function';
}

async function invoke(msg: WorkerInvoke, input: HostInput): Promise<void> {
  const started = clockMs();
  // Lambda's Node runtime sets the trace header per invocation; SDK calls from the handler send it on.
  if (msg.traceId) process.env._X_AMZN_TRACE_ID = msg.traceId;
  else delete process.env._X_AMZN_TRACE_ID;
  let settled = false;
  let resolveOutcome: (o: Outcome) => void = () => undefined;
  const outcome = new Promise<Outcome>((resolve) => (resolveOutcome = resolve));
  const settle = (o: Outcome): void => {
    if (settled) return;
    settled = true;
    onEmptyEventLoop = undefined;
    resolveOutcome(o);
  };
  const context = {
    ...(msg.context ?? {}),
    awsRequestId: msg.requestId,
    ...(msg.tenantId !== undefined ? { tenantId: msg.tenantId } : {}),
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: (): number => (msg.deadlineMs ? Math.max(0, msg.deadlineMs - Date.now()) : 2_147_483_647),
    // The legacy context methods some handlers still call.
    done: (err?: unknown, value?: unknown): void => settle(err ? { ok: false, error: err } : { ok: true, value }),
    succeed: (value?: unknown): void => settle({ ok: true, value }),
    fail: (err: unknown): void => settle({ ok: false, error: err }),
  };
  current = { requestId: msg.requestId, tenantId: msg.tenantId, settle };
  onEmptyEventLoop = () => settle({ ok: true, value: null });
  input.invocation(true);
  try {
    if (streaming) {
      const stream = responseStream(msg.requestId, () => settle({ ok: false, error: undefined, lambdaError: { errorType: 'Function.ResponseSizeTooLarge', errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_STREAMED} bytes).`, trace: [] } }));
      const finished = new Promise<void>((resolve, reject) => {
        stream.on('finish', resolve);
        stream.on('error', reject);
      });
      // A stream error settles the invocation below; it is no unhandled rejection before the handler returns.
      finished.catch(() => undefined);
      const returned = handler!(msg.event, stream, context);
      const done = isPromise(returned) ? returned : Promise.resolve(returned);
      done.then(
        () => {
          if (!stream.writableEnded) stream.end();
          return finished.then(() => settle({ ok: true, value: undefined }));
        },
        (error: unknown) => settle({ ok: false, error }),
      ).catch((error: unknown) => settle({ ok: false, error }));
    } else {
      const callback = (err: unknown, value?: unknown): void => {
        const o: Outcome = err !== undefined && err !== null ? { ok: false, error: err } : { ok: true, value };
        if (context.callbackWaitsForEmptyEventLoop) onEmptyEventLoop = () => settle(o);
        else settle(o);
      };
      const returned = handler!(msg.event, context, callback);
      if (isPromise(returned)) {
        returned.then(
          (value) => settle({ ok: true, value }),
          (error: unknown) => settle({ ok: false, error }),
        );
      }
    }
  } catch (error) {
    settle({ ok: false, error });
  }
  const o = await outcome;
  input.invocation(false);
  const durationMs = clockMs() - started;
  const maxRssKb = process.resourceUsage().maxRSS;
  current = undefined;
  if (o.ok) {
    if (streaming) {
      send({ type: 'result', requestId: msg.requestId, durationMs, maxRssKb, payload: '' });
      return;
    }
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
    send({ type: 'log', text: formatErrorLine(logConfig, msg.requestId, 'Invoke Error', error) });
    send({ type: 'error', requestId: msg.requestId, durationMs, maxRssKb, fatal: o.fatal === true, error });
  }
}

function fatal(lambdaError: LambdaError): void {
  if (current) {
    current.settle({ ok: false, error: undefined, fatal: true, lambdaError });
    // Give the error message time to be written, then end like the Lambda runtime does.
    setImmediate(() => process.exit(129));
  } else {
    send({ type: 'log', text: formatErrorLine(logConfig, undefined, 'Uncaught Exception', lambdaError) });
    process.exit(129);
  }
}

async function serve(input: HostInput): Promise<void> {
  for (;;) {
    const msg = await input.next();
    if (!msg) process.exit(0);
    if (msg.type === 'init') await init(msg);
    else await invoke(msg, input);
    // One turn of the event loop before the freeze, as the runtime client takes one between posting the answer
    // and asking for the next event: what the handler queued with setImmediate runs now.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function main(): void {
  installConsole();
  installAwsLambdaGlobal();
  process.on('uncaughtException', (err) => fatal(toLambdaError(err)));
  process.on('unhandledRejection', (reason) => {
    const inner = toLambdaError(reason);
    const message = reason instanceof Error ? `${inner.errorType}: ${inner.errorMessage}` : inner.errorMessage;
    fatal({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: message, trace: [`Runtime.UnhandledPromiseRejection: ${message}`, ...inner.trace] });
  });
  // Answer from a fresh turn of the loop, never from inside the `beforeExit` emit: if the answer let the next
  // invocation start in there, Node would exit as soon as the emit returned with nothing left to do.
  process.on('beforeExit', () => {
    const listener = onEmptyEventLoop;
    onEmptyEventLoop = undefined;
    if (listener) setImmediate(listener);
  });
  // Under a debugger the worker must stay responsive between runs: no freezing then.
  void serve(hostInput(!process.execArgv.some((a) => a.startsWith('--inspect'))));
}

main();
