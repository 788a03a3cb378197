/** What a log line is, read from its text: level, request id, and whether it is a JSON object. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'platform';

export interface LineInfo {
  level?: LogLevel;
  requestId?: string;
  /**
   * The line carries one JSON object to pretty-print: the whole line (Powertools, Lambda's JSON log format) or,
   * from `jsonAt` on, the message of a Lambda text-format line (`timestamp\trequestId\tLEVEL\t{…}`).
   */
  json: boolean;
  /** Where the JSON object starts when a text prefix comes before it; absent when the whole line is JSON. */
  jsonAt?: number;
  /** The JSON `message` field, for a one-line summary. */
  jsonMessage?: string;
}

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const platformLine = new RegExp(`^(START|END|REPORT|INIT_START|INIT_REPORT|EXTENSION|TELEMETRY)\\b(?:.*?RequestId: (${uuid}|\\S+))?`, 'i');
// Node runtime: `2026-11-29T12:00:00.000Z\t<request id>\tINFO\tmessage`.
const nodeLine = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\t(${uuid}|undefined)\\t(\\w+)\\t`, 'i');
// Python runtime: `[INFO]\t2026-11-29T12:00:00.000Z\t<request id>\tmessage`.
const pythonLine = new RegExp(`^\\[(\\w+)\\]\\t\\S+\\t(${uuid})?`, 'i');
const bareLevel = /^\s*\[?(ERROR|FATAL|CRITICAL|WARN|WARNING|INFO|DEBUG|TRACE)\]?[\s:]/i;
// Azure Functions log stream and the local runtime: `2026-11-29T12:00:00.000 [Information] message`; Core Tools'
// console: `[2026-11-29T12:00:00.000Z] message`.
const azureLine = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z? \[(Trace|Debug|Information|Warning|Error|Critical)\] /;
const coreToolsLine = /^\[\d{4}-\d{2}-\d{2}T[\d:.]+Z?\] /;
// The host's lines around an invocation: `Executing 'Functions.X' (Reason='…', Id=<guid>)`, `Executed … (Succeeded, Id=<guid>, Duration=12ms)`.
const azureInvocation = /\bExecut(ing|ed) '[^']+' \((?:[^)]*?, )?Id=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;

const levelNames: Record<string, LogLevel> = {
  error: 'error', fatal: 'error', critical: 'error', crit: 'error', err: 'error', alert: 'error', emerg: 'error',
  warn: 'warn', warning: 'warn',
  info: 'info', notice: 'info', log: 'info',
  debug: 'debug',
  trace: 'trace',
};

function levelOf(name: unknown): LogLevel | undefined {
  if (typeof name === 'number') {
    // pino's numeric levels.
    return name >= 50 ? 'error' : name >= 40 ? 'warn' : name >= 30 ? 'info' : name >= 20 ? 'debug' : 'trace';
  }
  return typeof name === 'string' ? levelNames[name.toLowerCase()] : undefined;
}

/** Reads level, request id and JSON-ness of one line (Lambda runtimes, Powertools, Lambda JSON log format). */
export function analyzeLine(message: string): LineInfo {
  const trimmed = message.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      const obj = JSON.parse(trimmed) as Record<string, unknown>;
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        const record = typeof obj.record === 'object' && obj.record ? (obj.record as Record<string, unknown>) : undefined;
        const type = typeof obj.type === 'string' ? obj.type : '';
        const requestId = str(obj.requestId) ?? str(obj.function_request_id) ?? str(obj.request_id) ?? str(obj.awsRequestId) ?? str(record?.requestId);
        const level = type.startsWith('platform.') ? 'platform' : levelOf(obj.level ?? obj.levelname ?? obj.severity ?? obj.log_level);
        return { json: true, level, requestId, jsonMessage: typeof obj.message === 'string' ? obj.message : typeof obj.msg === 'string' ? obj.msg : undefined };
      }
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  const azure = azureLine.exec(message) ?? coreToolsLine.exec(message);
  if (azure) {
    const invocation = azureInvocation.exec(message);
    const failed = invocation?.[1] === 'ed' && /\(Failed,/.test(message);
    const level = failed ? 'error' : invocation ? 'platform' : azure[1] ? levelOf(azure[1] === 'Information' ? 'info' : azure[1]) : (bareLevelOf(message.slice(azure[0].length)) ?? undefined);
    return { json: false, level, requestId: invocation?.[2] };
  }
  const platform = platformLine.exec(message);
  if (platform) return { json: false, level: 'platform', requestId: platform[2] };
  const node = nodeLine.exec(message);
  if (node) return { level: levelOf(node[2]) ?? 'info', requestId: node[1] === 'undefined' ? undefined : node[1], ...jsonPayload(message, node[0].length) };
  const python = pythonLine.exec(message);
  if (python && levelOf(python[1])) {
    // `[LEVEL]\ttimestamp\trequestId\tmessage`: the message starts after the third tab.
    const third = nthIndexOf(message, '\t', 3);
    return { level: levelOf(python[1]), requestId: python[2], ...(third >= 0 ? jsonPayload(message, third + 1) : { json: false }) };
  }
  const bare = bareLevel.exec(message);
  if (bare) return { json: false, level: levelOf(bare[1]) };
  if (/^Task timed out after|Runtime exited with error|Runtime\.\w+Error|^Traceback \(most recent call last\)/.test(message)) return { json: false, level: 'error' };
  return { json: false };
}

function bareLevelOf(text: string): LogLevel | undefined {
  const bare = bareLevel.exec(text);
  return bare ? levelOf(bare[1]) : undefined;
}

/** The JSON object (or array) that makes up the rest of a line from `start` on, as `json`/`jsonAt`/`jsonMessage`. */
function jsonPayload(message: string, start: number): Pick<LineInfo, 'json' | 'jsonAt' | 'jsonMessage'> {
  let at = start;
  while (at < message.length && (message[at] === ' ' || message[at] === '\t')) at++;
  const rest = message.slice(at).trimEnd();
  const open = rest[0];
  if ((open !== '{' || !rest.endsWith('}')) && (open !== '[' || !rest.endsWith(']'))) return { json: false };
  try {
    const value = JSON.parse(rest) as unknown;
    const msg = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).message : undefined;
    return { json: true, jsonAt: at, ...(typeof msg === 'string' ? { jsonMessage: msg } : {}) };
  } catch {
    return { json: false };
  }
}

function nthIndexOf(text: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * Gives lines without a request id the id of the invocation around them: between a stream's
 * `START RequestId: x` and its `REPORT RequestId: x` (Azure: `Executing '…' (… Id=x)` and `Executed '…'`),
 * every line (a Python print, a stack trace) belongs to x. Streams are independent (one Lambda instance each).
 */
export class RequestTracker {
  private readonly current = new Map<string, string>();

  /** The request id of this line: its own, else the one open on its stream. */
  track(stream: string, message: string, info: LineInfo): string | undefined {
    if (info.requestId) {
      if (/^START\b|\bExecuting '/.test(message) || info.level !== 'platform') this.current.set(stream, info.requestId);
      if (/^REPORT\b|\bExecuted '/.test(message)) this.current.delete(stream);
      return info.requestId;
    }
    return this.current.get(stream);
  }
}
