/** Waiting, injectable so tests run on a virtual clock instead of real seconds. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * Resolves after `ms`, or as soon as `signal` aborts: a stop request must not sit out a long
 * Retry-After. Callers check `signal.aborted` afterwards to tell the two apart.
 */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
