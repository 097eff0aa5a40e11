/**
 * Relevance metrics, as defined in bench/data/queries.json's "about": pure functions over a
 * ranked list of result keys and the judged grades, so they can be checked by hand in tests.
 */

/** Grade of each judged result key (2 = what the asker wants first, 1 = useful, absent = 0). */
export type Judgments = ReadonlyMap<string, number>;

/** Graded gain: a grade-2 result is worth three grade-1 results, not two (2^g − 1). */
export function gain(grade: number): number {
  return 2 ** grade - 1;
}

function dcg(grades: number[], k: number): number {
  return grades.slice(0, k).reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
}

/**
 * Normalised discounted cumulative gain at k: the DCG of the ranking over the DCG of the best
 * possible ranking of the judged results. 0 when nothing is judged relevant.
 */
export function ndcgAt(k: number, ranked: readonly string[], judged: Judgments): number {
  const grades = ranked.map((key) => judged.get(key) ?? 0);
  const ideal = [...judged.values()].sort((a, b) => b - a);
  const best = dcg(ideal, k);
  return best === 0 ? 0 : dcg(grades, k) / best;
}

/** 1 when a result of the top grade (2) is among the first k, else 0. */
export function successAt(k: number, ranked: readonly string[], judged: Judgments): number {
  return ranked.slice(0, k).some((key) => judged.get(key) === 2) ? 1 : 0;
}

/** Reciprocal rank of the first grade-2 result (0 when none is returned). */
export function reciprocalRank(ranked: readonly string[], judged: Judgments): number {
  const i = ranked.findIndex((key) => judged.get(key) === 2);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface Scores {
  ndcg5: number;
  success3: number;
  mrr: number;
}

/** Mean of each metric over a query set (every query weighs the same). */
export function meanScores(perQuery: readonly Scores[]): Scores {
  const n = perQuery.length || 1;
  const sum = (pick: (s: Scores) => number) => perQuery.reduce((acc, s) => acc + pick(s), 0) / n;
  return { ndcg5: sum((s) => s.ndcg5), success3: sum((s) => s.success3), mrr: sum((s) => s.mrr) };
}

/** All three metrics for one query. */
export function scoreQuery(ranked: readonly string[], judged: Judgments): Scores {
  return {
    ndcg5: ndcgAt(5, ranked, judged),
    success3: successAt(3, ranked, judged),
    mrr: reciprocalRank(ranked, judged),
  };
}
