import { describe, expect, it } from "vitest";
import {
  gain,
  meanScores,
  ndcgAt,
  reciprocalRank,
  scoreQuery,
  successAt,
} from "../../bench/metrics.js";

const judged = new Map([
  ["a", 2],
  ["b", 2],
  ["c", 1],
]);

describe("relevance metrics", () => {
  it("gains 2^g − 1", () => {
    expect([0, 1, 2].map(gain)).toEqual([0, 1, 3]);
  });

  it("nDCG@5 is 1 for the ideal order and lower for any other", () => {
    expect(ndcgAt(5, ["a", "b", "c"], judged)).toBeCloseTo(1);
    expect(ndcgAt(5, ["b", "a", "c", "x"], judged)).toBeCloseTo(1);
    expect(ndcgAt(5, ["c", "a", "b"], judged)).toBeLessThan(1);
    expect(ndcgAt(5, [], judged)).toBe(0);
  });

  it("nDCG@5 matches a hand computation", () => {
    // DCG = 0/log2(2) + 3/log2(3) + 1/log2(4); ideal = 3 + 3/log2(3) + 1/log2(4)
    const dcg = 3 / Math.log2(3) + 1 / 2;
    const ideal = 3 + 3 / Math.log2(3) + 1 / 2;
    expect(ndcgAt(5, ["x", "a", "c"], judged)).toBeCloseTo(dcg / ideal, 10);
  });

  it("nDCG@5 only looks at the first five results", () => {
    expect(ndcgAt(5, ["x1", "x2", "x3", "x4", "x5", "a"], judged)).toBe(0);
  });

  it("success@3 needs a grade-2 result in the top three", () => {
    expect(successAt(3, ["x", "c", "a"], judged)).toBe(1);
    expect(successAt(3, ["x", "c", "y", "a"], judged)).toBe(0);
  });

  it("MRR is the reciprocal rank of the first grade-2 result", () => {
    expect(reciprocalRank(["c", "x", "b"], judged)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(["c"], judged)).toBe(0);
  });

  it("averages per-query scores with equal weight", () => {
    const mean = meanScores([scoreQuery(["a", "b", "c"], judged), scoreQuery([], judged)]);
    expect(mean).toEqual({ ndcg5: 0.5, success3: 0.5, mrr: 0.5 });
  });
});
