/**
 * Both directions of the Azure worker's data conversions, pure so they are tested on their own: our JSON wire
 * form of typed data → the RpcTypedData a programming model reads (bytes as Buffers), and the programming
 * model's RpcInvocationResponse → what a person reads (the HTTP response as status, headers, cookies and body;
 * the return value; the other output bindings), the way the Functions host would turn it into an HTTP
 * response or a message.
 */
import type { AzureHttpResponse, AzureOutcome, RpcBindingInfo, RpcHttpCookie, RpcHttpData, RpcInvocationResponse, RpcTypedData, WireHttpRequest, WireTypedData } from './azureWorkerProtocol';

/** Our wire form → RpcTypedData. */
export function fromWire(data: WireTypedData): RpcTypedData {
  if ('bytesBase64' in data) return { bytes: Buffer.from(data.bytesBase64, 'base64') };
  if ('http' in data) return { http: fromWireHttp(data.http) };
  return data;
}

/**
 * The body as bytes: the Node worker declares the RawHttpBodyBytes capability, so the host sends every HTTP body
 * as bytes, and the v3 model reads `req.body`/`rawBody` only from bytes (it decodes them as the old host did).
 */
function fromWireHttp(req: WireHttpRequest): RpcHttpData {
  const body: RpcTypedData | undefined = req.body ? { bytes: 'bytesBase64' in req.body ? Buffer.from(req.body.bytesBase64, 'base64') : Buffer.from(req.body.string, 'utf8') } : undefined;
  return { method: req.method, url: req.url, headers: req.headers, query: req.query, params: req.params, ...(body ? { body } : {}), identities: [] };
}

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A typed value as plain data: JSON parsed, bytes as text when they are UTF-8 (else `base64:…`). */
export function plainValue(data: RpcTypedData | null | undefined): unknown {
  if (!data) return null;
  if (data.http) return httpResponseOf(data.http);
  if (typeof data.string === 'string') return data.string;
  if (typeof data.json === 'string') return parseJson(data.json);
  const bytes = data.bytes ?? data.stream;
  if (isBytes(bytes)) return bytesValue(bytes);
  if (typeof data.int === 'number' || typeof data.int === 'string') return Number(data.int);
  if (typeof data.double === 'number') return data.double;
  if (data.collectionString?.string) return data.collectionString.string.map(parseJson);
  if (data.collectionDouble?.double) return data.collectionDouble.double;
  if (data.collectionSint64?.sint64) return data.collectionSint64.sint64.map(Number);
  if (data.collectionBytes?.bytes) return data.collectionBytes.bytes.map(bytesValue);
  return null;
}

function bytesValue(bytes: Uint8Array): unknown {
  const text = decodeText(bytes);
  return text === undefined ? `base64:${Buffer.from(bytes).toString('base64')}` : text;
}

function cookieText(c: RpcHttpCookie): string {
  const parts = [`${c.name ?? ''}=${c.value ?? ''}`];
  if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
  if (c.path?.value) parts.push(`Path=${c.path.value}`);
  const expires = c.expires?.value;
  if (expires && expires.seconds !== undefined && expires.seconds !== null) parts.push(`Expires=${new Date(Number(expires.seconds) * 1000).toUTCString()}`);
  if (typeof c.maxAge?.value === 'number') parts.push(`Max-Age=${c.maxAge.value}`);
  if (c.secure?.value) parts.push('Secure');
  if (c.httpOnly?.value) parts.push('HttpOnly');
  const sameSite = { lax: 'Lax', strict: 'Strict', explicitNone: 'None', none: undefined }[c.sameSite ?? 'none'];
  if (sameSite) parts.push(`SameSite=${sameSite}`);
  return parts.join('; ');
}

/** An RpcHttp response as the host sends it to the client (a JSON body without a content type gets one). */
export function httpResponseOf(http: RpcHttpData): AzureHttpResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(http.headers ?? {})) headers[k.toLowerCase()] = String(v);
  const body = http.body;
  let value: unknown = null;
  if (body) {
    if (typeof body.json === 'string') {
      headers['content-type'] ??= 'application/json; charset=utf-8';
      value = parseJson(body.json);
    } else if (typeof body.string === 'string') {
      headers['content-type'] ??= 'text/plain; charset=utf-8';
      value = /json/i.test(headers['content-type']) ? parseJson(body.string) : body.string;
    } else {
      const bytes = body.bytes ?? body.stream;
      if (isBytes(bytes) && bytes.length > 0) {
        const text = decodeText(bytes);
        value = text === undefined ? `base64:${Buffer.from(bytes).toString('base64')}` : /json/i.test(headers['content-type'] ?? '') ? parseJson(text) : text;
      } else if (typeof body.int === 'number' || typeof body.double === 'number') {
        value = body.int ?? body.double;
      }
    }
  }
  const status = Number(http.statusCode);
  return { status: Number.isFinite(status) && status > 0 ? status : 200, headers, cookies: (http.cookies ?? []).map(cookieText), body: value };
}

/** Where an output binding writes (a queue, a blob path, a topic…), for a readable label. */
function outputTarget(b: RpcBindingInfo | undefined): string | undefined {
  for (const key of ['queueName', 'path', 'topicName', 'eventHubName', 'containerName', 'collectionName', 'tableName', 'commandText', 'hub']) {
    const v = b?.[key];
    if (typeof v === 'string' && v) return v;
  }
  return undefined;
}

/**
 * An output's label: its binding name, or for the names `@azure/functions` v4 makes up
 * (`queueOutput403f65d53d`) the type and target (`queue:outq`).
 */
export function outputLabel(name: string, binding: RpcBindingInfo | undefined): string {
  const generated = /^([a-zA-Z]+?)Output[0-9a-f]{10}$/.exec(name);
  if (!generated) return name;
  const target = outputTarget(binding);
  return target ? `${generated[1]}:${target}` : name;
}

/**
 * The outcome of an invocation: the HTTP response for HTTP-triggered functions (from `$return` or the named
 * `http` output), else the return value; every other output binding by name.
 */
export function outcomeOf(response: RpcInvocationResponse, bindings: Record<string, RpcBindingInfo>): AzureOutcome {
  const outputs: Record<string, unknown> = {};
  const isHttpOut = (name: string | null | undefined): boolean => typeof bindings[name ?? '']?.type === 'string' && (bindings[name ?? ''].type as string).toLowerCase() === 'http';
  const httpTriggered = Object.values(bindings).some((b) => typeof b.type === 'string' && b.type.toLowerCase() === 'httptrigger');
  let http: AzureHttpResponse | undefined;
  for (const out of response.outputData ?? []) {
    if (isHttpOut(out.name) && out.data?.http) http = httpResponseOf(out.data.http);
    else if (out.name) outputs[outputLabel(out.name, bindings[out.name])] = plainValue(out.data);
  }
  const returned = response.returnValue;
  if (returned?.http) http = httpResponseOf(returned.http);
  if (http) return { result: http, outputs };
  // An HTTP function that set no response: the host answers 204 No Content.
  if (httpTriggered && !returned) return { result: { status: 204, headers: {}, cookies: [], body: null } satisfies AzureHttpResponse, outputs };
  return { result: returned === undefined ? null : plainValue(returned), outputs };
}
