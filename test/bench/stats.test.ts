import { describe, expect, it } from "vitest";
import { numberListFlag } from "../../bench/args.js";
import {
  formatMs,
  formatRatio,
  markdownTable,
  median,
  percentile,
  summarize,
} from "../../bench/stats.js";

describe("percentile", () => {
  it("interpolates between the closest ranks", () => {
    const samples = [1, 2, 3, 4];
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 50)).toBe(2.5);
    expect(percentile(samples, 100)).toBe(4);
    expect(percentile([10, 20], 95)).toBeCloseTo(19.5);
  });

  it("does not depend on the order samples were taken in", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(median([9, 1, 5])).toBe(5);
  });

  it("puts p99 of 1..100 just below the maximum, not at the median", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 99)).toBeCloseTo(99.01);
    expect(percentile(samples, 95)).toBeCloseTo(95.05);
  });

  it("returns the only sample for every percentile of a single sample", () => {
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([7], 99)).toBe(7);
  });

  it("refuses an empty sample or a percentile outside 0-100, saying which", () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1], 101)).toThrow(/0–100/);
  });

  it("leaves the caller's array unsorted", () => {
    const samples = [3, 1, 2];
    percentile(samples, 50);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe("summarize", () => {
  it("reports count, mean, percentiles and maximum together", () => {
    const s = summarize([4, 1, 3, 2]);
    expect(s).toMatchObject({ n: 4, mean: 2.5, p50: 2.5, max: 4 });
    expect(s.p95).toBeCloseTo(3.85);
  });
});

describe("formatting", () => {
  it("shows durations with units a reader can compare", () => {
    expect(formatMs(0.01234)).toBe("0.012 ms");
    expect(formatMs(5.678)).toBe("5.68 ms");
    expect(formatMs(150.2)).toBe("150 ms");
    expect(formatMs(75_400)).toBe("75.4 s");
    expect(formatMs(Number.NaN)).toBe("–");
  });

  it("shows ratios with ×, and a dash when there is no baseline", () => {
    expect(formatRatio(3, 2)).toBe("1.50×");
    expect(formatRatio(45, 3)).toBe("15.0×");
    expect(formatRatio(1, 0)).toBe("–");
    expect(formatRatio(5.28, 1310)).toBe("0.0040×");
  });

  it("aligns a Markdown table's columns", () => {
    expect(
      markdownTable(
        ["system", "p95"],
        [
          ["Lunr", "1 ms"],
          ["MiniSearch", "12 ms"],
        ],
      ),
    ).toBe(
      [
        "| system     | p95   |",
        "| ---------- | ----- |",
        "| Lunr       | 1 ms  |",
        "| MiniSearch | 12 ms |",
      ].join("\n"),
    );
  });
});

describe("numberListFlag", () => {
  it("reads comma-separated sizes, underscores allowed", () => {
    expect(numberListFlag(["--sizes=1_000,10000"], "sizes")).toEqual([1000, 10000]);
    expect(numberListFlag(["--other=1"], "sizes")).toBeUndefined();
  });

  it("names the flag and shows an example when a value is not a positive number", () => {
    expect(() => numberListFlag(["--sizes=10k"], "sizes")).toThrow(
      /--sizes must be positive.*--sizes=1000,10000/,
    );
  });
});
