/**
 * Runs long work in slices between requests. The work is a generator that yields at safe
 * points; after `sliceMs` of it, control goes back to the event loop (setImmediate, so pending
 * I/O — a slash command, a health probe — runs first), then the work goes on. A 10 s index build
 * at 100k sections thus delays an answer by one slice, not by 10 s.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

/** How long work runs before letting requests in: well under what anyone notices. */
export const DEFAULT_SLICE_MS = 12;

export async function runInSlices<T>(
  steps: Generator<void, T>,
  sliceMs: number = DEFAULT_SLICE_MS,
): Promise<T> {
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= deadline) {
      await nextTurn();
      deadline = performance.now() + sliceMs;
    }
  }
}

/**
 * The same for async loops (reading files between splits): `await pause()` at safe points
 * yields to the event loop once the slice is used up.
 */
export function sliceClock(sliceMs: number = DEFAULT_SLICE_MS): { pause(): Promise<void> } {
  let deadline = performance.now() + sliceMs;
  return {
    async pause() {
      if (performance.now() < deadline) return;
      await nextTurn();
      deadline = performance.now() + sliceMs;
    },
  };
}
