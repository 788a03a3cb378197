/**
 * Invoking through a running Functions host (Core Tools' `func start`, or a function app in Azure): HTTP-triggered
 * functions on their route, every other trigger through the host's admin endpoint (`POST /admin/functions/{name}`
 * with `{"input": "…"}`), the way `func` documents running a non-HTTP function by hand. With a view of the
 * host's own log (a HostLog: the output of a `func start` this extension runs), the invocation's log lines,
 * invocation id, duration and outcome are read from the host's `Executing`/`Executed` lines.
 */
import type { FunctionDef, Project } from '../model/types';
import type { InvokeResult, LambdaError } from '../shared/invokeResult';
import { azureTrigger, httpRequestOf } from './azureTriggerData';
import type { SentResponse } from '../azure/httpSend';
import { send } from '../azure/httpSend';
import type { AzureHttpResponse } from './azureWorkerProtocol';

/** One line of a host's log: Core Tools' console (`[2026-11-30T10:00:00.123Z] message`) or the log stream. */
export interface HostLine {
  /** ms since the epoch, from the line when it has a time, else when it was read. */
  timestamp: number;
  text: string;
}

/** What an invocation looked like in the host's log. */
export interface HostInvocation {
  invocationId: string;
  /** Every line from `Executing` to `Executed`, as the host wrote them. */
  lines: string[];
  durationMs?: number;
  succeeded: boolean;
  /** The host's exception line of a failed invocation. */
  failure?: string;
}

/** A live view of a host's log (the output of a `func start` this extension started). */
export interface HostLog {
  /**
   * Resolves with the next invocation of `functionName` the host starts after now, once it has ended, or
   * undefined after `timeoutMs` (the host never ran it, or its lines are not in this log).
   */
  nextInvocation(functionName: string, timeoutMs: number, signal?: AbortSignal): Promise<HostInvocation | undefined>;
}

export interface HostInvokeRequest {
  /** The host's base URL: `http://localhost:7071`, `https://<app>.azurewebsites.net`. */
  hostUrl: string;
  fn: FunctionDef;
  project: Project;
  event: unknown;
  /** Keys a host in Azure asks for: the function's key (HTTP), the master key (admin endpoint). Never logged. */
  keys?: { function?: string; master?: string };
  /** Local or remote, for the result. */
  target: 'local' | 'remote';
  /** The host's log, when this extension can read it. */
  hostLog?: HostLog;
  /** How long to wait for the host's lines of the invocation after its answer. */
  logWaitMs?: number;
  signal?: AbortSignal;
  /** Extra trusted CA (a corporate proxy, a test's loopback TLS server). */
  ca?: string;
}

/** One-line error for a host that cannot be reached or refuses the request. */
export class HostError extends Error {}

const executing = /\bExecuting '(?:Functions\.)?([^']+)' \((?:[^)]*?, )?Id=([0-9a-f-]{36})\)/i;
const executed = /\bExecuted '(?:Functions\.)?([^']+)' \((Succeeded|Failed), Id=([0-9a-f-]{36}), Duration=(\d+)ms\)/i;

/**
 * Follows a host's log lines and answers `nextInvocation`: the lines between a function's `Executing` and
 * `Executed` (lines of overlapping invocations of other functions are told apart by the invocation id only
 * on the two framing lines; lines in between go to every open invocation).
 */
export class HostLogFollower implements HostLog {
  private readonly open = new Map<string, { fn: string; lines: string[] }>();
  private readonly waiters: Array<{ fn: string; resolve: (inv: HostInvocation | undefined) => void; claimed?: string }> = [];

  /**
   * Feed every line the host writes, in order. Returns the invocation the line belongs to: its own
   * (`Executing`/`Executed`), else the one invocation open (none when several overlap).
   */
  push(line: string): { functionName?: string; invocationId?: string } {
    const start = executing.exec(line);
    if (start) {
      const [, fn, id] = start;
      this.open.set(id, { fn, lines: [line] });
      const waiter = this.waiters.find((w) => w.fn === fn && !w.claimed);
      if (waiter) waiter.claimed = id;
      return { functionName: fn, invocationId: id };
    }
    const end = executed.exec(line);
    const only = this.open.size === 1 ? [...this.open.entries()][0] : undefined;
    for (const inv of this.open.values()) inv.lines.push(line);
    if (!end) return only ? { functionName: only[1].fn, invocationId: only[0] } : {};
    const [, fnName, outcome, id, duration] = end;
    const inv = this.open.get(id);
    this.open.delete(id);
    const i = this.waiters.findIndex((w) => w.claimed === id);
    if (i >= 0 && inv) {
      const [waiter] = this.waiters.splice(i, 1);
      const failure = inv.lines.find((l) => /Exception while executing function|Result: Failure|\bException: /.test(l));
      waiter.resolve({ invocationId: id, lines: inv.lines, durationMs: Number(duration), succeeded: outcome === 'Succeeded', ...(failure ? { failure: stripTime(failure) } : {}) });
    }
    return { functionName: fnName, invocationId: id };
  }

  nextInvocation(functionName: string, timeoutMs: number, signal?: AbortSignal): Promise<HostInvocation | undefined> {
    return new Promise((resolve) => {
      const waiter = {
        fn: functionName,
        resolve: (inv: HostInvocation | undefined): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(inv);
        },
      } as { fn: string; resolve: (inv: HostInvocation | undefined) => void; claimed?: string };
      const drop = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        waiter.resolve(undefined);
      };
      const onAbort = (): void => drop();
      const timer = setTimeout(drop, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }
}

function stripTime(line: string): string {
  return line.replace(/^\[[^\]]+\]\s*/, '').replace(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z? \[\w+\]\s*/, '');
}

/** `http://localhost:7071/api/x?y=1` of an event, moved onto the host's base URL. */
export function hostRequestUrl(hostUrl: string, eventUrl: string): string {
  const u = new URL(eventUrl);
  const base = new URL(hostUrl.endsWith('/') ? hostUrl : `${hostUrl}/`);
  return new URL(`${u.pathname.replace(/^\//, '')}${u.search}`, base).toString();
}

function connectionError(err: unknown, hostUrl: string): HostError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN' || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || code === 'CERT_HAS_EXPIRED') return new HostError(`the certificate of ${hostUrl} is not trusted (${code})`);
  if (code === 'ECONNREFUSED') return new HostError(`no Functions host answers at ${hostUrl} (start it with "func start", or check the URL)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HostError(`the host of ${hostUrl} cannot be resolved`);
  if ((err as Error).name === 'AbortError') return new HostError('the invocation was cancelled');
  return new HostError(`the Functions host at ${hostUrl} could not be reached: ${cause?.message ?? (err as Error).message}`);
}

function bodyValue(text: string, contentType: string | null): unknown {
  if (!text) return null;
  if (/json/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Invokes `fn` through the host at `hostUrl`; the result has the same shape as a local run's. */
export async function invokeThroughHost(req: HostInvokeRequest): Promise<InvokeResult> {
  const trigger = azureTrigger(req.fn);
  const started = performance.now();
  const watching = req.hostLog?.nextInvocation(req.fn.name, req.logWaitMs ?? 10_000, req.signal);
  let result: unknown;
  let error: LambdaError | undefined;
  let requestId = '';
  if (trigger?.type === 'http') {
    const wire = httpRequestOf(req.fn, req.project, req.event);
    const url = hostRequestUrl(req.hostUrl, wire.url);
    const headers: Record<string, string> = { ...wire.headers };
    if (req.keys?.function) headers['x-functions-key'] = req.keys.function;
    let res: SentResponse;
    try {
      res = await send(url, { method: wire.method, headers, body: wire.body && 'string' in wire.body ? wire.body.string : undefined, signal: req.signal, ca: req.ca });
    } catch (err) {
      throw connectionError(err, req.hostUrl);
    }
    // Hop-by-hop headers belong to the connection, not to the function's response.
    const responseHeaders = Object.fromEntries(Object.entries(res.headers).filter(([k]) => !['connection', 'keep-alive', 'transfer-encoding'].includes(k)));
    const response: AzureHttpResponse = { status: res.status, headers: responseHeaders, cookies: res.cookies, body: bodyValue(res.text, res.headers['content-type'] ?? null) };
    result = response;
    requestId = res.headers['x-ms-invocation-id'] ?? res.headers['x-ms-request-id'] ?? '';
    if (res.status >= 500) error = { errorType: `HTTP ${res.status}`, errorMessage: `the host answered ${res.status} ${res.statusText}${res.text ? `: ${res.text.split('\n')[0].slice(0, 300)}` : ''}`, trace: [] };
  } else {
    const input = req.event && typeof req.event === 'object' && !Array.isArray(req.event) && 'input' in req.event ? (req.event as { input: unknown }).input : req.event;
    const url = new URL(`admin/functions/${encodeURIComponent(req.fn.name)}`, req.hostUrl.endsWith('/') ? req.hostUrl : `${req.hostUrl}/`).toString();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (req.keys?.master) headers['x-functions-key'] = req.keys.master;
    let res: SentResponse;
    try {
      res = await send(url, { method: 'POST', headers, body: JSON.stringify({ input: input === undefined || input === null ? '' : typeof input === 'string' ? input : JSON.stringify(input) }), signal: req.signal, ca: req.ca });
    } catch (err) {
      throw connectionError(err, req.hostUrl);
    }
    const text = res.text;
    if (res.status === 401 || res.status === 403) throw new HostError(`the host refused the admin call (${res.status}): it needs the app's master key`);
    if (res.status === 404) throw new HostError(`the host at ${req.hostUrl} has no function named ${req.fn.name}`);
    if (res.status !== 202 && res.status !== 200 && res.status !== 204) throw new HostError(`the host answered ${res.status} ${res.statusText} to the admin call${text ? `: ${text.split('\n')[0].slice(0, 300)}` : ''}`);
    // The admin endpoint queues the invocation (202 Accepted): the function's outcome is in the host's log.
    result = null;
  }
  const wallMs = performance.now() - started;
  const inv = watching ? await watching : undefined;
  if (inv) {
    requestId ||= inv.invocationId;
    if (!inv.succeeded && !error) error = { errorType: 'FunctionInvocationException', errorMessage: inv.failure ?? `Functions.${req.fn.name} failed (see the host's log)`, trace: [] };
  }
  const logs = inv ? `${inv.lines.join('\n')}\n` : '';
  return {
    target: req.target,
    cloud: 'azure',
    functionName: req.fn.name,
    requestId,
    ...(error ? { error } : { result }),
    logs,
    durationMs: inv?.durationMs ?? wallMs,
  };
}
