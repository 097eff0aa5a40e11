/**
 * Reads a corpus once and builds everything a query needs: postings (what matches, how well),
 * token streams (where words sit), the term dictionary (for prefix and typo matches) and the
 * vocabulary (for weights and suggestions). Each distinct word is analysed once per index, and
 * essay titles and tags once per essay, since every section repeats them.
 */
import SearchableMap from "minisearch/SearchableMap";
import type { SplitEssay } from "../essay/types.js";
import { AcronymLearner, type Acronyms } from "./acronyms.js";
import { drain } from "./drain.js";
import { Postings, PostingsBuilder, type PriorCounts } from "./postings.js";
import { TokenStreams, TokenStreamsBuilder } from "./streams.js";
import { Vocabulary, vocabularySteps } from "./suggest.js";
import { wordInfo, wordsAndGaps } from "./text.js";
import { type Field, WordTable } from "./word-table.js";

/** Per section, in stream span numbering: heading, parent heading, text; titles come after. */
const SPANS_PER_SECTION = 3;

export class InvertedIndex {
  readonly postings: Postings;
  readonly streams: TokenStreams;
  /** Indexed keys → term id; walked for prefix and typo matches. */
  readonly terms: SearchableMap<number>;
  /** Learned acronym key id → the key ids of its expansion. */
  readonly expansions: ReadonlyMap<number, Int32Array>;
  readonly vocabulary: Vocabulary;
  /** Every key seen (stop words' too, for phrases) → id. */
  readonly #ids: ReadonlyMap<string, number>;
  /** Section → number of its essay, for the title's span. */
  readonly #essayOf: Int32Array;

  private constructor(parts: {
    postings: Postings;
    streams: TokenStreams;
    terms: SearchableMap<number>;
    expansions: ReadonlyMap<number, Int32Array>;
    vocabulary: Vocabulary;
    ids: ReadonlyMap<string, number>;
    essayOf: Int32Array;
  }) {
    this.postings = parts.postings;
    this.streams = parts.streams;
    this.terms = parts.terms;
    this.expansions = parts.expansions;
    this.vocabulary = parts.vocabulary;
    this.#ids = parts.ids;
    this.#essayOf = parts.essayOf;
  }

  /** Everything the index is, as plain data and typed arrays (see index-snapshot.ts). */
  snapshot(): InvertedSnapshot {
    const ids = new Array<string>(this.#ids.size);
    for (const [key, id] of this.#ids) ids[id] = key;
    const { words, spanStart } = this.streams.arrays();
    return {
      meta: {
        ids,
        docCount: this.postings.docCount,
        expansions: [...this.expansions].map(([key, terms]) => [key, [...terms]]),
        vocabulary: this.vocabulary.toSnapshot(),
      },
      arrays: {
        start: this.postings.start,
        docs: this.postings.docs,
        impacts: this.postings.impacts,
        words,
        spanStart,
        essayOf: this.#essayOf,
      },
    };
  }

  /** The index a snapshot was taken of; the term dictionary is made again from the ids. */
  /**
   * The index a snapshot was taken of, in steps: the term dictionary of 100k words takes most of
   * a second to make again from the ids.
   */
  static *restoreSteps({ meta, arrays }: InvertedSnapshot): Generator<void, InvertedIndex> {
    const postings = new Postings(arrays.start, arrays.docs, arrays.impacts, meta.docCount);
    const ids = new Map<string, number>();
    const terms = new SearchableMap<number>();
    for (const [id, key] of meta.ids.entries()) {
      ids.set(key, id);
      if (postings.count(id) > 0) terms.set(key, id);
      if (id % STEP === STEP - 1) yield;
    }
    yield;
    const vocabulary = yield* Vocabulary.fromSnapshotSteps(meta.vocabulary);
    return new InvertedIndex({
      postings,
      streams: new TokenStreams(arrays.words, arrays.spanStart),
      terms,
      expansions: new Map(meta.expansions.map(([key, terms]) => [key, Int32Array.from(terms)])),
      vocabulary,
      ids,
      essayOf: arrays.essayOf,
    });
  }

  idOf(key: string): number | undefined {
    return this.#ids.get(key);
  }

  /** How many sections hold the key, in any field. */
  sectionsWith(key: string): number {
    const id = this.#ids.get(key);
    return id === undefined ? 0 : this.postings.count(id);
  }

  /** The span of a section's subheading ("" for the opening section). */
  headingSpan(section: number): number {
    return section * SPANS_PER_SECTION;
  }

  parentHeadingSpan(section: number): number {
    return section * SPANS_PER_SECTION + 1;
  }

  textSpan(section: number): number {
    return section * SPANS_PER_SECTION + 2;
  }

  /** Section → the number of its essay (its place among the indexed essays). Read only. */
  get essayOfSection(): Int32Array {
    return this.#essayOf;
  }

  titleSpan(section: number): number {
    return this.#essayOf.length * SPANS_PER_SECTION + (this.#essayOf[section] ?? 0);
  }

  /** Builds the whole index at once (tests, the CLI's small feeds, benchmarks). */
  static build(essays: readonly SplitEssay[]): BuiltIndex {
    return drain(InvertedIndex.steps(essays));
  }

  /**
   * The build as a sequence of small steps: it yields after each essay and every few thousand
   * items of the finishing loops, so a caller can run it in slices between requests (see
   * library/index-builder.ts) instead of stopping the event loop for seconds at 100k sections.
   *
   * Reads every field once, learning acronyms from the same cut of the text, then lays the
   * fields out as ids (an acronym adds its expansion's ids, so the layout waits for them). An
   * essay whose fields cannot be read is left out and named in `skipped`: one essay can never
   * stop the others from being indexed.
   */
  static *steps(all: readonly SplitEssay[], prior?: InvertedIndex): Generator<void, BuiltIndex> {
    const table = new WordTable();
    const learner = new AcronymLearner();
    // Read in the order ids were always given out (title, tags, then each section's heading,
    // parent heading and text), so term ids stay the same.
    const emptyRead = table.read("");
    const skipped: SkippedEssay[] = [];
    const essays: SplitEssay[] = [];
    const read: ReadEssay[] = [];
    for (const essay of all) {
      try {
        read.push(readEssay(essay, table, learner, emptyRead));
        essays.push(essay);
      } catch (err) {
        skipped.push({ id: essay.meta.id, reason: `indexing failed: ${describe(err)}` });
      }
      yield;
    }
    const sectionCount = essays.reduce((n, e) => n + e.sections.length, 0);
    const acronyms = learner.acronyms();
    yield* table.assignSteps(acronyms);

    // Sized from what was read, so neither grows by copying hundreds of megabytes at once.
    let words = 0;
    let distinct = 0;
    for (const essay of read) {
      words += essay.title.words.length;
      for (const s of essay.sections) {
        words += s.heading.words.length + s.parent.words.length + s.text.words.length;
        distinct +=
          s.heading.distinct +
          s.parent.distinct +
          s.text.distinct +
          essay.title.distinct +
          essay.tags.distinct;
      }
    }
    yield;
    const postings = new PostingsBuilder(sectionCount, Math.ceil(distinct * 1.1));
    const streams = new TokenStreamsBuilder(words);
    const essayOf = new Int32Array(sectionCount);
    const literal = new LiteralCounts();
    const empty = table.finish(emptyRead);
    const titles: Field[] = [];
    let id = 0;
    for (const [e, essay] of essays.entries()) {
      const drafts = read[e];
      if (!drafts) continue;
      // Every section repeats its essay's title and tags: laid out once.
      const title = table.finish(drafts.title);
      const tags = table.finish(drafts.tags);
      titles.push(title);
      for (const [s, section] of essay.sections.entries()) {
        const draft = drafts.sections[s];
        if (!draft) continue;
        const heading = table.finish(draft.heading);
        const parent = draft.parent === emptyRead ? empty : table.finish(draft.parent);
        const text = table.finish(draft.text);
        // As MiniSearch indexed it: the opening section has no subheading, so the title heads
        // it, counted once (as its heading), so the opening does not win on the title twice over.
        const fields = section.heading
          ? [heading, parent, title, tags, text]
          : [title, parent, empty, tags, text];
        postings.startSection();
        for (const [f, field] of fields.entries()) {
          postings.addField(f, field.terms, field.distinct);
          literal.add(id, field);
        }
        postings.endSection();
        streams.add(heading.codes);
        streams.add(parent.codes);
        streams.add(text.codes);
        essayOf[id] = e;
        id++;
      }
      yield;
    }
    for (const title of titles) streams.add(title.codes);

    const finished = yield* postings.finishSteps(
      table.ids.size,
      prior ? priorCounts(prior, table.ids) : undefined,
    );
    const terms = new SearchableMap<number>();
    let n = 0;
    for (const [key, termId] of table.ids) {
      if (finished.count(termId) > 0) terms.set(key, termId);
      if (++n % STEP === 0) yield;
    }
    const expansions = new Map<number, Int32Array>();
    for (const entry of table.entries()) {
      const [key, ...expansion] = entry.terms;
      if (key !== undefined && expansion.length > 0) {
        expansions.set(key, Int32Array.from(expansion));
      }
    }
    yield;
    const vocabulary = yield* literal.vocabularySteps(table);
    yield;
    const index = new InvertedIndex({
      postings: finished,
      streams: streams.finish(),
      terms,
      expansions,
      vocabulary,
      ids: table.ids,
      essayOf,
    });
    return { index, acronyms, essays, skipped };
  }
}

export interface InvertedSnapshot {
  meta: {
    /** Key of each term id, by id. */
    ids: string[];
    docCount: number;
    expansions: [number, number[]][];
    vocabulary: ReturnType<Vocabulary["toSnapshot"]>;
  };
  arrays: {
    start: Int32Array;
    docs: Int32Array;
    impacts: Float32Array;
    words: Int32Array;
    spanStart: Int32Array;
    essayOf: Int32Array;
  };
}

/** Items a finishing loop handles between two yields: well under a millisecond of work. */
const STEP = 4096;

/** An essay the build left out, and why. */
export interface SkippedEssay {
  id: string;
  reason: string;
}

export interface BuiltIndex {
  index: InvertedIndex;
  acronyms: Acronyms;
  /** The essays indexed, in corpus order: every essay given but the skipped ones. */
  essays: readonly SplitEssay[];
  skipped: SkippedEssay[];
}

type ReadEssay = ReturnType<typeof readEssay>;

/** One essay's fields read into the word table (and its acronym evidence into the learner). */
function readEssay(
  essay: SplitEssay,
  table: WordTable,
  learner: AcronymLearner,
  emptyRead: ReturnType<WordTable["read"]>,
) {
  const title = table.read(essay.meta.title);
  const tags = table.read(essay.meta.tags.join(" "));
  const raw: string[] = [];
  const cuts: string[][] = [];
  const sections = essay.sections.map((section) => {
    const headingCut = wordsAndGaps(section.heading);
    const heading = table.readCut(headingCut);
    const parent = section.parentHeading ? table.read(section.parentHeading) : emptyRead;
    const textCut = wordsAndGaps(section.text);
    const text = table.readCut(textCut);
    raw.push(section.heading, section.text);
    cuts.push(headingCut, textCut);
    return { heading, parent, text };
  });
  learner.addEssay(raw, cuts);
  return { title, tags, sections };
}

/** The prior index's section counts, by the term ids of the index being built. */
function priorCounts(prior: InvertedIndex, ids: ReadonlyMap<string, number>): PriorCounts {
  const df = new Int32Array(ids.size);
  for (const [key, id] of ids) df[id] = prior.sectionsWith(key);
  return { docCount: prior.postings.docCount, df };
}

export { drain } from "./drain.js";

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * What the vocabulary counts: each word's own key (not an acronym's expansion), how often it is
 * indexed and in how many sections, as it was counted when MiniSearch did the indexing.
 */
class LiteralCounts {
  readonly #sections: number[] = [];
  readonly #lastSection: number[] = [];
  #lastSectionWithWords = -1;

  add(section: number, field: Field): void {
    for (const entry of field.entries) {
      const key = entry.terms[0];
      if (key === undefined) continue;
      entry.uses++;
      this.#lastSectionWithWords = section;
      if (this.#lastSection[key] !== section) {
        this.#lastSection[key] = section;
        this.#sections[key] = (this.#sections[key] ?? 0) + 1;
      }
    }
  }

  /** The vocabulary, in steps: every word of a 100k-section index is analysed again here. */
  *vocabularySteps(table: WordTable): Generator<void, Vocabulary> {
    const spellings = new Map<string, Map<string, number>>();
    let n = 0;
    for (const entry of table.entries()) {
      if (++n % STEP === 0) yield;
      if (entry.terms.length === 0 || entry.uses === 0) continue;
      const { key, norm } = wordInfo(entry.word);
      let forms = spellings.get(key);
      if (!forms) {
        forms = new Map();
        spellings.set(key, forms);
      }
      forms.set(norm, (forms.get(norm) ?? 0) + entry.uses);
    }
    return yield* vocabularySteps(
      spellings,
      (key) => this.#sections[table.ids.get(key) ?? -1] ?? 0,
      this.#lastSectionWithWords + 1,
    );
  }
}
