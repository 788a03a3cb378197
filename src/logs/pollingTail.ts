import { EventIdWindow } from './dedupe';
import { fetchWindow } from './filterWindow';
import { classifyError, errorLine } from './logsApi';
import type { LogsApi } from './logsApi';
import type { LogEvent, TailStatus, TailTarget } from './logEvent';
import { backoffMs, sleep } from './timing';

export interface PollingOptions {
  /** First window start, ms since the epoch (`--since`, or when the tail started). */
  startTime: number;
  filterPattern?: string;
  /** Pause between polls (default 1000 ms, like the CLIs). */
  intervalMs?: number;
  /**
   * How far each window reaches back before the previous poll (default 5000 ms): CloudWatch makes
   * an event visible a little after its timestamp, so windows overlap and eventIds drop the repeats.
   */
  overlapMs?: number;
  /** Longest pause after repeated throttling or errors (default 30 s). */
  maxBackoffMs?: number;
  now?: () => number;
  signal: AbortSignal;
  emit: (event: LogEvent) => void;
  onStatus?: (status: TailStatus) => void;
}

/**
 * Polls FilterLogEvents for one log group until the signal aborts. Each poll covers
 * [previous poll start − overlap, now], follows every page, and drops eventIds already shown, so
 * overlapping windows show each event once. Throttling and errors double the pause (up to
 * `maxBackoffMs`) and the same window is asked again: nothing is skipped.
 */
export async function pollLogGroup(api: LogsApi, target: TailTarget, options: PollingOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 1000;
  const overlap = options.overlapMs ?? 5000;
  const seen = new EventIdWindow();
  let windowStart = options.startTime;
  let failures = 0;
  const status = (state: TailStatus['state'], detail?: string): void =>
    options.onStatus?.({ mode: 'polling', state, logGroups: [target.logGroup], detail });

  while (!options.signal.aborted) {
    const pollStart = now();
    try {
      const events = await fetchWindow(api, target, {
        startTime: windowStart,
        filterPattern: options.filterPattern,
        signal: options.signal,
        source: 'polling',
        // Retries are this loop's job: it backs off between whole polls.
        retries: 0,
      });
      for (const e of events) {
        if (options.signal.aborted) return;
        if (e.eventId === undefined || seen.accept(e.eventId, e.timestamp)) options.emit(e);
      }
      if (failures > 0) status('streaming');
      failures = 0;
      windowStart = Math.max(windowStart, pollStart - overlap);
      seen.prune(windowStart);
      await sleep(interval, options.signal);
    } catch (err) {
      if (options.signal.aborted) return;
      if (classifyError(err, 'filter') !== 'transient') throw err;
      failures++;
      const pause = Math.max(interval, backoffMs(failures, interval, options.maxBackoffMs ?? 30_000));
      status('reconnecting', `${errorLine(err)}; retrying in ${Math.round(pause / 100) / 10} s`);
      await sleep(pause, options.signal);
    }
  }
}
