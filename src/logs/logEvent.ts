/** One log line, whatever its source (Live Tail, FilterLogEvents polling, the local runtime). */
export interface LogEvent {
  /** When the line was written, ms since the epoch. */
  timestamp: number;
  message: string;
  /** The function's logical name (or id for local events), when known. */
  function?: string;
  /** CloudWatch log group name (remote sources). */
  logGroup?: string;
  /** CloudWatch log stream name (remote sources). */
  logStream?: string;
  /** CloudWatch event id (FilterLogEvents only: Live Tail does not send one). */
  eventId?: string;
  /** When CloudWatch ingested the line, ms since the epoch (remote sources). */
  ingestionTime?: number;
  /** Invocation request id, when the source knows it (local runtime). */
  requestId?: string;
  source: LogSourceKind;
}

/** CloudWatch (Live Tail, polling, history), a function app's log stream or Application Insights (Azure), or local runs. */
export type LogSourceKind = 'live-tail' | 'polling' | 'history' | 'local' | 'log-stream' | 'app-insights';

/** Which way a remote tail is running, for the status bar and the CLI's stderr note. */
export type TailMode = 'live-tail' | 'polling' | 'history' | 'log-stream' | 'app-insights';

/** A change in how a tail runs; tails report these through `onStatus`, never through the event stream. */
export interface TailStatus {
  mode: TailMode;
  state: 'connecting' | 'streaming' | 'reconnecting' | 'stopped';
  /** The log groups this status is about. */
  logGroups: string[];
  /** One line for a person: why polling instead of Live Tail, what failed before a reconnect. */
  detail?: string;
}

/** Function and log group of one tailed function. */
export interface TailTarget {
  logGroup: string;
  /** The logical name put on each event. */
  function: string;
}

/** A log group that does not exist: a one-line error naming it (the function is probably not deployed). */
export class LogGroupNotFoundError extends Error {
  constructor(readonly logGroup: string) {
    super(`log group ${logGroup} does not exist (is the function deployed to this account and region?)`);
    this.name = 'LogGroupNotFoundError';
  }
}

/** Orders events by timestamp, then by source order (a stable sort keeps the rest). */
export function byTimestamp(a: LogEvent, b: LogEvent): number {
  return a.timestamp - b.timestamp;
}
