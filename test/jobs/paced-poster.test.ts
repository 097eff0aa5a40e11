import { describe, expect, it } from "vitest";
import { pacedPoster, WORKSPACE_INTERVAL_MS } from "../../src/jobs/paced-poster.js";
import { virtualClock } from "../support/clock.js";
import { memoryPoster } from "./memory-poster.js";

describe("pacedPoster", () => {
  it("spaces every post, whatever its channel, by the workspace interval, in the order asked", async () => {
    const clock = virtualClock();
    const memory = memoryPoster(clock.now);
    const paced = pacedPoster(memory.poster, { now: clock.now, sleep: clock.sleep });
    const message = { text: "x", blocks: [] };
    await Promise.all(
      ["C1", "C2", "C3", "U1", "C1"].map((channel) => paced.post(channel, message)),
    );
    expect(memory.posts.map((p) => p.channel)).toEqual(["C1", "C2", "C3", "U1", "C1"]);
    const at = memory.posts.map((p) => p.at);
    for (let i = 1; i < at.length; i++) {
      expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(WORKSPACE_INTERVAL_MS);
    }
  });
});
