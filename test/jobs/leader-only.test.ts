import { describe, expect, it } from "vitest";
import { eitherSignal, leaderOnly } from "../../src/jobs/leader-only.js";

describe("leader-only jobs", () => {
  it("do nothing while this process does not lead, and run with the term's signal when it does", async () => {
    let term: AbortController | undefined;
    const runs: AbortSignal[] = [];
    const job = leaderOnly({ term: () => term?.signal }, async (signal) => {
      runs.push(signal);
    });
    const scheduler = new AbortController();
    await job(scheduler.signal);
    expect(runs).toHaveLength(0);
    term = new AbortController();
    await job(scheduler.signal);
    expect(runs).toHaveLength(1);
    term.abort(new Error("leadership lost"));
    expect(runs[0]?.aborted).toBe(false); // unhooked once its run ended
  });

  it("a run's signal aborts with either, and leaves no listener behind", () => {
    const a = new AbortController();
    const b = new AbortController();
    const run = eitherSignal(a.signal, b.signal);
    b.abort(new Error("lost"));
    expect(run.signal.aborted).toBe(true);
    expect((run.signal.reason as Error).message).toBe("lost");
    const again = eitherSignal(a.signal, new AbortController().signal);
    again.dispose();
    a.abort();
    expect(again.signal.aborted).toBe(false);
  });
});
