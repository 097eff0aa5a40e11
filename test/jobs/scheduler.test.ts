import { describe, expect, it } from "vitest";
import { startScheduler } from "../../src/jobs/scheduler.js";
import { memoryLogger } from "../support/logger.js";

const EVERY_SECOND = "* * * * * *";

/** Polls until `check` holds (bounded, so a broken scheduler fails instead of hanging). */
async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("scheduler", () => {
  it("rejects an invalid expression, naming REFRESH_CRON and an example", () => {
    expect(() => startScheduler({ cron: "every ten minutes", run: async () => {} })).toThrow(
      /REFRESH_CRON "every ten minutes".*\*\/10 \* \* \* \*/,
    );
  });

  it("runs on schedule and keeps going after a failed run", async () => {
    const log = memoryLogger();
    let runs = 0;
    const scheduler = startScheduler({
      cron: EVERY_SECOND,
      log,
      run: async () => {
        runs++;
        if (runs === 1) throw new Error("feed exploded");
      },
    });
    try {
      await until(() => runs >= 2);
      const failure = log.entries.find((e) => e.level === "error");
      expect(failure?.msg).toMatch(/next scheduled time/);
    } finally {
      await scheduler.stop();
    }
  });

  it("stop() signals the running job, waits for it to finish, and no run starts after", async () => {
    let release: () => void = () => {};
    let sawAbort = false;
    let runs = 0;
    const scheduler = startScheduler({
      cron: EVERY_SECOND,
      run: async (signal) => {
        runs++;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        sawAbort = signal.aborted;
      },
    });
    await until(() => runs === 1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false); // still waiting for the job's current step
    release();
    await stopping;
    expect(sawAbort).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect(runs).toBe(1);
  });

  it("runNow() shares a run already in progress instead of overlapping it", async () => {
    const { scheduler, counts } = countingScheduler();
    await Promise.all([scheduler.runNow(), scheduler.runNow()]);
    await scheduler.runNow();
    await scheduler.stop();
    expect(counts.maxActive).toBe(1);
    expect(counts.runs).toBe(2);
  });

  it("runNext() runs after a run in progress, never beside it (a new leadership term gets its own run)", async () => {
    const { scheduler, counts } = countingScheduler();
    const first = scheduler.runNow();
    await scheduler.runNext();
    await first;
    expect(counts.runs).toBe(2);
    await scheduler.runNext(); // nothing in progress: runs at once
    await scheduler.stop();
    expect(counts.runs).toBe(3);
    expect(counts.maxActive).toBe(1);
  });
});

/** A scheduler driven by hand (its cron fires once a year) whose 50 ms runs count themselves. */
function countingScheduler() {
  const counts = { runs: 0, active: 0, maxActive: 0 };
  const scheduler = startScheduler({
    cron: "0 0 1 1 *",
    run: async () => {
      counts.runs++;
      counts.active++;
      counts.maxActive = Math.max(counts.maxActive, counts.active);
      await new Promise((r) => setTimeout(r, 50));
      counts.active--;
    },
  });
  return { scheduler, counts };
}
