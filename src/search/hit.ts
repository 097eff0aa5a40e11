/**
 * Hits are made for every matching section (callers page through them), but only the few shown
 * ever need an excerpt or their matched words: those are worked out on first read. A class, so a
 * hit costs one small object rather than an object with its own closures and accessors.
 */
import type { Section } from "../essay/types.js";
import { type Excerpt, makeExcerpt } from "./excerpt.js";
import type { DerivedTerm } from "./matching.js";
import { exactForm } from "./text.js";
import type { Hit } from "./types.js";

/** What the hits of one query share. */
export class QueryView {
  /** The query terms as typed, by slot (bit i of a hit's mask). */
  readonly #words: readonly string[];
  readonly #derived: readonly DerivedTerm[][];
  /** Which query term (its key) a section term answers, by the rules the search used. */
  readonly #answers: (term: string) => string | undefined;
  readonly #keysOfWord: (word: string) => readonly string[];
  /** Query terms typed only inside quotes (by key): the forms they bold, and no others. */
  readonly #exact: ReadonlyMap<string, ReadonlySet<string>>;
  #queryKeyOf: Map<string, string> | undefined;

  constructor(
    words: readonly string[],
    derived: readonly DerivedTerm[][],
    answers: (term: string) => string | undefined,
    keysOfWord: (word: string) => readonly string[],
    exact: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {
    this.#words = words;
    this.#derived = derived;
    this.#answers = answers;
    this.#keysOfWord = keysOfWord;
    this.#exact = exact;
  }

  /** The typed words of the query terms in a mask, in query order. */
  wordsOf(mask: number): string[] {
    return this.#words.filter((_, i) => (mask & (1 << i)) !== 0);
  }

  /** Which query term a word of a section matched (its key), for bold; undefined if none. */
  matchOf(word: string): string | undefined {
    if (!this.#queryKeyOf) {
      this.#queryKeyOf = new Map();
      for (const terms of this.#derived) {
        for (const { key } of terms) {
          const queryKey = this.#answers(key);
          if (queryKey !== undefined && !this.#queryKeyOf.has(key)) {
            this.#queryKeyOf.set(key, queryKey);
          }
        }
      }
    }
    for (const key of this.#keysOfWord(word)) {
      const queryKey = this.#queryKeyOf.get(key);
      if (queryKey === undefined) continue;
      // "PR" and "requests" stand for a quoted "pull request" in the index, not in bold.
      const forms = this.#exact.get(queryKey);
      if (forms && !forms.has(exactForm(word))) continue;
      return queryKey;
    }
    return undefined;
  }
}

export class SectionHit implements Hit {
  readonly section: Section;
  readonly score: number;
  readonly #mask: number;
  readonly #query: QueryView;
  #matchedTerms: string[] | undefined;
  #excerpt: Excerpt | undefined;

  constructor(section: Section, score: number, mask: number, query: QueryView) {
    this.section = section;
    this.score = score;
    this.#mask = mask;
    this.#query = query;
  }

  get matchedTerms(): string[] {
    this.#matchedTerms ??= this.#query.wordsOf(this.#mask);
    return this.#matchedTerms;
  }

  get excerpt(): string {
    return this.#made().mrkdwn;
  }

  get excerptText(): string {
    return this.#made().text;
  }

  /** JSON.stringify skips class accessors: spell the hit out, as a plain one would be. */
  toJSON(): Hit {
    const { section, score, excerpt, excerptText, matchedTerms } = this;
    return { section, score, excerpt, excerptText, matchedTerms };
  }

  #made(): Excerpt {
    this.#excerpt ??= makeExcerpt(this.section.text, (word) => this.#query.matchOf(word));
    return this.#excerpt;
  }
}
