import { setMaxListeners } from 'node:events';
import { SeamDeduper } from './dedupe';
import { EventChannel } from './eventChannel';
import { fetchWindow } from './filterWindow';
import { liveTailGroups, LiveTailUnavailableError } from './liveTail';
import type { LiveTailTarget } from './liveTail';
import { classifyError, errorLine } from './logsApi';
import type { LogsApi } from './logsApi';
import type { LogEvent, TailStatus, TailTarget } from './logEvent';
import { LogGroupNotFoundError } from './logEvent';
import { pollLogGroup } from './pollingTail';

export interface TailOptions {
  targets: TailTarget[];
  /** Keep streaming new lines (else: print the window and end). */
  follow: boolean;
  /** Start of the history shown first, ms since the epoch. Without `follow` it defaults to 10 minutes ago. */
  since?: number;
  /** CloudWatch filter pattern (FilterLogEvents and Live Tail read the same syntax). */
  filterPattern?: string;
  /** `auto` tries Live Tail and falls back to polling; the others force one way. */
  mode?: 'auto' | 'live-tail' | 'polling';
  pollIntervalMs?: number;
  overlapMs?: number;
  /** Pause before the first reconnect after an error (default 500 ms); tests make it short. */
  reconnectBaseMs?: number;
  now?: () => number;
  signal: AbortSignal;
  onStatus?: (status: TailStatus) => void;
  /**
   * With `follow`: a log group that does not exist is reported here and left out, and the others are
   * tailed (a project tail where some functions are not deployed). Without it, it ends the tail.
   */
  onMissingLogGroup?: (logGroup: string) => void;
}

/** Live Tail takes at most this many log groups per session. */
const liveTailGroupLimit = 10;

/**
 * Tails the log groups of one or more functions: an async iterable of events that ends when the
 * signal aborts (or, without `follow`, when the window is printed). With `follow` it tries Live Tail
 * and falls back to FilterLogEvents polling per session when Live Tail is unavailable; `onStatus`
 * says which mode runs and why. Each event is yielded once. A missing log group rejects the
 * iteration with LogGroupNotFoundError.
 */
export function tailLogs(api: LogsApi, options: TailOptions): AsyncIterable<LogEvent> {
  const inner = new AbortController();
  // Every concurrent request and pause listens to this signal: many log groups mean many listeners.
  setMaxListeners(1000, inner.signal);
  const stop = (): void => inner.abort();
  if (options.signal.aborted) inner.abort();
  else options.signal.addEventListener('abort', stop, { once: true });
  const channel = new EventChannel<LogEvent>(inner.signal, () => inner.abort());
  const run = options.follow ? follow(api, options, inner.signal, (e) => channel.push(e)) : history(api, options, inner.signal, (e) => channel.push(e));
  run.then(
    () => channel.end(),
    (err: unknown) => {
      // End with the error first so the reader sees it, then stop the other producers.
      channel.end(err);
      inner.abort();
    },
  );
  run.finally(() => options.signal.removeEventListener('abort', stop)).catch(() => undefined);
  return channel;
}

async function history(api: LogsApi, options: TailOptions, signal: AbortSignal, emit: (e: LogEvent) => void): Promise<void> {
  const now = (options.now ?? Date.now)();
  const since = options.since ?? now - 10 * 60_000;
  options.onStatus?.({ mode: 'history', state: 'connecting', logGroups: options.targets.map((t) => t.logGroup) });
  const windows = await Promise.all(
    options.targets.map((t) =>
      fetchWindow(api, t, {
        startTime: since,
        endTime: now,
        filterPattern: options.filterPattern,
        signal,
        source: 'history',
        onRetry: (detail) => options.onStatus?.({ mode: 'history', state: 'reconnecting', logGroups: [t.logGroup], detail }),
      }),
    ),
  );
  const events = windows.flat().sort((a, b) => a.timestamp - b.timestamp);
  for (const e of events) {
    if (signal.aborted) return;
    emit(e);
  }
  options.onStatus?.({ mode: 'history', state: 'stopped', logGroups: options.targets.map((t) => t.logGroup) });
}

async function follow(api: LogsApi, options: TailOptions, signal: AbortSignal, emit: (e: LogEvent) => void): Promise<void> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const mode = options.mode ?? 'auto';
  const overlap = options.overlapMs ?? 5000;

  const poll = (targets: TailTarget[], from: number, detail?: string, dedupe = new SeamDeduper()): Promise<void> => {
    // One generation for a whole polling run: it drops repeats by eventId itself; the deduper only
    // has to match its events against what a Live Tail session showed before the fallback.
    const gen = dedupe.generation();
    let accepted = 0;
    options.onStatus?.({ mode: 'polling', state: 'streaming', logGroups: targets.map((t) => t.logGroup), detail });
    return Promise.all(
      targets.map((t) =>
        pollLogGroup(api, t, {
          startTime: from,
          filterPattern: options.filterPattern,
          intervalMs: options.pollIntervalMs,
          overlapMs: options.overlapMs,
          now,
          signal,
          emit: (e) => {
            if (dedupe.accept(e, gen)) emit(e);
            // Windows never reach back further than a poll (plus backoff) before now: forget older lines.
            if (++accepted % 1000 === 0) dedupe.prune(now() - overlap - 60_000);
          },
          onStatus: options.onStatus,
        }).catch((err: unknown) => {
          if (!(err instanceof LogGroupNotFoundError) || !options.onMissingLogGroup) throw err;
          options.onMissingLogGroup(t.logGroup);
        }),
      ),
    ).then(() => undefined);
  };

  if (mode === 'polling') {
    await poll(options.targets, options.since ?? startedAt);
    return;
  }

  let live: LiveTailTarget[];
  try {
    const found = await Promise.all(
      options.targets.map(async (t): Promise<LiveTailTarget | undefined> => {
        const arn = await api.logGroupArn(t.logGroup, signal);
        if (arn) return { ...t, arn };
        if (!options.onMissingLogGroup) throw new LogGroupNotFoundError(t.logGroup);
        options.onMissingLogGroup(t.logGroup);
        return undefined;
      }),
    );
    live = found.filter((t): t is LiveTailTarget => t !== undefined);
  } catch (err) {
    if (err instanceof LogGroupNotFoundError || signal.aborted || mode === 'live-tail') throw err;
    // Without DescribeLogGroups there is no ARN for Live Tail; FilterLogEvents takes names. Without credentials
    // neither works: polling would only pretend to run.
    const kind = classifyError(err, 'describe');
    if (kind === 'not-found' || kind === 'credentials') throw err;
    await poll(options.targets, options.since ?? startedAt, `Live Tail needs the log groups' ARNs: ${errorLine(err)}`);
    return;
  }

  const sessions: Promise<void>[] = [];
  for (let i = 0; i < live.length; i += liveTailGroupLimit) {
    const chunk = live.slice(i, i + liveTailGroupLimit);
    // Per session: its log groups are its own, and so is the horizon it prunes at.
    const dedupe = new SeamDeduper();
    sessions.push(
      liveTailGroups(api, chunk, {
        since: options.since,
        filterPattern: options.filterPattern,
        overlapMs: options.overlapMs,
        reconnectBaseMs: options.reconnectBaseMs,
        now,
        signal,
        dedupe,
        emit,
        onStatus: options.onStatus,
      }).catch((err: unknown) => {
        if (!(err instanceof LiveTailUnavailableError) || mode === 'live-tail' || signal.aborted) throw err;
        return poll(chunk, err.resumeFrom, `Live Tail unavailable (${err.reason}); polling every ${Math.round((options.pollIntervalMs ?? 1000) / 100) / 10} s`, dedupe);
      }),
    );
  }
  await Promise.all(sessions);
}
