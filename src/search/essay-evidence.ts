/**
 * Essay-level evidence: a section of an essay that is about the query's topic should beat an
 * incidental mention in a short section elsewhere, and the topic is often carried by the essay as
 * a whole (its title, its other sections) rather than repeated in every section. Each matching
 * section gains a share of its essay's score for the query: the mean, over all the essay's
 * sections, of their BM25+ scores, times the coverage of the query by the essay as a whole.
 *
 * Worked out from the query's matches alone (the accumulator already holds every matching
 * section's score), so it needs nothing more at build time, costs one pass over the matches, and
 * an index of a few changed essays (LayeredIndex) gives the same answer as a rebuild: all of an
 * essay's sections live in one index.
 */

/**
 * How much of its essay's score a section gains. Chosen on the judged queries (the curve over
 * 0–3 is in BENCHMARKS.md, "Essay-level evidence"): the best nDCG@5 on all queries among the
 * weights that keep the shared set at its 0.917 with success@3 = 1. Below about 0.5 an essay
 * about the topic cannot lift a section past a short incidental mention; above 0.75 the shared
 * set starts to lose.
 */
export const ESSAY_WEIGHT = 0.6;

/** Scratch arrays by essay number, reused from query to query and zeroed after each. */
export class EssayEvidence {
  readonly #sum: Float64Array;
  readonly #mask: Uint16Array;

  constructor(
    /** Section → its essay's number. */
    readonly essayOf: (section: number) => number,
    /** Essay number → how many sections it has. */
    readonly sectionCount: (essay: number) => number,
    essays: number,
  ) {
    this.#sum = new Float64Array(essays);
    this.#mask = new Uint16Array(essays);
  }

  /**
   * Adds to `scores` (by position in `docs`) each section's share of its essay's score. `raw` is
   * every section's score before coverage (by section number), `masks` the query terms each
   * matched, `factors` the coverage factor of every set of matched terms (see coverageFactors).
   */
  apply(
    docs: Int32Array,
    scores: Float64Array,
    masks: Uint16Array,
    raw: Float64Array,
    factors: Float64Array,
    weight = ESSAY_WEIGHT,
  ): void {
    if (weight === 0) return;
    const sum = this.#sum;
    const mask = this.#mask;
    docs.forEach((doc, p) => {
      const e = this.essayOf(doc);
      sum[e] = (sum[e] ?? 0) + (raw[doc] ?? 0);
      mask[e] = (mask[e] ?? 0) | (masks[p] ?? 0);
    });
    docs.forEach((doc, p) => {
      const e = this.essayOf(doc);
      const essay =
        ((factors[mask[e] ?? 0] ?? 0) * (sum[e] ?? 0)) / Math.max(1, this.sectionCount(e));
      scores[p] = (scores[p] ?? 0) + weight * essay;
    });
    for (const doc of docs) {
      const e = this.essayOf(doc);
      sum[e] = 0;
      mask[e] = 0;
    }
  }
}
