import { EventChannel } from './eventChannel';

/**
 * Reads several async iterables at once and yields their items as they come. Ends when all have
 * ended or the signal aborts; an error from one ends the merge with that error unless `onError`
 * takes it (then that source just stops and the others go on).
 */
export function mergeTails<T>(sources: AsyncIterable<T>[], signal: AbortSignal, onError?: (err: unknown, index: number) => void): AsyncIterable<T> {
  const channel = new EventChannel<T>(signal);
  let open = sources.length;
  if (open === 0) channel.end();
  sources.forEach((source, index) => {
    void (async () => {
      try {
        for await (const item of source) {
          if (channel.closed) break;
          channel.push(item);
        }
      } catch (err) {
        if (!onError) {
          channel.end(err);
          return;
        }
        onError(err, index);
      }
      if (--open === 0) channel.end();
    })();
  });
  return channel;
}
