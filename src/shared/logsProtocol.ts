/**
 * Messages between the Logs view (webview, untrusted) and the extension host. The host validates
 * every incoming message with `isLogsWebviewMessage` before acting on it.
 */
import type { LogLevel } from './logLine';

/** One line as the view shows it. Everything in it is data rendered as text, never markup. */
export interface LogLine {
  /** Increasing per view: lets the view keep order and count drops. */
  seq: number;
  timestamp: number;
  message: string;
  function?: string;
  requestId?: string;
  level?: LogLevel;
  /** The message carries one JSON object (from `jsonAt` on, or all of it): the view pretty-prints it. */
  json: boolean;
  /** Where the JSON starts after a text prefix (Lambda's `timestamp\trequestId\tLEVEL\t{…}` lines). */
  jsonAt?: number;
  source: 'live-tail' | 'polling' | 'history' | 'local' | 'log-stream' | 'app-insights';
  /** When the host received it (ms since the epoch), for the ingestion-to-display benchmark. */
  receivedAt: number;
}

/** Host → view. */
export type LogsHostMessage =
  /** New lines, in order; sent in batches. */
  | { type: 'logs/lines'; lines: LogLine[] }
  /** What is being tailed and how (shown in the view's header). */
  | { type: 'logs/status'; title: string; state: 'idle' | 'starting' | 'tailing' | 'error'; detail: string }
  /** Empty the view (a new tail started, or the Clear command). */
  | { type: 'logs/clear' }
  /** Ask the view what it shows (integration tests and the benchmark read this). */
  | { type: 'logs/probe'; id: number; limit: number };

/** View → host. */
export type LogsViewMessage =
  /** The view's script runs and can receive lines. */
  | { type: 'logs/ready' }
  /** The Stop button. */
  | { type: 'logs/stop' }
  /** Answer to a probe: the visible lines' text, and how many lines the view holds. */
  | {
      type: 'logs/probeResult';
      id: number;
      /** Text of the last `limit` lines that pass the filters, as rendered. */
      visibleText: string[];
      /** Lines the view holds (at most logsViewLineLimit). */
      total: number;
      /** Lines received since the last clear (held or dropped by the ring buffer). */
      received: number;
      /** Elements other than the view's own inside the line area: markup from a log line would show here. */
      foreignElements: number;
      paused: boolean;
    };

/** Runtime check of a message from the webview: anything else is dropped. */
export function isLogsViewMessage(value: unknown): value is LogsViewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'logs/ready':
    case 'logs/stop':
      return true;
    case 'logs/probeResult':
      return (
        typeof m.id === 'number' &&
        Array.isArray(m.visibleText) &&
        m.visibleText.every((t) => typeof t === 'string') &&
        typeof m.total === 'number' &&
        typeof m.received === 'number' &&
        typeof m.foreignElements === 'number' &&
        typeof m.paused === 'boolean'
      );
    default:
      return false;
  }
}

/** Ring buffer size of the view: older lines are dropped. */
export const logsViewLineLimit = 10_000;

/** The view's static markup (no data in it): the toolbar the script wires up, and the line area. */
export const logsViewBody = `<header>
  <span id="status" class="status state-idle">Not tailing. Start with Serverless: Tail Logs… or the tree's Logs action.</span>
  <input id="filter" type="text" placeholder="Filter (text or /regex/)" aria-label="Filter lines">
  <span id="request-filter" class="request-filter" hidden>request <code id="request-id"></code> <button id="request-clear" title="Show all requests">×</button></span>
  <label title="Keep the newest line in view"><input id="follow" type="checkbox" checked> Follow</label>
  <label title="Pretty-print JSON lines"><input id="pretty" type="checkbox" checked> Pretty JSON</label>
  <button id="pause" aria-pressed="false">Pause</button>
  <button id="clear">Clear</button>
  <button id="stop" disabled>Stop</button>
  <span id="count" class="count"></span>
</header>
<div id="lines" role="log" aria-live="off"></div>`;
