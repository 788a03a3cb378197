import { classifyError, errorLine } from './logsApi';
import type { LogsApi } from './logsApi';
import type { LogEvent, LogSourceKind, TailTarget } from './logEvent';
import { LogGroupNotFoundError } from './logEvent';
import { backoffMs, sleep } from './timing';

export interface WindowOptions {
  startTime: number;
  endTime?: number;
  filterPattern?: string;
  signal?: AbortSignal;
  source: LogSourceKind;
  /** Retries of one page after transient errors (throttling, 5xx, resets) before giving up. */
  retries?: number;
  /** First pause before a retry, doubled each time (default 500 ms). */
  retryBaseMs?: number;
  /** Told before each retry, with the error's one-line description. */
  onRetry?: (detail: string) => void;
}

/**
 * All events of one log group in a time window, every page followed. A transient error retries the
 * page it hit (with its nextToken), so a fault in the middle loses nothing and repeats nothing.
 * Events come back in timestamp order.
 */
export async function fetchWindow(api: LogsApi, target: TailTarget, options: WindowOptions): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  const retries = options.retries ?? 6;
  do {
    let attempt = 0;
    for (;;) {
      try {
        const page = await api.filterLogEvents(
          { logGroupName: target.logGroup, startTime: options.startTime, endTime: options.endTime, filterPattern: options.filterPattern, nextToken },
          options.signal,
        );
        for (const e of page.events) {
          events.push({
            timestamp: e.timestamp ?? 0,
            message: stripNewline(e.message ?? ''),
            function: target.function,
            logGroup: target.logGroup,
            logStream: e.logStreamName,
            eventId: e.eventId,
            ingestionTime: e.ingestionTime,
            source: options.source,
          });
        }
        nextToken = page.nextToken || undefined;
        break;
      } catch (err) {
        const kind = classifyError(err, 'filter');
        if (kind === 'not-found') throw new LogGroupNotFoundError(target.logGroup);
        if (kind !== 'transient' || options.signal?.aborted || ++attempt > retries) throw err;
        options.onRetry?.(errorLine(err));
        await sleep(backoffMs(attempt, options.retryBaseMs ?? 500, 30_000), options.signal);
        if (options.signal?.aborted) throw err;
      }
    }
  } while (nextToken);
  // FilterLogEvents interleaves streams page by page; a stable sort keeps same-millisecond order.
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** Lambda writes each line with its newline; the views add their own. */
export function stripNewline(message: string): string {
  return message.endsWith('\n') ? message.slice(0, message.endsWith('\r\n') ? -2 : -1) : message;
}
