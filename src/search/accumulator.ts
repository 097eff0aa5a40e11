/**
 * Adds up a query's scores section by section in flat arrays indexed by section, reused from
 * query to query: a common word's postings then cost one multiply-add each, with no allocation
 * per matching section. Searching is synchronous, so one set of arrays per index is never shared
 * by two queries at once; each query leaves them zeroed again.
 */
import type { DerivedTerm } from "./matching.js";
import type { Postings } from "./postings.js";

const MAX_MASK_TERMS = 16;

export class Accumulator {
  /** Score so far, by section. */
  readonly score: Float64Array;
  /** Which query terms the section matched: bit i = term i (at most 16 terms). */
  readonly mask: Uint16Array;
  /**
   * Which query terms the section matched only through a related word (bit i = term i): partial
   * coverage, since "hard" answers "difficult" less surely than "difficult" itself.
   */
  readonly related: Uint16Array;
  /** 1 for sections a query may match (its quoted phrases' sections), when it has phrases. */
  readonly allowed: Uint8Array;
  readonly #touched: Int32Array;

  constructor(sectionCount: number) {
    this.score = new Float64Array(sectionCount);
    this.mask = new Uint16Array(sectionCount);
    this.related = new Uint16Array(sectionCount);
    this.allowed = new Uint8Array(sectionCount);
    this.#touched = new Int32Array(sectionCount);
  }

  /**
   * Scores every section matching any derived term (only allowed ones, when `restricted`) and
   * returns them in corpus order. Term i's matches set bit i of the mask; a section
   * matched by several derived terms of one query term adds them all up, as MiniSearch did.
   */
  collect(postings: Postings, derived: readonly DerivedTerm[][], restricted: boolean): Int32Array {
    if (derived.length > MAX_MASK_TERMS) {
      throw new Error(
        `Accumulator: a query has ${derived.length} terms but masks hold ${MAX_MASK_TERMS}; lower MAX_TERMS in query.ts or widen the masks.`,
      );
    }
    const { start, docs, impacts } = postings;
    const { score, mask, related, allowed } = this;
    const touched = this.#touched;
    let n = 0;
    derived.forEach((terms, i) => {
      const bit = 1 << i;
      for (const term of terms) {
        const to = start[term.id + 1] ?? 0;
        const bits = term.related ? related : mask;
        for (let p = start[term.id] ?? 0; p < to; p++) {
          const doc = docs[p] ?? 0;
          if (restricted && allowed[doc] === 0) continue;
          if (mask[doc] === 0 && related[doc] === 0) touched[n++] = doc;
          score[doc] = (score[doc] ?? 0) + term.weight * (impacts[p] ?? 0);
          bits[doc] = (bits[doc] ?? 0) | bit;
        }
      }
    });
    // Corpus order: a scan of the masks when many sections matched, else a sort of the few.
    if (n > mask.length / 16) {
      const found = new Int32Array(n);
      let k = 0;
      for (let doc = 0; doc < mask.length; doc++) {
        if (mask[doc] !== 0 || related[doc] !== 0) found[k++] = doc;
      }
      return found;
    }
    return touched.slice(0, n).sort();
  }

  /** Zeroes what a query wrote, ready for the next one. */
  reset(docs: Int32Array, allowedDocs: readonly number[]): void {
    for (const doc of docs) {
      this.score[doc] = 0;
      this.mask[doc] = 0;
      this.related[doc] = 0;
    }
    for (const doc of allowedDocs) this.allowed[doc] = 0;
  }
}
