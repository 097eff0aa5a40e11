/**
 * The searchable form of a corpus. Immutable once built: a refresh builds a new index off to the
 * side and swaps the reference, so a query never sees half an index and nothing a refresh does
 * can change the answers of the index in use.
 *
 * A query: parse → plan each term (exact, completion, typo) → expand it over the term dictionary
 * → add up precomputed BM25+ impacts per section → coverage → proximity for the leaders → hits,
 * made and sorted past the leaders only when read. Everything that depends on the corpus alone
 * is worked out at build time (inverted-index.ts), since the index never changes.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { Accumulator } from "./accumulator.js";
import { type Acronyms, keysOf } from "./acronyms.js";
import { type CompoundMatch, matchCompounds, PARTS_APART_WEIGHT, partSlots } from "./compounds.js";
import { EssayEvidence } from "./essay-evidence.js";
import { FILLER_WORDS } from "./filler.js";
import { QueryView, SectionHit } from "./hit.js";
import {
  type BuiltIndex,
  drain,
  InvertedIndex,
  type InvertedSnapshot,
  type SkippedEssay,
} from "./inverted-index.js";
import {
  type DerivedTerm,
  expandTerms,
  planTerms,
  type TermPlan,
  termMatcher,
} from "./matching.js";
import { phraseMatches } from "./phrases.js";
import { parseQuery, type QueryTerm } from "./query.js";
import { coverageFactors, proximity, Ranking, relatedCoverage } from "./rank.js";
import { type RelatedWords, relatedWords } from "./related-words.js";
import { keyIdOf } from "./streams.js";
import { suggest, type Vocabulary } from "./suggest.js";
import { tokenize, wordKey } from "./text.js";
import type { Hit, SearchPage, SearchResult } from "./types.js";
import { UrlLookup } from "./url-match.js";

/** A query's ranked sections; hits are made only for the positions asked for. */
export interface Ranked {
  length: number;
  /** Every matching section's number, in no particular order. */
  docs: Int32Array;
  /** The number of the i-th best section, its score and its hit. */
  docAt(i: number): number;
  scoreAt(i: number): number;
  sectionAt(i: number): Section;
  hit(i: number): SectionHit;
}

/** What one query found: the query text, its ranked sections (none: absent), suggestions. */
export interface QueryRun {
  text: string;
  ranked?: Ranked;
  suggestions: string[];
  notices?: Notices;
}

/** Newest first; essays without a date go last. */
export function newestFirst(a: SplitEssay, b: SplitEssay): number {
  const time = (e: SplitEssay) => (e.meta.published ? Date.parse(e.meta.published) : Number.NaN);
  const [ta, tb] = [time(a), time(b)];
  if (Number.isNaN(ta) || Number.isNaN(tb))
    return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
  return tb - ta;
}

/** What a reply says besides its hits (see SearchResult). */
export type Notices = { corrected?: string; unmatched?: string[]; related?: string };

/** The best hits a related word is named for standing in: about what a reply shows. */
const RELATED_SHOWN = 5;

/**
 * The query as corrected (each typo that found sections replaced by the corpus word it found
 * most closely, the rest as typed), the words that reached no section at all, and the query with
 * the related words that stood in for a word in one of the best hits (`shown`: each one's term
 * ids): a hit holding "hard" but not "difficult" is there for "hard", and the reply should say
 * so; a related word beside the word itself explains nothing.
 */
function notices(
  text: string,
  terms: readonly QueryTerm[],
  plan: readonly TermPlan[],
  derived: readonly DerivedTerm[][],
  index: InvertedIndex,
  shown: readonly ReadonlySet<number>[],
): Notices {
  const unmatched: string[] = [];
  const fixes = new Map<string, string>();
  const stands = new Map<string, string>();
  terms.forEach((term, i) => {
    const reached = derived[i] ?? [];
    if (reached.length === 0) {
      unmatched.push(term.word);
      return;
    }
    const literal = reached.filter((d) => !d.related);
    const standIns = reached.filter(
      (d) => d.related && shown.some((ids) => ids.has(d.id) && !literal.some((l) => ids.has(l.id))),
    );
    const related = strongest(standIns);
    if (related) stands.set(term.word, spell(related.key, index));
    // A word the corpus has, or one still being typed that it completes, was not a typo.
    const typo = plan[i]?.fuzzy ?? 0;
    if (typo === 0 || literal.some((d) => d.key === term.key || d.key.startsWith(term.key))) {
      return;
    }
    let best: { word: string; weight: number; count: number } | undefined;
    for (const { key, weight } of literal) {
      const spelled = index.vocabulary.spelling(key) ?? { word: key, count: 0 };
      if (!best || weight > best.weight || (weight === best.weight && spelled.count > best.count)) {
        best = { word: spelled.word, weight, count: spelled.count };
      }
    }
    if (best) fixes.set(term.word, best.word);
  });
  const corrected = fixes.size > 0 ? replaceWords(text, fixes) : undefined;
  // With the typos read too, so the line is the corrected query with its stand-ins.
  const related = stands.size > 0 ? replaceWords(text, new Map([...fixes, ...stands])) : undefined;
  return {
    ...(corrected === undefined ? {} : { corrected }),
    ...(unmatched.length === 0 ? {} : { unmatched }),
    ...(related === undefined ? {} : { related }),
  };
}

function strongest(terms: readonly DerivedTerm[]): DerivedTerm | undefined {
  let best: DerivedTerm | undefined;
  for (const t of terms) if (!best || t.weight > best.weight) best = t;
  return best;
}

function spell(key: string, index: InvertedIndex): string {
  return index.vocabulary.spelling(key)?.word ?? key;
}

/** The text with words replaced where typed, so the rest (stop words, quotes) reads as it was. */
function replaceWords(text: string, replacements: ReadonlyMap<string, string>): string {
  let out = "";
  let pos = 0;
  for (const token of tokenize(text)) {
    const replacement = replacements.get(token.word.toLowerCase());
    if (replacement === undefined) continue;
    out += text.slice(pos, token.start) + replacement;
    pos = token.end;
  }
  return out + text.slice(pos);
}

/** A SearchIndex as plain data and typed arrays. */
export interface SearchSnapshot {
  meta: InvertedSnapshot["meta"] & { acronyms: [string, string[]][] };
  arrays: InvertedSnapshot["arrays"];
}

export class SearchIndex {
  readonly #essays: readonly SplitEssay[];
  readonly #sections: readonly Section[];
  readonly #index: InvertedIndex;
  readonly #urls: UrlLookup;
  readonly #keysOf: (word: string) => string[];
  readonly #acronyms: Acronyms;
  #scratch: Accumulator | undefined;
  #essayScratch: EssayEvidence | undefined;
  /** Term ids of the indexed filler words (filler.ts), found on first use. */
  #fillerIds: ReadonlySet<number> | undefined;

  /** Essays the build left out (their fields could not be indexed), and why. */
  readonly skipped: readonly SkippedEssay[];

  /** The vocabulary a word's commonness is read from: a bigger index weighed against (see steps). */
  #counts: Vocabulary | undefined;

  /**
   * The related-words table queries read: the one the build made unless set. The benchmarks set
   * an empty one to measure what related words cost; a test may set a small one.
   */
  related: RelatedWords | undefined;

  private constructor(built: BuiltIndex, sections: readonly Section[], urls: UrlLookup) {
    const { essays, index, acronyms } = built;
    this.#essays = essays;
    this.#sections = sections;
    this.#index = index;
    this.#urls = urls;
    this.#acronyms = acronyms;
    this.#keysOf = (word) => keysOf(word, acronyms);
    this.skipped = Object.freeze(built.skipped);
  }

  static build(corpus: readonly SplitEssay[]): SearchIndex {
    return drain(SearchIndex.steps(corpus));
  }

  /**
   * The build as small steps (see InvertedIndex.steps): the library runs them in slices between
   * requests, so a refresh at 100k sections never holds up an answer for more than a slice.
   */
  static *steps(
    corpus: readonly SplitEssay[],
    { weighAgainst }: { weighAgainst?: SearchIndex } = {},
  ): Generator<void, SearchIndex> {
    // Copies of the lists, so a caller reusing its arrays cannot reach into a live index.
    const essays = Object.freeze(corpus.map((e) => ({ meta: e.meta, sections: [...e.sections] })));
    // Acronyms are learned while indexing, from the same cut of the text. With `weighAgainst`,
    // words weigh what they weigh in that (bigger) index: see LayeredIndex.
    const built = yield* InvertedIndex.steps(
      essays,
      weighAgainst ? weighAgainst.#index : undefined,
    );
    const index = yield* SearchIndex.#make(built);
    // Which words are common is the full index's call too, so results do not change when the
    // rebuild lands (a word common in the archive is often absent from the few changed essays).
    if (weighAgainst) index.#counts = weighAgainst.#counts ?? weighAgainst.#index.vocabulary;
    return index;
  }

  /** The index over what was built or restored; its lookups made in steps too. */
  static *#make(built: BuiltIndex): Generator<void, SearchIndex> {
    const sections: Section[] = [];
    for (const essay of built.essays) {
      for (const section of essay.sections) sections.push(section);
      if (sections.length % 4096 < essay.sections.length) yield;
    }
    Object.freeze(sections);
    const urls = yield* UrlLookup.steps(built.essays);
    return new SearchIndex(built, sections, urls);
  }

  /**
   * The index as data to save (index-snapshot.ts encodes it), so a restart can skip the build.
   * The essays are not in it: they are the caller's, who must hand the same ones to `restore`.
   */
  snapshot(): SearchSnapshot {
    const acronyms = [...this.#acronyms].map(
      ([key, words]) => [key, [...words]] as [string, string[]],
    );
    const inverted = this.#index.snapshot();
    return { meta: { ...inverted.meta, acronyms }, arrays: inverted.arrays };
  }

  /** The index a snapshot was taken of, over the same essays in the same order. */
  static restore(corpus: readonly SplitEssay[], snapshot: SearchSnapshot): SearchIndex {
    return drain(SearchIndex.restoreSteps(corpus, snapshot));
  }

  /** `restore` in steps, for a caller that runs it in slices. */
  static *restoreSteps(
    corpus: readonly SplitEssay[],
    snapshot: SearchSnapshot,
  ): Generator<void, SearchIndex> {
    const essays = Object.freeze(corpus.map((e) => ({ meta: e.meta, sections: [...e.sections] })));
    yield;
    const { acronyms: pairs, ...meta } = snapshot.meta;
    const index = yield* InvertedIndex.restoreSteps({ meta, arrays: snapshot.arrays });
    const sections = essays.reduce((n, e) => n + e.sections.length, 0);
    if (sections !== meta.docCount || snapshot.arrays.essayOf.length !== sections) {
      throw new Error(
        `the index snapshot has ${meta.docCount} sections, the essays ${sections}: not theirs`,
      );
    }
    const acronyms = new Map(pairs);
    const built: BuiltIndex = { index, acronyms, essays, skipped: [] };
    return yield* SearchIndex.#make(built);
  }

  /** The essays indexed, in corpus order. */
  get essays(): readonly SplitEssay[] {
    return this.#essays;
  }

  /** A mask over section numbers: 1 for every section of the given essays. */
  sectionsOf(essayIds: ReadonlySet<string>): Uint8Array {
    const mask = new Uint8Array(this.#sections.length);
    this.#sections.forEach((section, doc) => {
      if (essayIds.has(section.essay.id)) mask[doc] = 1;
    });
    return mask;
  }

  get essayCount(): number {
    return this.#essays.length;
  }

  get sectionCount(): number {
    return this.#sections.length;
  }

  /**
   * The matching sections, best first, at most `limit` of them (default: all), each with its
   * excerpt made when first read; `total` counts them all. Suggestions when none match.
   */
  search(query: string, limit = Number.POSITIVE_INFINITY): SearchResult {
    const { text, ranked, suggestions, notices } = this.run(query);
    const total = ranked?.length ?? 0;
    const count = Math.min(total, Math.max(0, Math.floor(limit)));
    const hits = Array.from({ length: count }, (_, i) => ranked?.hit(i) as Hit);
    return { query: text, total, hits, suggestions, ...notices };
  }

  /**
   * One page of results as plain hits, excerpts made: what a reply shows. An offset past the end
   * (a button from before a refresh) gives the last page. Only the page's hits are made, so a
   * word in most of 100k sections costs no more than a rare one.
   */
  page(query: string, offset: number, size: number): SearchPage {
    const { text, ranked, suggestions, notices } = this.run(query);
    const total = ranked?.length ?? 0;
    const perPage = Math.max(1, Math.floor(size) || 1);
    const last = total === 0 ? 0 : Math.floor((total - 1) / perPage) * perPage;
    const from = Math.min(Math.max(0, Math.floor(offset) || 0), last);
    const hits: Hit[] = [];
    for (let i = from; i < Math.min(total, from + perPage); i++) {
      const hit = ranked?.hit(i);
      if (hit) hits.push(hit.toJSON());
    }
    return { query: text, total, offset: from, hits, suggestions, ...notices };
  }

  /** The hit for one section among a query's results (a Share click names it), or undefined. */
  hitFor(query: string, sectionId: string): Hit | undefined {
    const { ranked } = this.run(query);
    if (!ranked) return undefined;
    for (let i = 0; i < ranked.length; i++) {
      if (ranked.sectionAt(i).id === sectionId) return ranked.hit(i)?.toJSON();
    }
    return undefined;
  }

  /** A query's ranked sections, hits made when read: what search, page and LayeredIndex use. */
  run(query: string): QueryRun {
    const text = typeof query === "string" ? query : "";
    const parsed = parseQuery(text);
    if (parsed.terms.length === 0) return { text, suggestions: [] };

    const index = this.#index;
    const sections = this.#sections;
    // One field at a time, and only when the stems hold the phrase there: a section's text is
    // joined from its blocks when read.
    const textOf = (doc: number, field: number) => {
      const s = sections[doc];
      if (!s) return "";
      return [s.essay.title, s.heading, s.parentHeading][field] ?? s.text;
    };
    const allowed =
      parsed.phrases.length > 0 ? phraseMatches(index, parsed.phrases, textOf) : undefined;
    const known = (key: string) => index.vocabulary.has(key);
    const related = this.related ?? relatedWords();
    const plan = planTerms(parsed, known, (word) => related.isEnglish(word));
    const parts = partSlots(parsed.compounds, plan, known);
    const derived = expandTerms(plan, index.terms, index.vocabulary, {
      related,
      counts: this.#counts ?? index.vocabulary,
    });
    const compounds = matchCompounds(index, parsed.compounds, parts, derived);
    let ranked: Ranked | undefined;
    if (allowed?.length !== 0) {
      this.#scratch ??= new Accumulator(this.#sections.length);
      const scratch = this.#scratch;
      for (const doc of allowed ?? []) scratch.allowed[doc] = 1;
      let docs: Int32Array = new Int32Array(0);
      try {
        docs = scratch.collect(index.postings, derived, allowed !== undefined);
        ranked = this.#rank(docs, plan, derived, parsed.terms, compounds, scratch);
      } finally {
        scratch.reset(docs, allowed ?? []);
      }
    }
    const found = (ranked?.length ?? 0) > 0;
    if (!found) return { text, suggestions: suggest(parsed.terms, index.vocabulary) };
    return {
      text,
      ranked,
      suggestions: [],
      notices: notices(
        text,
        parsed.terms,
        plan,
        derived,
        index,
        // Read only when a related word may need naming: a Share click pays nothing for it.
        derived.some((terms) => terms.some((t) => t.related)) ? this.#wordsOfBest(ranked) : [],
      ),
    };
  }

  /** The n most recently published essays; essays without a date go last, in corpus order. */
  latest(n: number): SplitEssay[] {
    if (!(n > 0)) return [];
    // Array sort is stable: equal dates keep corpus (feed) order.
    return [...this.#essays].sort(newestFirst).slice(0, Math.floor(n));
  }

  /** The essay a pasted link points at (and the section, for an `#anchor` link). */
  findByUrl(url: string): { essay: SplitEssay; section?: Section } | undefined {
    return typeof url === "string" ? this.#urls.find(url) : undefined;
  }

  /** The IDF of a word's key (see Vocabulary.idf), or undefined when no section has it. */
  termWeight(key: string): number | undefined {
    const vocabulary = this.#index.vocabulary;
    return typeof key === "string" && vocabulary.has(key) ? vocabulary.idf(key) : undefined;
  }

  /** Each of the best few hits' term ids, in every field a match may stand in. */
  #wordsOfBest(ranked: Ranked | undefined): ReadonlySet<number>[] {
    const index = this.#index;
    const best: Set<number>[] = [];
    for (let i = 0; i < Math.min(RELATED_SHOWN, ranked?.length ?? 0); i++) {
      const doc = ranked?.docAt(i) ?? 0;
      const ids = new Set<number>();
      const spans = [
        index.headingSpan(doc),
        index.parentHeadingSpan(doc),
        index.textSpan(doc),
        index.titleSpan(doc),
      ];
      for (const span of spans) {
        for (const code of index.streams.span(span)) ids.add(keyIdOf(code));
      }
      best.push(ids);
    }
    return best;
  }

  /**
   * The filler words that hold no place between query words: all of them but those the query
   * searches for itself (a query of nothing else, or quoted ones).
   */
  #fillerBetween(plan: readonly TermPlan[]): ReadonlySet<number> {
    if (!this.#fillerIds) {
      const ids = new Set<number>();
      for (const word of FILLER_WORDS) {
        const id = this.#index.idOf(wordKey(word));
        if (id !== undefined) ids.add(id);
      }
      this.#fillerIds = ids;
    }
    const searched = plan
      .map((t) => this.#index.idOf(t.key))
      .filter((id): id is number => id !== undefined && (this.#fillerIds?.has(id) ?? false));
    if (searched.length === 0) return this.#fillerIds;
    const ids = new Set(this.#fillerIds);
    for (const id of searched) ids.delete(id);
    return ids;
  }

  /** Coverage, then proximity for the leaders; hits in order, each made when asked for. */
  #rank(
    docs: Int32Array,
    plan: TermPlan[],
    derived: DerivedTerm[][],
    terms: readonly QueryTerm[],
    compounds: readonly CompoundMatch[],
    scratch: Accumulator,
  ): Ranked {
    const index = this.#index;
    const weights = plan.map((t) => index.vocabulary.idf(t.key));
    const factors = coverageFactors(weights);
    const partial = relatedCoverage(weights);
    // Copied out of the scratch arrays, which the next query reuses.
    const scores = new Float64Array(docs.length);
    const masks = new Uint16Array(docs.length);
    docs.forEach((doc, p) => {
      const mask = scratch.mask[doc] ?? 0;
      masks[p] = mask;
      const relatedOnly = (scratch.related[doc] ?? 0) & ~mask;
      let factor = relatedOnly === 0 ? (factors[mask] ?? 0) : partial(mask, relatedOnly);
      for (const c of compounds) {
        if ((mask & c.slots) !== 0 && !c.holds(doc, mask)) factor *= PARTS_APART_WEIGHT;
      }
      scores[p] = (scratch.score[doc] ?? 0) * factor;
    });
    this.#essayScratch ??= new EssayEvidence(
      index.essayOfSection,
      this.#essays.map((e) => e.sections.length),
    );
    this.#essayScratch.apply(docs, scores, masks, scratch.score, factors);
    const ranking = new Ranking(docs, scores, masks);
    const answers = termMatcher(plan, derived);
    if (plan.length >= 2) {
      const slotOf = new Map<number, number>();
      const slotOfKey = new Map(plan.map((t, i) => [t.key, i]));
      for (const terms of derived) {
        for (const { id, key } of terms) {
          const slot = slotOfKey.get(answers(key) ?? "");
          if (slot !== undefined) slotOf.set(id, slot);
        }
      }
      const transparent = this.#fillerBetween(plan);
      ranking.rerankLeaders((doc) => {
        const spans = [
          this.#sections[doc]?.heading ? index.headingSpan(doc) : index.titleSpan(doc),
          index.textSpan(doc),
        ].map((span) => index.streams.span(span));
        return proximity(spans, slotOf, index.expansions, plan.length, transparent);
      });
    }
    const sections = this.#sections;
    const exact = new Map<string, ReadonlySet<string>>();
    for (const t of terms) if (t.exact) exact.set(t.key, t.exact);
    const view = new QueryView(
      terms.map((t) => t.word),
      derived,
      answers,
      this.#keysOf,
      exact,
    );
    const docAt = (i: number) => ranking.docs[ranking.at(i)] ?? 0;
    const sectionAt = (i: number) => sections[docAt(i)] as Section;
    return {
      length: ranking.length,
      docs: ranking.docs,
      docAt,
      scoreAt: (i) => ranking.scores[ranking.at(i)] ?? 0,
      sectionAt,
      hit(i: number) {
        const p = ranking.at(i);
        return new SectionHit(sectionAt(i), ranking.scores[p] ?? 0, ranking.masks[p] ?? 0, view);
      },
    };
  }
}
