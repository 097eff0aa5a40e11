/**
 * Essay-level evidence: a section of an essay that is about the query's topic should beat an
 * incidental mention in a short section elsewhere, and the topic is often carried by the essay as
 * a whole (its title, its other sections) rather than repeated in every section. Each matching
 * section gains a share of its essay's score for the query: the mean, over all the essay's
 * sections, of their BM25+ scores, times the coverage of the query by the essay as a whole.
 *
 * Worked out from the query's matches alone (the accumulator already holds every matching
 * section's score), so it needs nothing more at build time or in the snapshot, costs one pass over
 * the matches, and an index of a few changed essays (LayeredIndex) weighs them as a rebuild will
 * (up to the approximate counts it is weighed with): all of an essay's sections live in one index.
 */

/**
 * How much of its essay's score a section gains. Chosen on the judged queries (the curve over
 * 0–3 is in BENCHMARKS.md, "Essay-level evidence"): the best nDCG@5 on all queries among the
 * weights that keep the shared set at its 0.917 with success@3 = 1. The curve is noisy (one
 * query swapping places moves the shared set between 0.910 and 0.917 anywhere from 0.1 to 1.5;
 * from 2 it falls to 0.882); small weights are too weak to lift a section of an essay about the
 * topic past a short incidental mention (in essay-evidence.test.ts 0.5 is the least that does).
 */
export const ESSAY_WEIGHT = 0.6;

/**
 * What one index needs to weigh essays: for each section its essay, for each essay the share one
 * section is of it. Matches come in corpus order, and an essay's sections are numbered one after
 * another, so an essay's matches are one run of them: no scratch arrays, two passes over a run.
 */
export class EssayEvidence {
  /** Section → its essay's number. */
  readonly #essayOf: Int32Array;
  /** Essay number → 1 / how many sections it has. */
  readonly #perSection: Float64Array;

  constructor(essayOf: Int32Array, sectionCounts: readonly number[]) {
    this.#essayOf = essayOf;
    this.#perSection = Float64Array.from(sectionCounts, (n) => 1 / Math.max(1, n));
  }

  /**
   * Adds to `scores` (by position in `docs`, which is in corpus order) each section's share of its
   * essay's score. `raw` is every section's score before coverage (by section number), `masks`
   * the query terms each matched, `factors` the coverage factor of every set of matched terms
   * (see coverageFactors).
   */
  apply(
    docs: Int32Array,
    scores: Float64Array,
    masks: Uint16Array,
    raw: Float64Array,
    factors: Float64Array,
    weight: number = ESSAY_WEIGHT,
  ): void {
    if (weight === 0) return;
    const essayOf = this.#essayOf;
    const n = docs.length;
    let from = 0;
    while (from < n) {
      const essay = essayOf[docs[from] as number] as number;
      let sum = 0;
      let mask = 0;
      let to = from;
      for (; to < n; to++) {
        const doc = docs[to] as number;
        if (essayOf[doc] !== essay) break;
        sum += raw[doc] as number;
        mask |= masks[to] as number;
      }
      const share = weight * (factors[mask] as number) * sum * (this.#perSection[essay] as number);
      for (let p = from; p < to; p++) scores[p] = (scores[p] as number) + share;
      from = to;
    }
  }
}
