// Polling instead of fixed sleeps: UI and extension state settle at their own pace, and a test
// should move on as soon as the condition holds and fail with a useful message when it never does.

export interface WaitForOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeout?: number;
  /** Pause between attempts in milliseconds (default 50). */
  interval?: number;
  /** Describes what was awaited; part of the timeout error. */
  message?: string;
  /**
   * A thrown error counts as "not yet" (for conditions that throw until something is ready, such as a
   * webview that does not answer yet). Default false: a thrown error fails the wait at once, so a
   * fail-fast check inside the condition ends the test immediately instead of after the timeout.
   */
  retryOnError?: boolean;
}

/**
 * Calls `fn` until it returns a value other than `undefined`, `null` or `false`, and resolves with
 * that value. An error thrown by `fn` rejects at once (unless `retryOnError`). On timeout, rejects with
 * `message` and, with `retryOnError`, the last error thrown by `fn`.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) {
        return value as Exclude<T, undefined | null | false>;
      }
    } catch (error) {
      if (!options.retryOnError) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = options.message ?? 'condition';
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`waitFor timed out after ${timeout} ms: ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
