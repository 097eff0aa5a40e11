/**
 * "Did you mean …" for queries that found nothing. Suggestions come from the index's own words,
 * shown as a reader would write them ("promotion", never the stem "promot").
 */
import type { QueryTerm } from "./query.js";
import { normalizeWord } from "./text.js";

interface Entry {
  /** The most frequent spelling of the stem in the corpus. */
  word: string;
  /** How often the stem occurs in the corpus: breaks ties between equally close words. */
  count: number;
  /** How many sections hold the stem: how telling a match on it is (its IDF). */
  sections: number;
}

/** Collects stem → spellings while the index is built, then freezes into a Vocabulary. */
export class VocabularyBuilder {
  readonly #spellings = new Map<string, Map<string, number>>();
  readonly #sections = new Map<string, { count: number; last: number }>();
  #sectionCount = 0;

  /** `section` numbers the section the word is in (sections are added in increasing order). */
  add(key: string, word: string, section: number): void {
    let forms = this.#spellings.get(key);
    if (!forms) {
      forms = new Map();
      this.#spellings.set(key, forms);
    }
    const spelling = normalizeWord(word);
    forms.set(spelling, (forms.get(spelling) ?? 0) + 1);
    const seen = this.#sections.get(key);
    if (!seen) this.#sections.set(key, { count: 1, last: section });
    else if (seen.last !== section) {
      seen.count++;
      seen.last = section;
    }
    this.#sectionCount = Math.max(this.#sectionCount, section + 1);
  }

  finish(): Vocabulary {
    const entries = new Map<string, Entry>();
    for (const [key, forms] of this.#spellings) {
      let best = { word: key, count: 0 };
      let total = 0;
      for (const [word, count] of forms) {
        total += count;
        if (count > best.count || (count === best.count && word < best.word))
          best = { word, count };
      }
      const sections = this.#sections.get(key)?.count ?? 0;
      entries.set(key, { word: best.word, count: total, sections });
    }
    return new Vocabulary(entries, this.#sectionCount);
  }
}

/** The index's own words: spellings for suggestions, section counts for weighing terms. */
export class Vocabulary {
  readonly #entries: ReadonlyMap<string, Entry>;
  readonly #sectionCount: number;

  constructor(entries: ReadonlyMap<string, Entry>, sectionCount: number) {
    this.#entries = entries;
    this.#sectionCount = sectionCount;
  }

  /**
   * Inverse document frequency (BM25's form): rare words say more about a section than common
   * ones. A word the corpus lacks (a typo) weighs as a word in one section: it is what the
   * person was most specific about.
   */
  idf(key: string): number {
    const n = this.#sectionCount;
    const df = Math.max(1, this.#entries.get(key)?.sections ?? 1);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** Corpus words within a typo's reach of `term`, closest first, then most frequent. */
  near(term: QueryTerm, limit: number): Array<{ word: string; distance: number; count: number }> {
    const typed = normalizeWord(term.word);
    const max = maxTypos(typed);
    const found: Array<{ word: string; distance: number; count: number }> = [];
    for (const [key, entry] of this.#entries) {
      // Compare both spellings and stems: "promtions" is near "promotion", "runbok" near "runbook".
      const distance = Math.min(
        editDistance(typed, entry.word, max),
        editDistance(term.key, key, max),
      );
      if (distance <= max) found.push({ word: entry.word, distance, count: entry.count });
    }
    found.sort(
      (a, b) => a.distance - b.distance || b.count - a.count || (a.word < b.word ? -1 : 1),
    );
    return found.slice(0, limit);
  }
}

/** Short words tolerate one typo; longer words more, as people make more mistakes in them. */
function maxTypos(word: string): number {
  if (word.length <= 4) return 1;
  return word.length <= 8 ? 2 : 3;
}

/**
 * Alternatives to a query that found nothing: each unknown term replaced by its closest corpus
 * words, known terms kept, combinations ranked by total distance then frequency.
 */
export function suggest(terms: QueryTerm[], vocabulary: Vocabulary, limit = 5): string[] {
  type Option = { word: string; distance: number; count: number };
  let combos: Option[][] = [[]];
  let changed = false;
  for (const term of terms) {
    let options: Option[];
    if (vocabulary.has(term.key)) {
      options = [{ word: term.word, distance: 0, count: 0 }];
    } else {
      options = vocabulary.near(term, 3);
      if (options.length === 0) continue; // nothing close: leave the word out of the suggestion
      changed = true;
    }
    combos = combos.flatMap((combo) => options.map((o) => [...combo, o])).slice(0, 50);
  }
  if (!changed) return [];
  const scored = combos
    .filter((c) => c.length > 0)
    .map((c) => ({
      text: c.map((o) => o.word).join(" "),
      distance: c.reduce((sum, o) => sum + o.distance, 0),
      count: c.reduce((sum, o) => sum + o.count, 0),
    }))
    .sort((a, b) => a.distance - b.distance || b.count - a.count);
  return [...new Set(scored.map((s) => s.text))].slice(0, limit);
}

/**
 * Optimal-string-alignment distance (Levenshtein plus swapped neighbours, the commonest typo),
 * giving up as soon as it must exceed `max`, since only close words are wanted.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}
