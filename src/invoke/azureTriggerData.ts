/**
 * Turns the event a person edits in the Invoke view (the sample events of src/events/azureEvents.ts, or their own
 * JSON) into what the Functions host sends a language worker for that trigger: the trigger's typed data (an
 * RpcHttp request, a queue message string, blob bytes, a batch of Event Hubs events…) and its trigger metadata
 * (route parameters, DequeueCount, BlobTrigger, EnqueuedTimeUtcArray…). Pure: no I/O, clock and ids injected.
 *
 * Non-HTTP events have the shape the host's admin endpoint takes, `{"input": …}`, plus optional fields only the
 * local runtime reads (`metadata`, blob `content`): the same event runs locally and through `func start`.
 */
import { samplePath } from '../events/azureEvents';
import type { FunctionDef, Project, Trigger } from '../model/types';
import type { AzureTriggerInput, WireHttpRequest, WireTypedData } from './azureWorkerProtocol';

export interface TriggerDataOptions {
  now: Date;
  /** A fresh GUID (message ids, ETags). */
  uuid: () => string;
}

/** The Functions host's default route prefix (host.json `extensions.http.routePrefix`). */
export const defaultRoutePrefix = 'api';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A value as the host types it: text stays a string, anything else is JSON. */
export function typed(value: unknown): WireTypedData {
  if (typeof value === 'string') return { string: value };
  if (typeof value === 'number') return Number.isInteger(value) ? { json: String(value) } : { double: value };
  return { json: JSON.stringify(value ?? null) };
}

/** The trigger of a function the event is for (the model gives every Azure function exactly one). */
export function azureTrigger(fn: FunctionDef): Trigger | undefined {
  return fn.triggers[0];
}

function configString(trigger: Trigger | undefined, key: string): string | undefined {
  const hit = trigger?.config[key] ?? Object.entries(trigger?.config ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  return str(hit?.value);
}

/** The route template of an HTTP function: the trigger's `route`, else the function name (as the host does). */
export function routeTemplate(fn: FunctionDef): string {
  return configString(azureTrigger(fn), 'route') ?? fn.name;
}

export function routePrefixOf(project: Project | undefined): string {
  return project?.azure?.routePrefix ?? defaultRoutePrefix;
}

/**
 * Matches a request path (without the route prefix) against an ASP.NET-style route template:
 * `greeting/{name?}`, `products/{id:int}`, `files/{*path}`. Returns the route parameters, or undefined when
 * the path does not match.
 */
export function matchRoute(template: string, path: string): Record<string, string> | undefined {
  const tSegs = template.replace(/^\/+|\/+$/g, '').split('/').filter(Boolean);
  const pSegs = path.replace(/^\/+|\/+$/g, '').split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < tSegs.length; i++) {
    const seg = tSegs[i];
    const m = /^\{(\*)?([^}:?=]+)(?::[^}?=]*)?(\?)?(?:=([^}]*))?\}$/.exec(seg);
    if (!m) {
      if (pSegs[i]?.toLowerCase() !== seg.toLowerCase()) return undefined;
      continue;
    }
    const [, catchAll, name, optional, fallback] = m;
    if (catchAll) {
      if (pSegs.length > i) params[name] = pSegs.slice(i).map(decode).join('/');
      return params;
    }
    if (pSegs[i] === undefined) {
      if (!optional && fallback === undefined) return undefined;
      if (fallback !== undefined) params[name] = fallback;
      continue;
    }
    params[name] = decode(pSegs[i]);
  }
  return pSegs.length > tSegs.length ? undefined : params;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The HTTP request of an HTTP-trigger event: method, absolute URL (on the local host, port 7071, unless the
 * event says otherwise), lower-case headers, query (from the URL and `query`), route parameters (`params`, else
 * matched from the URL against the route template) and the body as text (JSON bodies serialised, with a JSON
 * content type when none is given).
 */
export function httpRequestOf(fn: FunctionDef, project: Project | undefined, event: unknown, baseUrl = 'http://localhost:7071'): WireHttpRequest {
  const e = isObject(event) ? event : {};
  const methods = azureTrigger(fn)?.config.methods?.value;
  const firstMethod = Array.isArray(methods) ? str(methods[0]) : undefined;
  const method = (str(e.method) ?? firstMethod ?? 'GET').toUpperCase();
  const prefix = routePrefixOf(project);
  const template = routeTemplate(fn);
  const defaultPath = `/${[prefix, samplePath(template).path].filter(Boolean).join('/')}`;
  const url = new URL(str(e.url) ?? defaultPath, baseUrl);
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  if (isObject(e.query)) for (const [k, v] of Object.entries(e.query)) if (str(v) !== undefined) query[k] = str(v)!;
  url.search = new URLSearchParams(query).toString();
  const headers: Record<string, string> = {};
  if (isObject(e.headers)) for (const [k, v] of Object.entries(e.headers)) if (str(v) !== undefined) headers[k.toLowerCase()] = str(v)!;
  let params: Record<string, string> = {};
  if (isObject(e.params) && Object.keys(e.params).length) {
    for (const [k, v] of Object.entries(e.params)) if (str(v) !== undefined) params[k] = str(v)!;
  } else {
    const path = decode(url.pathname).replace(/^\/+/, '');
    const rest = prefix && path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`) ? path.slice(prefix.length + 1) : prefix && path.toLowerCase() === prefix.toLowerCase() ? '' : path;
    params = matchRoute(template, rest) ?? {};
  }
  const req: WireHttpRequest = { method, url: url.toString(), headers, query, params };
  const body = e.body;
  if (body !== undefined && body !== null && method !== 'GET' && method !== 'HEAD') {
    if (typeof body === 'string') req.body = { string: body };
    else {
      req.body = { string: JSON.stringify(body) };
      headers['content-type'] ??= 'application/json';
    }
  }
  return req;
}

function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** Metadata from the event's own `metadata` object (camelCase or PascalCase keys) over the defaults. */
function withOverrides(defaults: Record<string, WireTypedData>, event: Record<string, unknown>): Record<string, WireTypedData> {
  const out = { ...defaults };
  if (isObject(event.metadata)) for (const [k, v] of Object.entries(event.metadata)) out[pascal(k)] = typed(v);
  return out;
}

/** Timer info as the host sends it: PascalCase JSON (the programming models camel-case it). */
function timerInfo(event: Record<string, unknown>, now: Date): unknown {
  const t = isObject(event.timer) ? event.timer : {};
  const status = isObject(t.scheduleStatus) ? t.scheduleStatus : {};
  const schedule = isObject(t.schedule) ? t.schedule : {};
  return {
    Schedule: { AdjustForDST: schedule.adjustForDST ?? true },
    ScheduleStatus: {
      Last: str(status.last) ?? new Date(now.getTime() - 300_000).toISOString(),
      Next: str(status.next) ?? new Date(now.getTime() + 300_000).toISOString(),
      LastUpdated: str(status.lastUpdated) ?? now.toISOString(),
    },
    IsPastDue: t.isPastDue === true,
  };
}

/** The blob path's parameters (`samples/{name}` against `samples/report.csv` → name=report.csv). */
export function blobPathParams(pattern: string | undefined, path: string): Record<string, string> {
  if (!pattern) return {};
  const names: string[] = [];
  const re = new RegExp(
    `^${pattern
      .split(/(\{[^{}]+\})/)
      .map((part) => {
        const m = /^\{([^}]+)\}$/.exec(part);
        if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]);
        return '(.+?)';
      })
      .join('')}$`,
  );
  const m = re.exec(path);
  if (!m) return {};
  return Object.fromEntries(names.map((n, i) => [n, m[i + 1]]));
}

/** What the host sends for one invocation of `fn` with `event`. */
export function azureTriggerInput(fn: FunctionDef, project: Project | undefined, event: unknown, options: TriggerDataOptions): AzureTriggerInput {
  const trigger = azureTrigger(fn);
  const e = isObject(event) ? event : { input: event };
  const input = 'input' in e ? e.input : event;
  const nowIso = options.now.toISOString();
  switch (trigger?.type) {
    case 'http': {
      const req = httpRequestOf(fn, project, event);
      const metadata: Record<string, WireTypedData> = { Query: typed(req.query), Headers: typed(req.headers) };
      for (const [k, v] of Object.entries(req.params)) metadata[k] = { string: v };
      return { data: { http: req }, metadata };
    }
    case 'schedule':
      return { data: typed(timerInfo(e, options.now)), metadata: {} };
    case 'queue': {
      const message = typeof input === 'string' ? input : JSON.stringify(input ?? '');
      return {
        data: { string: message },
        metadata: withOverrides(
          {
            QueueTrigger: { string: message },
            DequeueCount: { json: '1' },
            Id: { string: options.uuid() },
            PopReceipt: { string: Buffer.from(options.uuid()).toString('base64').slice(0, 24) },
            InsertionTime: { json: JSON.stringify(nowIso) },
            ExpirationTime: { json: JSON.stringify(new Date(options.now.getTime() + 7 * 86_400_000).toISOString()) },
            NextVisibleTime: { json: JSON.stringify(new Date(options.now.getTime() + 600_000).toISOString()) },
          },
          e,
        ),
      };
    }
    case 'blob': {
      const path = str(input) ?? 'samples/sample.txt';
      const content = e.content === undefined ? `Sample content of ${path}\n` : typeof e.content === 'string' ? e.content : JSON.stringify(e.content);
      const bytes = Buffer.from(content, 'utf8');
      const container = path.split('/')[0];
      const params = blobPathParams(configString(trigger, 'path'), path);
      return {
        data: { bytesBase64: bytes.toString('base64') },
        metadata: withOverrides(
          {
            BlobTrigger: { string: path },
            Uri: { string: `http://127.0.0.1:10000/devstoreaccount1/${path}` },
            Properties: typed({ Length: bytes.length, ContentType: str(e.contentType) ?? 'application/octet-stream', LastModified: nowIso, ETag: `"0x${options.uuid().replace(/-/g, '').slice(0, 15).toUpperCase()}"`, BlobType: 'BlockBlob' }),
            Metadata: typed({}),
            ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { string: v }])),
            ...(container ? { BlobTriggerContainer: { string: container } } : {}),
          },
          e,
        ),
      };
    }
    case 'serviceBus': {
      const body = input ?? '';
      return {
        data: typed(body),
        metadata: withOverrides(
          {
            MessageId: { string: options.uuid().replace(/-/g, '') },
            DeliveryCount: { json: '1' },
            SequenceNumber: { json: '1' },
            EnqueuedTimeUtc: { json: JSON.stringify(nowIso) },
            ExpiresAtUtc: { json: JSON.stringify(new Date(options.now.getTime() + 14 * 86_400_000).toISOString()) },
            ContentType: { string: typeof body === 'string' ? 'text/plain' : 'application/json' },
            ApplicationProperties: typed({}),
            UserProperties: typed({}),
          },
          e,
        ),
      };
    }
    case 'eventHub': {
      const many = (configString(trigger, 'cardinality') ?? 'one').toLowerCase() === 'many';
      const events = Array.isArray(input) ? input : [input];
      const enqueued = events.map((_x, i) => new Date(options.now.getTime() + i).toISOString());
      if (many) {
        return {
          data: typed(events),
          metadata: withOverrides(
            {
              EnqueuedTimeUtcArray: typed(enqueued),
              SequenceNumberArray: typed(events.map((_x, i) => i + 1)),
              OffsetArray: typed(events.map((_x, i) => String(i * 512))),
              PartitionKeyArray: typed(events.map(() => null)),
              PropertiesArray: typed(events.map(() => ({}))),
              SystemPropertiesArray: typed(events.map((_x, i) => ({ 'x-opt-sequence-number': i + 1, 'x-opt-offset': String(i * 512), 'x-opt-enqueued-time': enqueued[i] }))),
              PartitionContext: typed({ ConsumerGroup: configString(trigger, 'consumerGroup') ?? '$Default', EventHubName: configString(trigger, 'eventHubName') ?? 'samples', PartitionId: '0' }),
            },
            e,
          ),
        };
      }
      return {
        data: typed(events[0] ?? null),
        metadata: withOverrides(
          {
            EnqueuedTimeUtc: { json: JSON.stringify(enqueued[0]) },
            SequenceNumber: { json: '1' },
            Offset: { string: '0' },
            Properties: typed({}),
            SystemProperties: typed({ 'x-opt-sequence-number': 1, 'x-opt-offset': '0', 'x-opt-enqueued-time': enqueued[0] }),
            PartitionContext: typed({ ConsumerGroup: configString(trigger, 'consumerGroup') ?? '$Default', EventHubName: configString(trigger, 'eventHubName') ?? 'samples', PartitionId: '0' }),
          },
          e,
        ),
      };
    }
    case 'cosmosDB':
      return { data: typed(Array.isArray(input) ? input : [input ?? {}]), metadata: {} };
    case 'eventGrid':
      return { data: typed(typeof input === 'string' ? parseOr(input) : (input ?? {})), metadata: {} };
    default:
      return { data: input === undefined ? { string: '' } : typed(input), metadata: withOverrides({}, e) };
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
