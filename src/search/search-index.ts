/**
 * The searchable form of a corpus. Immutable once built: a refresh builds a new index off to the
 * side and swaps the reference, so a query never sees half an index and nothing a refresh does
 * can change the answers of the index in use.
 */
import MiniSearch, { type SearchResult as RawResult } from "minisearch";
import type { Section, SplitEssay } from "../essay/types.js";
import { type Acronyms, keysOf, learnAcronyms } from "./acronyms.js";
import { type Excerpt, makeExcerpt } from "./excerpt.js";
import { planTerms, searchOptions, termMatcher } from "./matching.js";
import { type ParsedQuery, parseQuery } from "./query.js";
import { containsPhrase, type Ranked, rank } from "./rank.js";
import { suggest, type Vocabulary, VocabularyBuilder } from "./suggest.js";
import { words } from "./text.js";
import type { Hit, SearchResult } from "./types.js";
import { UrlLookup } from "./url-match.js";

/** What MiniSearch indexes per section; `id` is the section's position in the corpus. */
interface IndexedSection {
  id: number;
  heading: string;
  parentHeading: string;
  title: string;
  tags: string;
  text: string;
}

const FIELDS = ["heading", "parentHeading", "title", "tags", "text"] as const;

export class SearchIndex {
  readonly #essays: readonly SplitEssay[];
  readonly #sections: readonly Section[];
  readonly #miniSearch: MiniSearch<IndexedSection>;
  readonly #vocabulary: Vocabulary;
  readonly #urls: UrlLookup;
  readonly #keysOf: (word: string) => string[];

  private constructor(
    essays: readonly SplitEssay[],
    miniSearch: MiniSearch<IndexedSection>,
    vocabulary: Vocabulary,
    acronyms: Acronyms,
  ) {
    this.#essays = essays;
    this.#sections = Object.freeze(essays.flatMap((e) => e.sections));
    this.#miniSearch = miniSearch;
    this.#vocabulary = vocabulary;
    this.#urls = new UrlLookup(essays);
    this.#keysOf = (word) => keysOf(word, acronyms);
  }

  static build(corpus: SplitEssay[]): SearchIndex {
    // Copies of the lists, so a caller reusing its arrays cannot reach into a live index.
    const essays = Object.freeze(corpus.map((e) => ({ meta: e.meta, sections: [...e.sections] })));
    const vocabulary = new VocabularyBuilder();
    const acronyms = learnAcronyms(essays);
    let id = 0;
    const miniSearch = new MiniSearch<IndexedSection>({
      fields: [...FIELDS],
      tokenize: words,
      // Indexing sees every word once, so it is where the vocabulary for suggestions is counted.
      processTerm: (word) => {
        const keys = keysOf(word, acronyms);
        if (keys[0] !== undefined) vocabulary.add(keys[0], word, id);
        return keys.length > 0 ? keys : null;
      },
    });
    for (const essay of essays) {
      for (const section of essay.sections) {
        miniSearch.add({
          id,
          // The opening section has no subheading: the essay's title is what heads it. Counted
          // once, as its heading, so the opening does not win on the title twice over.
          heading: section.heading || essay.meta.title,
          parentHeading: section.parentHeading,
          title: section.heading ? essay.meta.title : "",
          tags: essay.meta.tags.join(" "),
          text: section.text,
        });
        id++;
      }
    }
    return new SearchIndex(essays, miniSearch, vocabulary.finish(), acronyms);
  }

  get essayCount(): number {
    return this.#essays.length;
  }

  get sectionCount(): number {
    return this.#sections.length;
  }

  /** Every matching section, best first, each with its excerpt; suggestions when none match. */
  search(query: string): SearchResult {
    const text = typeof query === "string" ? query : "";
    const parsed = parseQuery(text);
    if (parsed.terms.length === 0) return { query: text, hits: [], suggestions: [] };

    const allowed = parsed.phrases.length > 0 ? this.#phraseMatches(parsed) : undefined;
    const plan = planTerms(parsed, (key) => this.#vocabulary.has(key));
    const keys = plan.map((t) => t.key).join(" ");
    const results =
      allowed?.size === 0
        ? []
        : this.#miniSearch.search(keys, searchOptions(plan, allowed && ((id) => allowed.has(id))));

    const matcher = termMatcher(plan);
    // Which query term each matched document term answers; shared by ranking and bolding.
    const matchMaps = new Map<RawResult, Map<string, string>>();
    const matchOf = (raw: RawResult) => {
      let map = matchMaps.get(raw);
      if (!map) {
        map = new Map();
        for (const docTerm of raw.terms) {
          const queryKey = matcher(docTerm);
          if (queryKey !== undefined) map.set(docTerm, queryKey);
        }
        matchMaps.set(raw, map);
      }
      return map;
    };
    const weights = new Map(plan.map((t) => [t.key, this.#vocabulary.idf(t.key)]));
    const wordOf = new Map(parsed.terms.map((t) => [t.key, t.word]));
    const hits = rank(results, weights, this.#sections, matchOf, this.#keysOf).map((r) =>
      toHit(r, wordOf, () => matchOf(r.raw), this.#keysOf),
    );
    const suggestions = hits.length === 0 ? suggest(parsed.terms, this.#vocabulary) : [];
    return { query: text, hits, suggestions };
  }

  /** The n most recently published essays; essays without a date go last, in corpus order. */
  latest(n: number): SplitEssay[] {
    if (!(n > 0)) return [];
    const time = (e: SplitEssay) => (e.meta.published ? Date.parse(e.meta.published) : Number.NaN);
    const newestFirst = (a: SplitEssay, b: SplitEssay) => {
      const [ta, tb] = [time(a), time(b)];
      if (Number.isNaN(ta) || Number.isNaN(tb))
        return Number.isNaN(ta) ? (Number.isNaN(tb) ? 0 : 1) : -1;
      return tb - ta;
    };
    // Array sort is stable: equal dates keep corpus (feed) order.
    return [...this.#essays].sort(newestFirst).slice(0, Math.floor(n));
  }

  /** The essay a pasted link points at (and the section, for an `#anchor` link). */
  findByUrl(url: string): { essay: SplitEssay; section?: Section } | undefined {
    return typeof url === "string" ? this.#urls.find(url) : undefined;
  }

  /**
   * Sections holding every quoted phrase. The index narrows the candidates to sections with all
   * the phrase's words; reading those sections then checks the words are side by side.
   */
  #phraseMatches(parsed: ParsedQuery): Set<number> {
    let allowed: Set<number> | undefined;
    for (const phrase of parsed.phrases) {
      const keys = phrase.indexed;
      if (keys.length === 0) return new Set();
      const found = new Set<number>();
      for (const raw of this.#miniSearch.search(keys.join(" "), {
        tokenize: (t) => t.split(" "),
        processTerm: (t) => t,
        combineWith: "AND",
        filter: allowed && ((r) => allowed?.has(r.id as number) === true),
      })) {
        const section = this.#sections[raw.id as number];
        if (!section) continue;
        const texts = [section.essay.title, section.heading, section.parentHeading, section.text];
        if (containsPhrase(texts, phrase.keys)) found.add(raw.id as number);
      }
      allowed = found;
    }
    return allowed ?? new Set();
  }
}

/** The excerpt is made on first read: callers page through hits and most are never shown. */
function toHit(
  r: Ranked,
  wordOf: ReadonlyMap<string, string>,
  queryKeysOf: () => ReadonlyMap<string, string>,
  keysOfWord: (word: string) => string[],
): Hit {
  const matchedTerms = [...new Set(r.raw.queryTerms)].flatMap((k) => wordOf.get(k) ?? []);
  let excerpt: Excerpt | undefined;
  const made = () => {
    const queryKeyOf = queryKeysOf();
    excerpt ??= makeExcerpt(r.section.text, (word) => {
      for (const key of keysOfWord(word)) {
        const queryKey = queryKeyOf.get(key);
        if (queryKey !== undefined) return queryKey;
      }
      return undefined;
    });
    return excerpt;
  };
  return {
    section: r.section,
    score: r.score,
    matchedTerms,
    get excerpt() {
      return made().mrkdwn;
    },
    get excerptText() {
      return made().text;
    },
  };
}
