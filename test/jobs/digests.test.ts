import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDigest } from "../../src/jobs/digests.js";
import { AnnounceState } from "../../src/store/announce-state.js";
import { DigestWeeks } from "../../src/store/digest-weeks.js";
import type { ChannelSubscription } from "../../src/subscriptions/types.js";
import { virtualClock } from "../support/clock.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { memoryLogger } from "../support/logger.js";
import { memoryPoster, range } from "./memory-poster.js";

let dataDir: TempDataDir;
beforeEach(async () => {
  dataDir = await tempDataDir();
});
afterEach(() => dataDir.cleanup());

const sub = (delivery: "daily" | "weekly"): ChannelSubscription => ({
  channel: `C0${delivery.toUpperCase()}`,
  delivery,
  topics: ["hiring"],
  createdBy: "U0ALICE",
  createdAt: "2026-05-01T00:00:00Z",
});

describe("runDigest", () => {
  it("skips a topic digest while the index is loading: nothing is marked, so nothing is lost", async () => {
    const clock = virtualClock();
    const slack = memoryPoster(clock.now);
    const log = memoryLogger();
    const state = await AnnounceState.open(dataDir.dir, log);
    const weeks = await DigestWeeks.open(dataDir.dir, log);
    const ctx = { state, weeks, poster: slack.poster, now: clock.now, sleep: clock.sleep, log };
    for (const delivery of ["daily", "weekly"] as const) {
      const s = sub(delivery);
      expect(await runDigest(s, { ...ctx, essays: range(1, 2), index: undefined })).toBe(
        "baseline",
      );
      // New essays arrive, but the index that tells which match "hiring" is not serving yet.
      const outcome = await runDigest(s, { ...ctx, essays: range(1, 4), index: undefined });
      expect(outcome).toBe("index-loading");
      expect(state.entry(s.channel, "essay-3")).toBeUndefined();
      expect(state.entry(s.channel, "essay-4")).toBeUndefined();
      // A weekly digest skipped this way is still due this week.
      expect(weeks.week(s.channel)).toBeUndefined();
    }
    expect(slack.posts).toEqual([]);
  });
});
