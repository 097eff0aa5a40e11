/** Time that moves only when the code under test sleeps: pacing is checked without waiting. */
export function virtualClock(start = Date.UTC(2026, 5, 1)) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance(ms: number) {
      t += ms;
    },
    sleeps,
  };
}
