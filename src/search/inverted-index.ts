/**
 * Reads a corpus once and builds everything a query needs: postings (what matches, how well),
 * token streams (where words sit), the term dictionary (for prefix and typo matches) and the
 * vocabulary (for weights and suggestions). Each distinct word is analysed once per index, and
 * essay titles and tags once per essay, since every section repeats them.
 */
import SearchableMap from "minisearch/SearchableMap";
import type { SplitEssay } from "../essay/types.js";
import { AcronymLearner, type Acronyms } from "./acronyms.js";
import { type Postings, PostingsBuilder } from "./postings.js";
import { type TokenStreams, TokenStreamsBuilder } from "./streams.js";
import { type Vocabulary, vocabularyFrom } from "./suggest.js";
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

  idOf(key: string): number | undefined {
    return this.#ids.get(key);
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

  titleSpan(section: number): number {
    return this.#essayOf.length * SPANS_PER_SECTION + (this.#essayOf[section] ?? 0);
  }

  /**
   * Reads every field once, learning acronyms from the same cut of the text, then lays the
   * fields out as ids (an acronym adds its expansion's ids, so the layout waits for them).
   */
  static build(essays: readonly SplitEssay[]): { index: InvertedIndex; acronyms: Acronyms } {
    const sectionCount = essays.reduce((n, e) => n + e.sections.length, 0);
    const table = new WordTable();
    const learner = new AcronymLearner();
    // Read in the order ids were always given out (title, tags, then each section's heading,
    // parent heading and text), so term ids stay the same.
    const emptyRead = table.read("");
    const read = essays.map((essay) => {
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
    });
    const acronyms = learner.acronyms();
    table.assign(acronyms);

    const postings = new PostingsBuilder(sectionCount);
    const streams = new TokenStreamsBuilder();
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
    }
    for (const title of titles) streams.add(title.codes);

    const finished = postings.finish(table.ids.size);
    const terms = new SearchableMap<number>();
    for (const [key, termId] of table.ids) if (finished.count(termId) > 0) terms.set(key, termId);
    const expansions = new Map<number, Int32Array>();
    for (const entry of table.entries()) {
      const [key, ...expansion] = entry.terms;
      if (key !== undefined && expansion.length > 0) {
        expansions.set(key, Int32Array.from(expansion));
      }
    }
    const index = new InvertedIndex({
      postings: finished,
      streams: streams.finish(),
      terms,
      expansions,
      vocabulary: literal.vocabulary(table),
      ids: table.ids,
      essayOf,
    });
    return { index, acronyms };
  }
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

  vocabulary(table: WordTable): Vocabulary {
    const spellings = new Map<string, Map<string, number>>();
    for (const entry of table.entries()) {
      if (entry.terms.length === 0 || entry.uses === 0) continue;
      const { key, norm } = wordInfo(entry.word);
      let forms = spellings.get(key);
      if (!forms) {
        forms = new Map();
        spellings.set(key, forms);
      }
      forms.set(norm, (forms.get(norm) ?? 0) + entry.uses);
    }
    return vocabularyFrom(
      spellings,
      (key) => this.#sections[table.ids.get(key) ?? -1] ?? 0,
      this.#lastSectionWithWords + 1,
    );
  }
}
