/**
 * The logs of Azure functions in the cloud, as the Logs view and the CLI read them (the counterpart of the
 * CloudWatch tails): the function app's log stream (Kudu, `/api/logstream/…`, lines as the host writes them, as
 * they happen) and, where the app has Application Insights, its traces and exceptions (queried with
 * `@azure/monitor-query`, polled; they arrive a minute or two after the fact). `auto` follows the log stream and
 * polls Application Insights beside it, or only polls where the app has no log stream (Linux Consumption).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { FunctionApp } from '../azure/connection';
import { ARM_SCOPE } from '../azure/connection';
import { streamLines } from '../azure/httpSend';
import { EventChannel } from './eventChannel';
import type { LogEvent, TailStatus } from './logEvent';

export type AzureTailMode = 'auto' | 'log-stream' | 'app-insights';

export interface AzureTailOptions {
  app: FunctionApp;
  /** Function names to follow (all of the app when empty). */
  functions: string[];
  credential: TokenCredential;
  mode: AzureTailMode;
  follow: boolean;
  /** History shown first (Application Insights), ms since the epoch. */
  since?: number;
  signal: AbortSignal;
  onStatus?: (status: TailStatus) => void;
  /** Something the person should know that does not stop the tail. */
  onNote?: (note: string) => void;
  /** Application Insights polling interval (default 5 s) and the Log Analytics endpoint (default the public one). */
  pollIntervalMs?: number;
  logsEndpoint?: string;
  /** Extra trusted CA (tests' loopback TLS servers). */
  ca?: string;
  now?: () => number;
}

/** `2026-11-30T10:00:00.123 [Information] …` (the log stream writes UTC without a zone). */
const streamLine = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z? \[(\w+)\] (.*)$/;
const invocationLine = /\bExecut(?:ing|ed) '(?:Functions\.)?([^']+)' \((?:[^)]*?, )?Id=([0-9a-f-]{36})/i;

/** Reads one log-stream line; undefined for the stream's own chatter (welcome, heartbeats). */
export function parseStreamLine(line: string, app: string): LogEvent | undefined {
  const m = streamLine.exec(line.trimEnd());
  if (!m) return undefined;
  if (/^No new trace in the past \d+ min/i.test(m[3]) || /^Welcome, you are now connected to log-streaming service/i.test(m[3])) return undefined;
  const inv = invocationLine.exec(m[3]);
  return { timestamp: Date.parse(`${m[1]}Z`), message: `${m[1]}Z [${m[2]}] ${m[3]}`, ...(inv ? { function: inv[1], requestId: inv[2] } : {}), logStream: `${app}/log-stream`, source: 'log-stream' };
}

function kql(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The Application Insights query for the functions' traces and exceptions in a window. */
export function appInsightsQuery(app: string, functions: string[], from: number, to: number): string {
  const names = functions.length ? `| where operation_Name in~ (${functions.map(kql).join(', ')})\n` : '';
  return (
    'union traces, exceptions\n' +
    `| where timestamp between (datetime(${new Date(from).toISOString()}) .. datetime(${new Date(to).toISOString()}))\n` +
    `| where cloud_RoleName =~ ${kql(app)}\n` +
    names +
    "| project timestamp, itemId, itemType, message = iff(itemType == 'exception', strcat(type, ': ', outerMessage), message), severityLevel, operation_Name, invocationId = tostring(customDimensions['InvocationId'])\n" +
    '| order by timestamp asc'
  );
}

const severities = ['Trace', 'Information', 'Warning', 'Error', 'Critical'];

function rowEvent(row: Record<string, unknown>, app: string): LogEvent | undefined {
  const ts = row.timestamp instanceof Date ? row.timestamp.getTime() : Date.parse(String(row.timestamp));
  if (!Number.isFinite(ts)) return undefined;
  const level = severities[Number(row.severityLevel ?? 1)] ?? 'Information';
  const message = String(row.message ?? '');
  const invocationId = typeof row.invocationId === 'string' && row.invocationId ? row.invocationId : undefined;
  return {
    timestamp: ts,
    message: `${new Date(ts).toISOString()} [${level}] ${message}`,
    ...(typeof row.operation_Name === 'string' && row.operation_Name ? { function: row.operation_Name } : {}),
    ...(invocationId ? { requestId: invocationId } : {}),
    eventId: typeof row.itemId === 'string' ? row.itemId : undefined,
    logStream: `${app}/app-insights`,
    source: 'app-insights',
  };
}

/** Waits, or less when the signal aborts (the listener goes with the wait). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

async function token(credential: TokenCredential): Promise<string> {
  const t = await credential.getToken(ARM_SCOPE);
  if (!t) throw new Error('no Azure token for the log stream');
  return t.token;
}

async function followLogStream(o: AzureTailOptions, emit: (e: LogEvent) => void): Promise<'ended' | 'unavailable'> {
  const host = o.app.scmHostName ?? o.app.defaultHostName.replace(/^([^.]+)\./, '$1.scm.');
  // One function's lines, or the whole app's function logs.
  const path = o.functions.length === 1 ? `api/logstream/application/functions/function/${encodeURIComponent(o.functions[0])}` : 'api/logstream/application/functions/host';
  const url = `https://${host}/${path}`;
  let delay = 500;
  const wanted = new Set(o.functions.map((f) => f.toLowerCase()));
  while (!o.signal.aborted) {
    try {
      o.onStatus?.({ mode: 'log-stream', state: 'connecting', logGroups: [url] });
      for await (const line of streamLines(url, { headers: { authorization: `Bearer ${await token(o.credential)}` }, signal: o.signal, ca: o.ca, onResponse: (s) => s < 400 && o.onStatus?.({ mode: 'log-stream', state: 'streaming', logGroups: [url] }) })) {
        const e = parseStreamLine(line, o.app.name);
        if (!e) continue;
        if (wanted.size > 1 && e.function && !wanted.has(e.function.toLowerCase())) continue;
        emit(e);
        delay = 500;
      }
    } catch (err) {
      if (o.signal.aborted) break;
      const status = (err as { statusCode?: number }).statusCode;
      // Linux Consumption apps have no log stream; 401/403: no access to the SCM site.
      if (status === 404 || status === 401 || status === 403) {
        o.onNote?.(`${o.app.name}: the log stream is not available (${status === 404 ? 'Linux Consumption apps have none' : `HTTP ${status}: no access to the app's SCM site`})`);
        return 'unavailable';
      }
      o.onStatus?.({ mode: 'log-stream', state: 'reconnecting', logGroups: [url], detail: (err as Error).message });
    }
    await sleep(delay, o.signal);
    delay = Math.min(delay * 2, 10_000);
  }
  o.onStatus?.({ mode: 'log-stream', state: 'stopped', logGroups: [url] });
  return 'ended';
}

async function pollAppInsights(o: AzureTailOptions, emit: (e: LogEvent) => void): Promise<void> {
  const resourceId = o.app.appInsightsResourceId;
  if (!resourceId) {
    o.onNote?.(`${o.app.name}: no Application Insights resource is linked to the app (its hidden-link: /app-insights-resource-id tag), so no traces are read`);
    return;
  }
  const now = o.now ?? Date.now;
  const { LogsQueryClient, LogsQueryResultStatus } = await import('@azure/monitor-query');
  const client = new LogsQueryClient(o.credential, { ...(o.logsEndpoint ? { endpoint: o.logsEndpoint } : {}), ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}) } as ConstructorParameters<typeof LogsQueryClient>[1]);
  const seen = new Set<string>();
  // Ingestion takes a while: every poll looks back this far and drops what it showed before.
  const overlapMs = 5 * 60_000;
  let from = o.since ?? now() - 10 * 60_000;
  const interval = o.pollIntervalMs ?? 5000;
  for (;;) {
    if (o.signal.aborted) return;
    const to = now();
    o.onStatus?.({ mode: 'app-insights', state: 'streaming', logGroups: [resourceId], detail: `polling Application Insights every ${Math.round(interval / 1000)} s (traces arrive 1–3 minutes late)` });
    const result = await client.queryResource(resourceId, appInsightsQuery(o.app.name, o.functions, from, to), { startTime: new Date(from), endTime: new Date(to) }, { abortSignal: o.signal });
    const table = result.status === LogsQueryResultStatus.Success ? result.tables[0] : result.partialTables[0];
    if (table) {
      const cols = table.columnDescriptors.map((c) => c.name ?? '');
      for (const r of table.rows) {
        const row = Object.fromEntries(cols.map((c, i) => [c, r[i]]));
        const e = rowEvent(row, o.app.name);
        if (!e) continue;
        const key = e.eventId ?? `${e.timestamp}|${e.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        emit(e);
      }
    }
    if (!o.follow) return;
    from = Math.max(from, to - overlapMs);
    await sleep(interval, o.signal);
  }
}

/**
 * The Azure functions' remote lines as one stream. A failure of one source is a note; the other goes on.
 * Without `follow` only Application Insights is read (the log stream has no history).
 */
export function tailAzure(o: AzureTailOptions): AsyncIterable<LogEvent> {
  const channel = new EventChannel<LogEvent>(o.signal);
  const emit = (e: LogEvent): void => channel.push(e);
  const note = (err: unknown, what: string): void => o.onNote?.(`${o.app.name}: ${what}: ${(err as Error).message?.split('\n')[0] ?? String(err)}`);
  const runs: Promise<unknown>[] = [];
  const streams = o.follow && o.mode !== 'app-insights';
  if (streams) runs.push(followLogStream(o, emit).catch((err: unknown) => note(err, 'log stream')));
  if (o.mode !== 'log-stream' || !o.follow) runs.push(pollAppInsights(o, emit).catch((err: unknown) => o.signal.aborted || note(err, 'Application Insights')));
  void Promise.all(runs).then(() => channel.end());
  return channel;
}
