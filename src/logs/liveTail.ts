import type { SeamDeduper } from './dedupe';
import { fetchWindow, stripNewline } from './filterWindow';
import { classifyError, errorLine } from './logsApi';
import type { LiveTailFrame, LogsApi } from './logsApi';
import type { LogEvent, TailStatus, TailTarget } from './logEvent';
import { LogGroupNotFoundError } from './logEvent';
import { backoffMs, sleep } from './timing';

/** Live Tail cannot serve this tail; `resumeFrom` is where a polling fallback must start to leave no gap. */
export class LiveTailUnavailableError extends Error {
  constructor(
    readonly reason: string,
    readonly resumeFrom: number,
  ) {
    super(`Live Tail is not available: ${reason}`);
    this.name = 'LiveTailUnavailableError';
  }
}

export interface LiveTailTarget extends TailTarget {
  /** The log group's ARN: Live Tail names log groups by ARN and returns them that way. */
  arn: string;
}

export interface LiveTailOptions {
  /** Show history from here first (FilterLogEvents), then live, with no gap and no repeat at the seam. */
  since?: number;
  filterPattern?: string;
  /** How far a backfill after a reconnect reaches back before the last sign of life (default 5000 ms). */
  overlapMs?: number;
  /** Failed connects (before any session started) before giving up on Live Tail (default 3). */
  maxConnectFailures?: number;
  /** First pause before reconnecting after an error (default 500 ms). */
  reconnectBaseMs?: number;
  now?: () => number;
  signal: AbortSignal;
  dedupe: SeamDeduper;
  emit: (event: LogEvent) => void;
  onStatus?: (status: TailStatus) => void;
}

/**
 * Streams up to 10 log groups (one Live Tail session) until the signal aborts. Sessions end (they
 * are time-limited) and connections break; each new session is followed by a FilterLogEvents
 * backfill from a little before the last sign of life of the previous one, and the deduper drops
 * what both returned, so a reconnect neither loses nor repeats lines. `since` is the same backfill
 * done for the first session. Throws LiveTailUnavailableError when Live Tail cannot be used.
 */
export async function liveTailGroups(api: LogsApi, targets: LiveTailTarget[], options: LiveTailOptions): Promise<void> {
  const now = options.now ?? Date.now;
  const overlap = options.overlapMs ?? 5000;
  const maxConnectFailures = options.maxConnectFailures ?? 3;
  const { signal, dedupe } = options;
  const groups = targets.map((t) => t.logGroup);
  const byIdentifier = new Map<string, TailTarget>();
  for (const t of targets) {
    byIdentifier.set(t.arn, t);
    byIdentifier.set(t.logGroup, t);
  }
  const status = (state: TailStatus['state'], detail?: string): void => options.onStatus?.({ mode: 'live-tail', state, logGroups: groups, detail });

  let backfillFrom = options.since;
  let everStarted = false;
  let connectFailures = 0;
  let errorsInARow = 0;
  let sampledShown = false;
  let lastPruned = now();

  while (!signal.aborted) {
    status(everStarted ? 'reconnecting' : 'connecting');
    const attemptAt = now();
    const gen = dedupe.generation();
    let started = false;
    let lastAlive: number | undefined;
    let buffer: LogEvent[] | undefined;
    let backfill: Promise<void> | undefined;
    let backfillError: unknown;
    let ending: 'timeout' | 'closed' | 'error' = 'closed';
    let endDetail: string | undefined;

    const show = (e: LogEvent, g: number): void => {
      if (!signal.aborted && dedupe.accept(e, g)) options.emit(e);
    };

    try {
      const frames: AsyncIterable<LiveTailFrame> = await api.startLiveTail(
        { logGroupIdentifiers: targets.map((t) => t.arn), logEventFilterPattern: options.filterPattern || undefined },
        signal,
      );
      for await (const frame of frames) {
        if (signal.aborted) break;
        if (frame.type === 'sessionStart') {
          started = everStarted = true;
          connectFailures = 0;
          lastAlive = now();
          if (backfillFrom !== undefined) {
            // Live lines wait in a buffer until the history before them is out, so the view reads in order.
            buffer = [];
            const from = backfillFrom;
            const backfillGen = dedupe.generation();
            backfill = backfillGroups(api, targets, from, options)
              .then((events) => {
                for (const e of events) show(e, backfillGen);
              })
              .catch((err: unknown) => {
                backfillError = err;
              })
              .finally(() => {
                const waiting = buffer ?? [];
                buffer = undefined;
                for (const e of waiting) show(e, gen);
                if (backfillError === undefined) status('streaming');
              });
          } else {
            status('streaming');
          }
        } else if (frame.type === 'sessionUpdate') {
          lastAlive = now();
          errorsInARow = 0;
          // A long session must not remember every line: no later backfill reaches back further than
          // the last sign of life minus the overlap (a minute of margin on top).
          if (lastAlive - lastPruned > 30_000) {
            dedupe.prune(lastAlive - overlap - 60_000);
            lastPruned = lastAlive;
          }
          if (frame.sampled && !sampledShown) {
            sampledShown = true;
            status('streaming', 'Live Tail is sampling: more than 500 lines/s, some lines are left out');
          }
          for (const r of frame.results) {
            const target = byIdentifier.get(r.logGroupIdentifier ?? '') ?? (targets.length === 1 ? targets[0] : undefined);
            const event: LogEvent = {
              timestamp: r.timestamp ?? lastAlive,
              message: stripNewline(r.message ?? ''),
              function: target?.function,
              logGroup: target?.logGroup ?? r.logGroupIdentifier,
              logStream: r.logStreamName,
              ingestionTime: r.ingestionTime,
              source: 'live-tail',
            };
            if (buffer) buffer.push(event);
            else show(event, gen);
          }
        } else if (frame.type === 'sessionTimeout') {
          ending = 'timeout';
          break;
        } else {
          ending = 'error';
          endDetail = frame.message ? `Live Tail stream error: ${frame.message}` : 'Live Tail stream error';
          break;
        }
      }
    } catch (err) {
      if (signal.aborted) break;
      const kind = classifyError(err, 'liveTail');
      if (kind === 'not-found') throw new LogGroupNotFoundError(groups.join(', '));
      // Credentials that are missing or expired stay so until the person acts: reconnecting cannot help.
      if (kind === 'credentials') throw err;
      if (!started) {
        const resumeFrom = backfillFrom ?? attemptAt;
        if (kind === 'unavailable') throw new LiveTailUnavailableError(errorLine(err), resumeFrom);
        if (kind === 'fatal') throw err;
        if (++connectFailures >= maxConnectFailures && !everStarted) {
          throw new LiveTailUnavailableError(`${connectFailures} connection attempts failed (${errorLine(err)})`, resumeFrom);
        }
      }
      ending = 'error';
      endDetail = errorLine(err);
    }
    if (backfill) await backfill;
    if (backfillError !== undefined) {
      if (signal.aborted) break;
      throw backfillError;
    }
    if (signal.aborted) break;

    // Where the next session's backfill starts: a little before the last moment this one was known to deliver.
    if (lastAlive !== undefined) backfillFrom = lastAlive - overlap;
    else if (backfillFrom === undefined) backfillFrom = attemptAt - overlap;
    dedupe.prune(backfillFrom - overlap);

    // A session that reached its time limit or closed cleanly after starting is replaced at once.
    if (ending === 'timeout') continue;
    if (ending === 'closed' && started) {
      await sleep(100, signal);
      continue;
    }
    errorsInARow++;
    const pause = backoffMs(errorsInARow, options.reconnectBaseMs ?? 500, 30_000);
    status('reconnecting', `${endDetail ?? 'Live Tail session ended'}; reconnecting in ${Math.round(pause / 100) / 10} s`);
    await sleep(pause, signal);
  }
  status('stopped');
}

/** History of several log groups from `from` to now, merged in timestamp order. */
async function backfillGroups(api: LogsApi, targets: TailTarget[], from: number, options: LiveTailOptions): Promise<LogEvent[]> {
  const windows = await Promise.all(
    targets.map((t) =>
      fetchWindow(api, t, {
        startTime: from,
        filterPattern: options.filterPattern,
        signal: options.signal,
        source: 'history',
        onRetry: (detail) => options.onStatus?.({ mode: 'history', state: 'reconnecting', logGroups: [t.logGroup], detail }),
      }),
    ),
  );
  return windows.flat().sort((a, b) => a.timestamp - b.timestamp);
}
