/**
 * A single-consumer async queue: producers `push` from callbacks and loops, the consumer reads it with
 * `for await`. It ends when `end()` is called (optionally with an error) or when the signal aborts; an
 * abort ends it quietly, the way a person stopping a tail expects.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private head = 0;
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((err: unknown) => void) | undefined;
  private ended = false;
  private error: unknown;

  /** `onReturn` runs when the reader stops early (`break` out of `for await`): stop the producers there. */
  constructor(
    private readonly signal?: AbortSignal,
    private readonly onReturn?: () => void,
  ) {
    signal?.addEventListener('abort', () => this.end(), { once: true });
  }

  get closed(): boolean {
    return this.ended;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failWaiting = undefined;
      resolve({ value, done: false });
      return;
    }
    this.queue.push(value);
  }

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    // An abort is how tails are stopped: not an error for the reader.
    this.error = this.signal?.aborted ? undefined : error;
    if (this.waiting) {
      const resolve = this.waiting;
      const reject = this.failWaiting;
      this.waiting = this.failWaiting = undefined;
      if (this.error !== undefined && reject) reject(this.error);
      else resolve({ value: undefined, done: true });
    }
  }

  private next(): Promise<IteratorResult<T>> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++];
      // Compact now and then so a long tail does not keep every consumed event alive.
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) {
      if (this.error !== undefined) {
        const err = this.error;
        this.error = undefined;
        return Promise.reject(err);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async () => {
        this.end();
        this.onReturn?.();
        return { value: undefined, done: true };
      },
    };
  }
}
