/**
 * What the Azure runtime worker speaks. Two layers:
 *
 * 1. The part of the Azure Functions language-worker protocol (FunctionRpc.proto, as the Node worker hands it to
 *    `@azure/functions` through the `@azure/functions-core` module) that a programming model sees: typed data,
 *    HTTP data, binding metadata, the invocation request and response, the programming-model interfaces. The
 *    worker implements the host side of it, so the app's own `@azure/functions` (v4) or the v3 model the real
 *    Node worker ships builds the `HttpRequest`/`InvocationContext`/`context` objects user code sees.
 * 2. Our additions to the runtime worker's JSON-lines wire (src/invoke/workerProtocol.ts): what `init` and
 *    `invoke` carry for an Azure function. JSON cannot hold bytes, so bytes travel as base64.
 */

/** TypedData: one of its fields is set. */
export interface RpcTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  stream?: Uint8Array | null;
  http?: RpcHttpData | null;
  int?: number | null;
  double?: number | null;
  collectionBytes?: { bytes?: Uint8Array[] | null } | null;
  collectionString?: { string?: string[] | null } | null;
  collectionDouble?: { double?: number[] | null } | null;
  collectionSint64?: { sint64?: number[] | null } | null;
}

export interface RpcNullable<T> {
  value?: T | null;
}

export interface RpcHttpCookie {
  name?: string | null;
  value?: string | null;
  domain?: RpcNullable<string> | null;
  path?: RpcNullable<string> | null;
  expires?: RpcNullable<{ seconds?: number | string | null; nanos?: number | null }> | null;
  secure?: RpcNullable<boolean> | null;
  httpOnly?: RpcNullable<boolean> | null;
  sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone' | null;
  maxAge?: RpcNullable<number> | null;
}

/** RpcHttp: an HTTP request (host → worker) or response (worker → host). */
export interface RpcHttpData {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  body?: RpcTypedData | null;
  params?: Record<string, string> | null;
  statusCode?: string | null;
  query?: Record<string, string> | null;
  enableContentNegotiation?: boolean | null;
  rawBody?: RpcTypedData | null;
  identities?: unknown[] | null;
  cookies?: RpcHttpCookie[] | null;
}

export interface RpcBindingInfo {
  type?: string | null;
  direction?: 'in' | 'out' | 'inout' | null;
  dataType?: 'undefined' | 'string' | 'binary' | 'stream' | null;
  properties?: Record<string, string> | null;
  [key: string]: unknown;
}

export interface RpcFunctionMetadata {
  name?: string | null;
  directory?: string | null;
  scriptFile?: string | null;
  entryPoint?: string | null;
  bindings?: Record<string, RpcBindingInfo> | null;
  [key: string]: unknown;
}

export interface RpcParameterBinding {
  name?: string | null;
  data?: RpcTypedData | null;
}

export interface RpcTraceContext {
  traceParent?: string | null;
  traceState?: string | null;
  attributes?: Record<string, string> | null;
}

export interface RpcRetryContext {
  retryCount?: number | null;
  maxRetryCount?: number | null;
}

export interface RpcInvocationRequest {
  invocationId?: string | null;
  functionId?: string | null;
  inputData?: RpcParameterBinding[] | null;
  triggerMetadata?: Record<string, RpcTypedData> | null;
  traceContext?: RpcTraceContext | null;
  retryContext?: RpcRetryContext | null;
}

export interface RpcInvocationResponse {
  invocationId?: string | null;
  outputData?: RpcParameterBinding[] | null;
  returnValue?: RpcTypedData | null;
}

export type RpcLogLevel = 'information' | 'debug' | 'error' | 'trace' | 'warning' | 'critical' | 'none';
export type RpcLogCategory = 'user' | 'system' | 'customMetric';

/** What a programming model gets for one invocation (`@azure/functions-core` CoreInvocationContext). */
export interface CoreInvocationContext {
  invocationId: string;
  request: RpcInvocationRequest;
  metadata: RpcFunctionMetadata;
  state?: 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';
  log(level: RpcLogLevel, category: RpcLogCategory, message: string): void;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: (...args: unknown[]) => unknown): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<RpcInvocationResponse>;
}

/** What `@azure/functions` (v4) or the v3 model registers with `setProgrammingModel`. */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel;
  getCapabilities?(capabilities: Record<string, string>): Promise<Record<string, string>>;
}

// ── Our wire (JSON lines between LocalRuntime and the Azure worker) ──

/** TypedData that survives JSON: bytes as base64. */
export type WireTypedData =
  | { string: string }
  | { json: string }
  | { bytesBase64: string }
  | { http: WireHttpRequest }
  | { int: number }
  | { double: number };

/** An HTTP request as the host puts it in RpcHttp (body as text). */
export interface WireHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  body?: { string: string } | { bytesBase64: string };
}

/** What the Functions host would send for the trigger of one invocation: its data and its trigger metadata. */
export interface AzureTriggerInput {
  data: WireTypedData;
  metadata: Record<string, WireTypedData>;
}

/** `init` additions for an Azure function. */
export interface AzureInit {
  /** `v4`: the module registers functions with `app.*`; `v3`: function.json + module.exports. */
  model: 'v3' | 'v4';
  functionName: string;
  /** The function's folder (v3: the function.json folder; v4: the app root). */
  functionDirectory: string;
  /** v3: the bindings of function.json, keyed by name. v4 registrations carry their own. */
  bindings?: Record<string, RpcBindingInfo>;
  /** Lowest level logged (host.json `logging.logLevel.default`). */
  minLevel: RpcLogLevel;
}

/** `invoke` additions for an Azure function. */
export interface AzureInvocation {
  trigger: AzureTriggerInput;
}

/** What an Azure invocation produced, as the `result` payload carries it. */
export interface AzureOutcome {
  /** The HTTP response (HTTP-triggered functions), else the return value. */
  result: unknown;
  /** Output bindings other than the HTTP response and `$return`, by binding name. */
  outputs: Record<string, unknown>;
}

/** An HTTP response as a person reads it. */
export interface AzureHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** `Set-Cookie` header values. */
  cookies: string[];
  /** JSON bodies parsed, other text as is, binary as `base64:…`. */
  body: unknown;
}
