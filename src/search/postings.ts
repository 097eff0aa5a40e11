/**
 * The inverted index: for every term, the sections holding it and what each one's score gains
 * from it. MiniSearch keeps term → field → Map(section → count) and works out BM25+ for every
 * (term, section, field) on every query, then builds a result object per section; a common word
 * sits in most sections of a big archive, and that per-query work is what made searches slow.
 * The index never changes once built, so everything that depends only on the corpus is worked out
 * once here, and a query just adds up one stored number per posting.
 *
 * The arithmetic is MiniSearch's own (BM25+ per field with that field's document frequency, field
 * length = distinct words as written, its running average), so sections score as they did when
 * MiniSearch ranked them.
 */
import { BM25, FIELD_BOOSTS } from "./matching.js";

/** Indexed fields, in the order MiniSearch added up their scores. */
export const FIELDS = ["heading", "parentHeading", "title", "tags", "text"] as const;
const FIELD_COUNT = FIELDS.length;
const BOOSTS = FIELDS.map((f) => FIELD_BOOSTS[f]);
/** A word repeated more often than this in one field gains nothing more (BM25 saturates long before). */
const MAX_TF = 0xffff;

/** Postings of every term, stored term after term in flat arrays (4 + 4 bytes a posting). */
export class Postings {
  constructor(
    /** Term id → index of its first posting; its last is just before the next term's first. */
    readonly start: Int32Array,
    /** The section of each posting, ascending within a term. */
    readonly docs: Int32Array,
    /** What the term adds to that section's score: BM25+ over the fields, boosts applied. */
    readonly impacts: Float32Array,
    readonly docCount: number,
  ) {}

  /** How many sections hold the term (in any field, acronym expansions included). */
  count(term: number): number {
    return (this.start[term + 1] ?? 0) - (this.start[term] ?? 0);
  }

  /** The sections holding the term, ascending (a view, no copy). */
  docsOf(term: number): Int32Array {
    return this.docs.subarray(this.start[term] ?? 0, this.start[term + 1] ?? 0);
  }

  /** Whether a section holds the term: a binary search of its postings. */
  holds(term: number, doc: number): boolean {
    const docs = this.docs;
    let lo = this.start[term] ?? 0;
    let hi = (this.start[term + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = docs[mid] ?? 0;
      if (value === doc) return true;
      if (value < doc) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/**
 * Counts from a bigger corpus these sections are weighed against: an index of a few changed
 * essays (library/delta) scores like the full index it stands beside, not like a tiny corpus
 * where every word is rare. `df` is, per term id of the new index, how many of the prior
 * corpus's sections hold the term in any field: the full index keeps no per-field counts, so
 * every field takes that count (title and heading matches weigh a little less than they will
 * once the full index is rebuilt).
 */
export interface PriorCounts {
  docCount: number;
  df: Int32Array;
}

/** Collects term counts section by section (ids 0, 1, 2, … in order), then lays out Postings. */
export class PostingsBuilder {
  readonly #docCount: number;
  /** Distinct words as written, per section and field: BM25's field length. */
  readonly #fieldLength: Int32Array;
  readonly #avgLength = new Float64Array(FIELD_COUNT);
  /** One entry per (section, term), section after section: the term and its count per field. */
  #entryTerm = new Int32Array(4096);
  #entryTf = new Uint16Array(4096 * FIELD_COUNT);
  #entries = 0;
  readonly #docStart: Int32Array;
  /** Per term and field: how many sections hold the term in that field. */
  #fieldDf = new Int32Array(1024 * FIELD_COUNT);
  /** Per term: the last section it was seen in, so each (section, term) gets one entry. */
  #lastDoc = new Int32Array(1024).fill(-1);
  /** Counts of the section being added, per term and field; reset as its entries are written. */
  #tf = new Uint16Array(1024 * FIELD_COUNT);
  #docTerms: number[] = [];
  #doc = -1;

  /**
   * `expectedEntries` sizes the entry arrays up front when the caller can tell (about one entry
   * per distinct word of each section): at 100k sections, growing them by doubling copied
   * hundreds of megabytes in single steps that no slicing could split.
   */
  constructor(docCount: number, expectedEntries = 4096) {
    this.#docCount = docCount;
    this.#fieldLength = new Int32Array(docCount * FIELD_COUNT);
    this.#docStart = new Int32Array(docCount + 1);
    this.#entryTerm = new Int32Array(Math.max(4096, expectedEntries));
    this.#entryTf = new Uint16Array(this.#entryTerm.length * FIELD_COUNT);
  }

  startSection(): void {
    this.#doc++;
    if (this.#doc >= this.#docCount)
      throw new Error("PostingsBuilder: more sections than declared");
  }

  /**
   * One field of the current section: the term ids of its words, in order (a word indexed under
   * several keys gives several), and how many distinct words it has as written.
   */
  addField(field: number, terms: ArrayLike<number>, distinctWords: number): void {
    const doc = this.#doc;
    this.#fieldLength[doc * FIELD_COUNT + field] = distinctWords;
    // MiniSearch's running mean, kept the same way so the averages are bit for bit its own.
    const avg = this.#avgLength[field] ?? 0;
    this.#avgLength[field] = (avg * doc + distinctWords) / (doc + 1);
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i] ?? 0;
      this.#ensureTerm(term);
      if (this.#lastDoc[term] !== doc) {
        this.#lastDoc[term] = doc;
        this.#docTerms.push(term);
      }
      const slot = term * FIELD_COUNT + field;
      if ((this.#tf[slot] ?? 0) < MAX_TF) this.#tf[slot] = (this.#tf[slot] ?? 0) + 1;
    }
  }

  endSection(): void {
    const needed = this.#entries + this.#docTerms.length;
    if (needed > this.#entryTerm.length) {
      const size = Math.max(needed, this.#entryTerm.length * 2);
      this.#entryTerm = grow(this.#entryTerm, size);
      this.#entryTf = grow(this.#entryTf, size * FIELD_COUNT);
    }
    for (const term of this.#docTerms) {
      const e = this.#entries++;
      this.#entryTerm[e] = term;
      for (let f = 0; f < FIELD_COUNT; f++) {
        const tf = this.#tf[term * FIELD_COUNT + f] ?? 0;
        if (tf === 0) continue;
        this.#entryTf[e * FIELD_COUNT + f] = tf;
        this.#fieldDf[term * FIELD_COUNT + f] = (this.#fieldDf[term * FIELD_COUNT + f] ?? 0) + 1;
        this.#tf[term * FIELD_COUNT + f] = 0;
      }
    }
    this.#docTerms = [];
    this.#docStart[this.#doc + 1] = this.#entries;
  }

  finish(termCount: number, prior?: PriorCounts): Postings {
    const steps = this.finishSteps(termCount, prior);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * `finish`, yielding every few thousand sections so a sliced build can pause. With `prior`,
   * the weights are worked out as if these sections sat in a bigger corpus (see PriorCounts).
   */
  *finishSteps(termCount: number, prior?: PriorCounts): Generator<void, Postings> {
    const n = this.#docCount;
    const total = n + (prior?.docCount ?? 0);
    this.#ensureTerm(termCount - 1);
    const start = new Int32Array(termCount + 1);
    for (let e = 0; e < this.#entries; e++) {
      const next = (this.#entryTerm[e] ?? 0) + 1;
      start[next] = (start[next] ?? 0) + 1;
      if (e % 65_536 === 65_535) yield;
    }
    for (let t = 0; t < termCount; t++) start[t + 1] = (start[t + 1] ?? 0) + (start[t] ?? 0);

    // IDF per term and field, with MiniSearch's document count (every section) as the total.
    const idf = new Float64Array(termCount * FIELD_COUNT);
    for (let i = 0; i < idf.length; i++) {
      if (i % 65_536 === 65_535) yield;
      const own = this.#fieldDf[i] ?? 0;
      if (own === 0) continue;
      const df = own + (prior?.df[Math.floor(i / FIELD_COUNT)] ?? 0);
      idf[i] = Math.log(1 + (total - df + 0.5) / (df + 0.5));
    }
    const { k, b, d } = BM25;
    const cursor = start.slice(0, termCount);
    const docs = new Int32Array(this.#entries);
    const impacts = new Float32Array(this.#entries);
    // Walking sections in order leaves each term's postings sorted by section.
    for (let doc = 0; doc < n; doc++) {
      for (let e = this.#docStart[doc] ?? 0; e < (this.#docStart[doc + 1] ?? 0); e++) {
        const term = this.#entryTerm[e] ?? 0;
        let impact = 0;
        for (let f = 0; f < FIELD_COUNT; f++) {
          const tf = this.#entryTf[e * FIELD_COUNT + f] ?? 0;
          if (tf === 0) continue;
          const norm = (this.#fieldLength[doc * FIELD_COUNT + f] ?? 0) / (this.#avgLength[f] ?? 1);
          const saturation = d + (tf * (k + 1)) / (tf + k * (1 - b + b * norm));
          impact += (BOOSTS[f] ?? 1) * (idf[term * FIELD_COUNT + f] ?? 0) * saturation;
        }
        const p = cursor[term] ?? 0;
        cursor[term] = p + 1;
        docs[p] = doc;
        impacts[p] = impact;
      }
      if (doc % 512 === 511) yield;
    }
    return new Postings(start, docs, impacts, n);
  }

  #ensureTerm(term: number): void {
    if (term < this.#lastDoc.length) return;
    const size = Math.max(term + 1, this.#lastDoc.length * 2);
    const lastDoc = grow(this.#lastDoc, size);
    lastDoc.fill(-1, this.#lastDoc.length);
    this.#lastDoc = lastDoc;
    this.#fieldDf = grow(this.#fieldDf, size * FIELD_COUNT);
    this.#tf = grow(this.#tf, size * FIELD_COUNT);
  }
}

function grow<T extends Int32Array | Uint16Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
