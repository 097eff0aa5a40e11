/**
 * Jobs only the leader runs (refresh and announce, digests): with several processes on one
 * database, the others do nothing at their ticks.
 */
import type { Leadership } from "../store/stores.js";

/**
 * A scheduled job that only the leader runs: another process does nothing at its tick. The run
 * also stops when leadership is lost mid-run, so it winds down before a successor starts.
 */
export function leaderOnly(
  leadership: Pick<Leadership, "term">,
  work: (signal: AbortSignal) => Promise<void>,
): (signal: AbortSignal) => Promise<void> {
  return async (signal) => {
    const term = leadership.term();
    if (!term) return;
    const run = eitherSignal(signal, term);
    try {
      await work(run.signal);
    } finally {
      run.dispose();
    }
  };
}

/**
 * Aborted when either is (AbortSignal.any, which Node 20.0–20.2 lacks). `dispose` unhooks it:
 * both signals outlive the run, and a run's listeners must not pile up on them.
 */
export function eitherSignal(
  a: AbortSignal,
  b: AbortSignal,
): { signal: AbortSignal; dispose(): void } {
  const both = new AbortController();
  const onA = () => both.abort(a.reason);
  const onB = () => both.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  a.addEventListener("abort", onA, { once: true });
  b.addEventListener("abort", onB, { once: true });
  return {
    signal: both.signal,
    dispose() {
      a.removeEventListener("abort", onA);
      b.removeEventListener("abort", onB);
    },
  };
}
