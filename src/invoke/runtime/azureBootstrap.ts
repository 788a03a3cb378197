/**
 * The Azure Functions Node.js worker: a child process that plays the host side of the language-worker protocol
 * for one function. It provides the `@azure/functions-core` module the programming models talk to
 * (`setProgrammingModel`, `registerFunction`, `registerHook`, `log`), loads the app's code, and runs each
 * invocation through the programming model's own invocation API (`getInvocationModel` → `getArguments` →
 * `invokeFunction` → `getResponse`), so user code gets the real `HttpRequest`/`InvocationContext` (v4, the
 * app's own `@azure/functions`) or `context` (v3, the model the Node worker ships, bundled here).
 * Built to dist/runtime/azureBootstrap.js; the host talks to it over fd 3 (in) and fd 4 (out).
 */
import Module from 'node:module';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { LambdaError } from '../../shared/invokeResult';
import { fromWire, outcomeOf } from '../azureResponse';
import type { AzureInit, CoreInvocationContext, ProgrammingModel, RpcBindingInfo, RpcFunctionMetadata, RpcInvocationRequest, RpcLogCategory, RpcLogLevel, WireHttpRequest } from '../azureWorkerProtocol';
import { captureStdio, clockMs, send, serveHost, toLambdaError } from '../workerChannel';
import type { WorkerInit, WorkerInvoke } from '../workerProtocol';

/** The Node worker version whose core API this emulates, and a Functions host 4.x version. */
const WORKER_VERSION = '3.10.1';
const HOST_VERSION = '4.1037.0';

type Callback = (...args: unknown[]) => unknown;
type HookName = 'appStart' | 'appTerminate' | 'preInvocation' | 'postInvocation' | 'log';

class Disposable {
  #callOnDispose: (() => void) | undefined;
  static from(...items: Array<{ dispose: () => unknown }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  constructor(callOnDispose: () => void) {
    this.#callOnDispose = callOnDispose;
  }
  dispose(): void {
    this.#callOnDispose?.();
    this.#callOnDispose = undefined;
  }
}

const registered = new Map<string, { metadata: RpcFunctionMetadata; callback: Callback }>();
const hooks: Record<HookName, Callback[]> = { appStart: [], appTerminate: [], preInvocation: [], postInvocation: [], log: [] };
const appHookData: Record<string, unknown> = {};
let programmingModel: ProgrammingModel | undefined;
let setup: AzureInit | undefined;
let current: { invocationId: string; started: number; context?: unknown } | undefined;
/** Streaming HTTP (`app.setup({ enableHttpStream: true })`): the programming model's proxy URL. */
let httpProxyUri: string | undefined;

const levels: Record<RpcLogLevel, { rank: number; text: string }> = {
  trace: { rank: 0, text: 'Trace' },
  debug: { rank: 1, text: 'Debug' },
  information: { rank: 2, text: 'Information' },
  warning: { rank: 3, text: 'Warning' },
  error: { rank: 4, text: 'Error' },
  critical: { rank: 5, text: 'Critical' },
  none: { rank: 6, text: 'None' },
};

/** One log line in the Functions log-stream format: `<ISO time> [Information] message`. */
function emit(level: RpcLogLevel, message: string): void {
  const min = levels[setup?.minLevel ?? 'information']?.rank ?? 2;
  if ((levels[level]?.rank ?? 2) < min) return;
  send({ type: 'log', text: `${new Date().toISOString()} [${levels[level]?.text ?? 'Information'}] ${message}\n` });
}

function log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
  let lvl = level;
  let text = message;
  if (hooks.log.length) {
    const init = { level: lvl, message: text, category, invocationContext: current?.context, hookData: {}, appHookData };
    for (const h of hooks.log) h(init);
    lvl = init.level;
    text = init.message;
  }
  // System messages of the library are for the host's own diagnostics; warnings and errors matter to a person.
  if (category === 'system' && (levels[lvl]?.rank ?? 2) < levels.warning.rank) return;
  emit(lvl, text);
}

/** The module `@azure/functions` requires to talk to the worker. */
const coreApi = {
  version: WORKER_VERSION,
  get hostVersion(): string {
    return HOST_VERSION;
  },
  setProgrammingModel(model: ProgrammingModel): void {
    programmingModel = model;
  },
  getProgrammingModel(): ProgrammingModel | undefined {
    return programmingModel;
  },
  registerFunction(metadata: RpcFunctionMetadata, callback: Callback): Disposable {
    const name = String(metadata.name);
    if (registered.has(name)) throw new Error(`A function with name "${name}" has already been registered.`);
    registered.set(name, { metadata, callback });
    return new Disposable(() => registered.delete(name));
  },
  registerHook(name: string, callback: Callback): Disposable {
    const list = hooks[name as HookName];
    if (!list) {
      const err = new RangeError(`Unrecognized hook "${name}"`) as RangeError & { isAzureFunctionsSystemError?: boolean };
      err.isAzureFunctionsSystemError = true;
      throw err;
    }
    list.push(callback);
    return new Disposable(() => list.splice(list.indexOf(callback), 1));
  },
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
    log(level, category, message);
  },
  Disposable,
};

function provideCoreModule(): void {
  const original = Module.prototype.require;
  Module.prototype.require = function (this: NodeJS.Module, id: string) {
    if (id === '@azure/functions-core') return coreApi;
    return original.call(this, id);
  } as typeof original;
}

/** console.* write log-stream lines too (the host records worker output as Information, stderr as Error). */
function installConsole(): void {
  const map: Array<[keyof Console, RpcLogLevel]> = [
    ['log', 'information'],
    ['info', 'information'],
    ['warn', 'warning'],
    ['error', 'error'],
    ['debug', 'debug'],
    ['trace', 'trace'],
  ];
  for (const [method, level] of map) {
    (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args: unknown[]): void => emit(level, format(...args));
  }
  captureStdio();
}

function initError(started: number, error: LambdaError): void {
  send({ type: 'initError', initDurationMs: clockMs() - started, error });
}

/** v3: the function is `module.exports` itself, the `entryPoint` export, or the module's only exported function. */
function v3Callback(mod: unknown, entryPoint: string | undefined, file: string): Callback {
  if (entryPoint) {
    const fn = (mod as Record<string, unknown> | undefined)?.[entryPoint];
    if (typeof fn === 'function') return fn as Callback;
    throw Object.assign(new Error(`Worker was unable to load entry point "${entryPoint}" from ${file}: the export is not a function`), { name: 'Runtime.HandlerNotFound' });
  }
  if (typeof mod === 'function') return mod as Callback;
  const fns = Object.values((mod as Record<string, unknown>) ?? {}).filter((v): v is Callback => typeof v === 'function');
  if (fns.length === 1) return fns[0];
  throw Object.assign(new Error(`Worker was unable to load the function from ${file}: export a function (module.exports = async function (context, …)) or name it with "entryPoint" in function.json`), { name: 'Runtime.HandlerNotFound' });
}

async function load(msg: WorkerInit): Promise<unknown> {
  if (msg.moduleKind === 'esm') return import(pathToFileURL(msg.modulePath).href);
  return require(msg.modulePath) as unknown; // eslint-disable-line @typescript-eslint/no-require-imports
}

async function init(msg: WorkerInit): Promise<void> {
  const started = clockMs();
  setup = msg.azure;
  if (!setup) return initError(started, { errorType: 'Runtime.InvalidInit', errorMessage: 'the Azure worker needs the function metadata', trace: [] });
  try {
    if (setup.model === 'v3') {
      // The v3 model is the Node worker's default; user code does not set one.
      (require(join(__dirname, 'azureFunctionsV3.js')) as { setup: () => void }).setup(); // eslint-disable-line @typescript-eslint/no-require-imports
      let mod = await load(msg);
      if (msg.moduleKind === 'esm' && mod && typeof mod === 'object' && 'default' in mod && !msg.exportName) mod = (mod as { default: unknown }).default;
      const callback = v3Callback(mod, msg.exportName || undefined, msg.handlerName);
      registered.set(setup.functionName, {
        metadata: { name: setup.functionName, directory: setup.functionDirectory, scriptFile: msg.handlerName, bindings: setup.bindings ?? {} },
        callback,
      });
    } else {
      await load(msg);
      if (!programmingModel) {
        return initError(started, {
          errorType: 'Runtime.ImportModuleError',
          errorMessage: `${msg.handlerName} registered no function: a v4 app registers them with app.http(…), app.timer(…) … from the app's own @azure/functions (install it: npm install @azure/functions)`,
          trace: [],
        });
      }
      if (!registered.has(setup.functionName)) {
        const names = [...registered.keys()];
        return initError(started, {
          errorType: 'Runtime.HandlerNotFound',
          errorMessage: `${msg.handlerName} did not register a function named "${setup.functionName}"${names.length ? ` (it registered ${names.join(', ')})` : ''}`,
          trace: [],
        });
      }
    }
    const caps = await programmingModel?.getCapabilities?.({});
    httpProxyUri = caps?.HttpUri;
    for (const h of hooks.appStart) await h({ hookData: {}, appHookData, functionAppDirectory: setup.functionDirectory });
    send({ type: 'ready', initDurationMs: clockMs() - started });
  } catch (err) {
    const e = toLambdaError(err);
    const code = (err as { code?: string }).code;
    const notFound = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
    const missingLibrary = notFound && /@azure\/functions['"]/.test(e.errorMessage);
    const errorType = notFound ? 'Runtime.ImportModuleError' : err instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : e.errorType;
    const errorMessage = missingLibrary
      ? `${e.errorMessage.split('\n')[0]}: the app needs its own @azure/functions; install it (npm install @azure/functions)`
      : notFound || err instanceof SyntaxError
        ? `${e.errorType}: ${e.errorMessage}`
        : e.errorMessage;
    initError(started, { errorType, errorMessage, trace: e.trace });
  }
}

/** Streaming HTTP: sends the request to the programming model's proxy and collects the response it writes there. */
function proxyRequest(uri: string, invocationId: string, req: WireHttpRequest): Promise<{ status: number; headers: Record<string, string>; cookies: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const target = new URL(`${url.pathname}${url.search}`, uri);
    // The host forwards the original host and scheme; the library rebuilds the request URL from them.
    const headers = { ...req.headers, 'x-ms-invocation-id': invocationId, 'x-forwarded-host': url.host, 'x-forwarded-proto': url.protocol.replace(/:$/, '') };
    const r = httpRequest(target, { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (k !== 'set-cookie' && k !== 'x-ms-invocation-id' && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 200, headers, cookies: res.headers['set-cookie'] ?? [], body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    if (req.body) r.write('bytesBase64' in req.body ? Buffer.from(req.body.bytesBase64, 'base64') : req.body.string);
    r.end();
  });
}

async function invoke(msg: WorkerInvoke): Promise<void> {
  const started = clockMs();
  const fn = registered.get(setup?.functionName ?? '');
  const azure = msg.azure;
  const finishError = (err: unknown, fatal = false): void => {
    const error = toLambdaError(err);
    send({ type: 'error', requestId: msg.requestId, durationMs: clockMs() - started, maxRssKb: process.resourceUsage().maxRSS, fatal, error });
  };
  if (!fn || !programmingModel || !azure) return finishError(new Error('the function is not loaded'), true);
  const bindings: Record<string, RpcBindingInfo> = fn.metadata.bindings ?? {};
  const triggerName = Object.entries(bindings).find(([, b]) => typeof b.type === 'string' && /trigger$/i.test(b.type) && b.direction !== 'out')?.[0];
  const request: RpcInvocationRequest = {
    invocationId: msg.requestId,
    functionId: setup?.functionName,
    inputData: triggerName ? [{ name: triggerName, data: fromWire(azure.trigger.data) }] : [],
    triggerMetadata: Object.fromEntries(Object.entries(azure.trigger.metadata).map(([k, v]) => [k, fromWire(v)])),
    traceContext: { traceParent: `00-${msg.requestId.replace(/-/g, '')}-${msg.requestId.replace(/-/g, '').slice(0, 16)}-01`, traceState: '', attributes: {} },
  };
  const coreCtx: CoreInvocationContext = {
    invocationId: msg.requestId,
    request,
    metadata: fn.metadata,
    state: 'preInvocationHooks',
    log: (level, category, message) => log(level, category, message),
  };
  current = { invocationId: msg.requestId, started };
  try {
    const model = programmingModel.getInvocationModel(coreCtx);
    const streamed = httpProxyUri && 'http' in azure.trigger.data ? proxyRequest(httpProxyUri, msg.requestId, azure.trigger.data.http) : undefined;
    const { context, inputs: args } = await model.getArguments();
    current.context = context;
    const hookData: Record<string, unknown> = {};
    const pre = { invocationContext: context, inputs: args, functionCallback: fn.callback, hookData, appHookData };
    for (const h of hooks.preInvocation) await h(pre);
    coreCtx.state = 'invocation';
    let result: unknown;
    let error: unknown;
    try {
      result = await model.invokeFunction(context, pre.inputs, pre.functionCallback);
    } catch (err) {
      error = err;
    }
    coreCtx.state = 'postInvocationHooks';
    const post = { invocationContext: context, inputs: pre.inputs, result, error, hookData, appHookData };
    for (const h of hooks.postInvocation) await h(post);
    if (post.error !== undefined && post.error !== null) throw post.error;
    const response = await model.getResponse(context, post.result);
    const outcome = outcomeOf(response, bindings);
    if (streamed) {
      const res = await streamed;
      const text = res.body.toString('utf8');
      outcome.result = { status: res.status, headers: res.headers, cookies: res.cookies, body: /json/i.test(res.headers['content-type'] ?? '') ? safeJson(text) : text };
    }
    send({ type: 'result', requestId: msg.requestId, durationMs: clockMs() - started, maxRssKb: process.resourceUsage().maxRSS, payload: JSON.stringify(outcome) });
  } catch (err) {
    finishError(err);
  } finally {
    current = undefined;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function fatal(err: unknown): void {
  const e = toLambdaError(err);
  emit('error', `${e.errorType}: ${e.errorMessage}`);
  if (current) send({ type: 'error', requestId: current.invocationId, durationMs: clockMs() - current.started, maxRssKb: process.resourceUsage().maxRSS, fatal: true, error: e });
  // The host restarts a worker that threw outside an invocation's promise.
  setImmediate(() => process.exit(1));
}

function main(): void {
  provideCoreModule();
  installConsole();
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  serveHost((msg) => (msg.type === 'init' ? init(msg) : invoke(msg)));
}

main();
