import { describe, expect, it } from "vitest";
import { failoverReport, ONE, THREE, throughputTable } from "../../bench/processes-report.js";

const row = (name: string, concurrency: number, rps: number) => ({
  name,
  concurrency,
  rps,
  p50: 1,
  p99: 2,
  failures: 0,
});

describe("the processes benchmark's tables", () => {
  it("gives each setup's throughput as a ratio of one process's at the same concurrency", () => {
    const table = throughputTable([
      row(ONE, 1, 1000),
      row(THREE, 1, 1500),
      row(ONE, 10, 4000),
      row(THREE, 10, 2000),
    ]);
    const lines = table.split("\n");
    expect(lines.find((l) => l.includes(THREE) && l.includes("| 1 "))).toContain("1.50×");
    expect(lines.find((l) => l.includes(THREE) && l.includes("| 10 "))).toContain("0.50×");
    expect(lines.find((l) => l.includes(ONE) && l.includes("| 10 "))).toContain("1.00×");
  });

  it("sums up kill → post over the rounds as min, median and max, and counts duplicates", () => {
    const report = failoverReport([
      { killToLeaderMs: 11_000, killToPostMs: 12_000, posts: 1 },
      { killToLeaderMs: 13_000, killToPostMs: 14_000, posts: 1 },
      { killToLeaderMs: 15_000, killToPostMs: 19_000, posts: 2 },
    ]);
    expect(report).toMatch(/kill → post in Slack\s*\|\s*12\.0 s\s*\|\s*14\.0 s\s*\|\s*19\.0 s/);
    expect(report).toMatch(/posted twice or more: 1 of 3/);
  });

  it("reports a round whose post never came as such, not as a time", () => {
    const report = failoverReport([{ killToLeaderMs: 11_000, killToPostMs: undefined, posts: 0 }]);
    expect(report).toContain("not posted");
  });
});
