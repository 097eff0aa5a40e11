/**
 * The relevance targets, asserted: on the shared judged queries (bench/data/queries.json) this
 * project's search must reach nDCG@5 ≥ 0.90 and put a grade-2 section in the top 3 every time.
 * `npm run bench:relevance` shows the same numbers next to the alternatives.
 */
import { describe, expect, it } from "vitest";
import {
  EXTRA_QUERIES,
  evaluate,
  loadQueries,
  loadReferenceCorpus,
  SHARED_QUERIES,
} from "../../bench/evaluate.js";
import { miniSearchTuned, projectSystem } from "../../bench/systems.js";

describe("relevance on the reference feed", () => {
  it("meets the targets on the shared judged queries", async () => {
    const corpus = await loadReferenceCorpus();
    const result = evaluate(projectSystem(corpus), await loadQueries(SHARED_QUERIES));
    const misses = result.perQuery.filter((q) => q.scores.success3 < 1).map((q) => q.query);
    expect(misses, "queries without a grade-2 section in the top 3").toEqual([]);
    expect(result.mean.ndcg5).toBeGreaterThanOrEqual(0.9);
  });

  it("beats tuned MiniSearch on our own extra queries too (it generalises)", async () => {
    const corpus = await loadReferenceCorpus();
    const queries = await loadQueries(EXTRA_QUERIES);
    const ours = evaluate(projectSystem(corpus), queries).mean;
    const baseline = evaluate(miniSearchTuned(corpus), queries).mean;
    expect(ours.ndcg5).toBeGreaterThan(baseline.ndcg5);
    expect(ours.success3).toBe(1);
  });
});
