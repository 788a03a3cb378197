import { EventChannel } from './eventChannel';

/**
 * Reads several async iterables at once and yields their items as they come. Ends when all have
 * ended or the signal aborts; an error from one ends the merge with that error unless `onError`
 * takes it (then that source just stops and the others go on).
 */
export function mergeTails<T>(sources: AsyncIterable<T>[], signal: AbortSignal, onError?: (err: unknown, index: number) => void): AsyncIterable<T> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  // A reader that stops early stops every source (their own return() ends their producers).
  const stopAll = (): void => {
    for (const it of iterators) void it.return?.().catch(() => undefined);
  };
  const channel = new EventChannel<T>(signal, stopAll);
  let open = iterators.length;
  if (open === 0) channel.end();
  iterators.forEach((iterator, index) => {
    void (async () => {
      try {
        for (;;) {
          const next = await iterator.next();
          if (next.done || channel.closed) break;
          channel.push(next.value);
        }
      } catch (err) {
        if (!onError) {
          channel.end(err);
          stopAll();
          return;
        }
        onError(err, index);
      }
      if (--open === 0) channel.end();
    })();
  });
  return channel;
}
