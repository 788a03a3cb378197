import type { LogLine } from '../shared/logsProtocol';
import { analyzeLine, RequestTracker } from '../shared/logLine';
import type { LogEvent } from './logEvent';

/**
 * Turns events into view lines (level, request id, JSON) and hands them over in batches: at most
 * one message per `intervalMs` instead of one per line keeps a view fast at thousands of lines a
 * second. A line that comes after a quiet moment goes out on the next tick (with whatever arrived
 * in the same tick); under load a line waits at most `intervalMs`.
 */
export class LineBatcher {
  private batch: LogLine[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private lastFlush = -Infinity;
  private readonly requests = new RequestTracker();

  constructor(
    private readonly deliver: (lines: LogLine[]) => void,
    private readonly intervalMs = 50,
    private readonly maxBatch = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  push(event: LogEvent): void {
    const info = analyzeLine(event.message);
    const stream = `${event.logGroup ?? event.function ?? ''}/${event.logStream ?? ''}`;
    const requestId = event.requestId ?? this.requests.track(stream, event.message, info);
    this.batch.push({
      seq: ++this.seq,
      timestamp: event.timestamp,
      message: event.message,
      function: event.function,
      requestId,
      level: info.level,
      json: info.json,
      ...(info.jsonAt !== undefined ? { jsonAt: info.jsonAt } : {}),
      source: event.source,
      receivedAt: this.now(),
    });
    if (this.batch.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastFlush + this.intervalMs - this.now()));
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const lines = this.batch;
    this.batch = [];
    this.lastFlush = this.now();
    this.deliver(lines);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.batch = [];
  }
}
