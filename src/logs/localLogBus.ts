import { EventChannel } from './eventChannel';
import type { LogEvent } from './logEvent';

/**
 * One line written by a local invocation. This is the whole publishing API of the bus: the local
 * runtime calls `bus.publish({ timestamp, message, function, requestId })` once per line it reads
 * from the function's stdout/stderr.
 */
export interface LocalLogRecord {
  /** ms since the epoch (`Date.now()` when the line was read). */
  timestamp: number;
  /** The line, without its trailing newline. */
  message: string;
  /** The function: its model id (`FunctionDef.id`, preferred) or its logical name. */
  function: string;
  /** The invocation's request id, so the Logs view can group the lines of one invocation. */
  requestId?: string;
}

export interface LocalTailOptions {
  /** Functions to follow, by id or logical name; all functions when omitted. */
  functions?: string[];
  /** Replay the lines kept in memory since this time first (ms since the epoch). */
  since?: number;
  signal: AbortSignal;
  /** The name to put on events (`LogEvent.function`) for a published id or name; default: as published. */
  label?: (published: string) => string;
}

/**
 * In-process log bus for local invocations: the invoke feature publishes, every open tail of the
 * same function receives, so the Logs view works with no AWS at all. Created once at the
 * composition root (extension.ts, the CLI) and passed to both features. Keeps the last `keep`
 * lines so a tail opened just after an invocation can still show it.
 */
export class LocalLogBus {
  private readonly listeners = new Set<(record: LocalLogRecord) => void>();
  private readonly recent: LocalLogRecord[] = [];

  constructor(private readonly keep = 1000) {}

  publish(record: LocalLogRecord): void {
    const copy: LocalLogRecord = { timestamp: record.timestamp, message: String(record.message), function: String(record.function), requestId: record.requestId };
    this.recent.push(copy);
    if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
    for (const listener of [...this.listeners]) listener(copy);
  }

  /**
   * For output that comes in chunks (a child process's stdout): `write` splits it into lines and
   * publishes each complete one; `end` publishes a last line without a newline.
   */
  lineWriter(fn: string, requestId?: string): { write: (chunk: string) => void; end: () => void } {
    return this.splitter((line) => this.publish({ timestamp: Date.now(), message: line, function: fn, requestId }));
  }

  /**
   * For the whole output of one local invocation, whose request id the runtime makes up: it is read from
   * Lambda's `START RequestId: …` line (Azure: `Executing '…' (… Id=…)`), so every line of the invocation carries it.
   */
  invocationWriter(fn: string): { write: (chunk: string) => void; end: () => void } {
    let requestId: string | undefined;
    return this.splitter((line) => {
      const start = /^START RequestId: (\S+)/.exec(line) ?? /\bExecuting '[^']+' \(.*\bId=([0-9a-f-]{36})\)/.exec(line);
      if (start) requestId = start[1];
      this.publish({ timestamp: Date.now(), message: line, function: fn, requestId });
    });
  }

  private splitter(emit: (line: string) => void): { write: (chunk: string) => void; end: () => void } {
    let partial = '';
    return {
      write: (chunk) => {
        const parts = (partial + chunk).split(/\r?\n/);
        partial = parts.pop() ?? '';
        for (const line of parts) emit(line);
      },
      end: () => {
        if (partial) emit(partial);
        partial = '';
      },
    };
  }

  /** Calls `listener` for every published line until the returned function is called. */
  subscribe(listener: (record: LocalLogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The lines of the chosen functions as an async iterable that ends when the signal aborts. */
  tail(options: LocalTailOptions): AsyncIterable<LogEvent> {
    let unsubscribe = (): void => undefined;
    const channel = new EventChannel<LogEvent>(options.signal, () => unsubscribe());
    if (options.signal.aborted) return channel;
    const wanted = options.functions ? new Set(options.functions) : undefined;
    const toEvent = (r: LocalLogRecord): LogEvent => ({
      timestamp: r.timestamp,
      message: r.message,
      function: options.label ? options.label(r.function) : r.function,
      requestId: r.requestId,
      source: 'local',
    });
    const matches = (r: LocalLogRecord): boolean => !wanted || wanted.has(r.function);
    if (options.since !== undefined) {
      for (const r of this.recent) if (r.timestamp >= options.since && matches(r)) channel.push(toEvent(r));
    }
    unsubscribe = this.subscribe((r) => {
      if (matches(r)) channel.push(toEvent(r));
    });
    options.signal.addEventListener('abort', unsubscribe, { once: true });
    return channel;
  }
}
