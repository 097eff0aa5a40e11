/**
 * "Did you mean …" for queries that found nothing. Suggestions come from the index's own words,
 * shown as a reader would write them ("promotion", never the stem "promot").
 */
import { drain } from "./drain.js";
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
    return drain(
      vocabularySteps(
        this.#spellings,
        (key) => this.#sections.get(key)?.count ?? 0,
        this.#sectionCount,
      ),
    );
  }
}

/**
 * A vocabulary from counts gathered elsewhere (the index counts once per distinct word, not
 * once per occurrence): key → spelling → occurrences, and how many sections hold each key.
 */
export function* vocabularySteps(
  spellings: ReadonlyMap<string, ReadonlyMap<string, number>>,
  sectionsOf: (key: string) => number,
  sectionCount: number,
): Generator<void, Vocabulary> {
  const entries = new Map<string, Entry>();
  for (const [key, forms] of spellings) {
    let best = { word: key, count: 0 };
    let total = 0;
    for (const [word, count] of forms) {
      total += count;
      if (count > best.count || (count === best.count && word < best.word)) best = { word, count };
    }
    entries.set(key, { word: best.word, count: total, sections: sectionsOf(key) });
    if (entries.size % STEP === 0) yield;
  }
  return yield* Vocabulary.steps(entries, sectionCount);
}

/** Entries handled between two yields of a step-wise build: well under a millisecond. */
const STEP = 4096;

/** The index's own words: spellings for suggestions, section counts for weighing terms. */
export class Vocabulary {
  readonly #entries: ReadonlyMap<string, Entry>;
  readonly #sectionCount: number;
  /** The entries as lists, with their stems and spellings as letter sets (see `lettersOf`). */
  readonly #keys: string[];
  readonly #list: Entry[];
  readonly #keyLetters: Int32Array;
  readonly #wordLetters: Int32Array;

  private constructor(
    entries: ReadonlyMap<string, Entry>,
    sectionCount: number,
    lists: { keys: string[]; list: Entry[]; keyLetters: Int32Array; wordLetters: Int32Array },
  ) {
    this.#entries = entries;
    this.#sectionCount = sectionCount;
    this.#keys = lists.keys;
    this.#list = lists.list;
    this.#keyLetters = lists.keyLetters;
    this.#wordLetters = lists.wordLetters;
  }

  /**
   * A vocabulary of these entries, made in steps: at 100k sections its letter sets take a tenth
   * of a second, which a restart spends between requests.
   */
  static *steps(
    entries: ReadonlyMap<string, Entry>,
    sectionCount: number,
  ): Generator<void, Vocabulary> {
    const keys: string[] = [];
    const list: Entry[] = [];
    const keyLetters = new Int32Array(entries.size);
    const wordLetters = new Int32Array(entries.size);
    for (const [key, entry] of entries) {
      keyLetters[keys.length] = lettersOf(key);
      wordLetters[keys.length] = lettersOf(entry.word);
      keys.push(key);
      list.push(entry);
      if (keys.length % STEP === 0) yield;
    }
    return new Vocabulary(entries, sectionCount, { keys, list, keyLetters, wordLetters });
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

  /** How many sections hold the key (0: none), of `sectionCount`. */
  sectionsWith(key: string): number {
    return this.#entries.get(key)?.sections ?? 0;
  }

  get sectionCount(): number {
    return this.#sectionCount;
  }

  /** What a snapshot keeps: every entry, and the section count weights are taken against. */
  toSnapshot(): { sectionCount: number; entries: [string, string, number, number][] } {
    const entries: [string, string, number, number][] = [];
    for (const [key, e] of this.#entries) entries.push([key, e.word, e.count, e.sections]);
    return { sectionCount: this.#sectionCount, entries };
  }

  static *fromSnapshotSteps(
    snapshot: ReturnType<Vocabulary["toSnapshot"]>,
  ): Generator<void, Vocabulary> {
    const entries = new Map<string, Entry>();
    for (const [key, word, count, sections] of snapshot.entries) {
      entries.set(key, { word, count, sections });
      if (entries.size % STEP === 0) yield;
    }
    return yield* Vocabulary.steps(entries, snapshot.sectionCount);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The stem as the corpus most often spells it ("promot" → "promotion"), and how often. */
  spelling(key: string): { word: string; count: number } | undefined {
    const entry = this.#entries.get(key);
    return entry && { word: entry.word, count: entry.count };
  }

  /** Corpus words within a typo's reach of `term`, closest first, then most frequent. */
  near(term: QueryTerm, limit: number): Array<{ word: string; distance: number; count: number }> {
    const typed = normalizeWord(term.word);
    const max = maxTypos(typed);
    const found: Array<{ word: string; distance: number; count: number }> = [];
    const typedLetters = lettersOf(typed);
    const keyLetters = lettersOf(term.key);
    this.#list.forEach((entry, i) => {
      const key = this.#keys[i] ?? "";
      // Compare both spellings and stems: "promtions" is near "promotion", "runbok" near "runbook".
      // The letter test rules out most of a big vocabulary before any edit distance is worked out.
      const distance = Math.min(
        mayBeNear(typedLetters, this.#wordLetters[i] ?? 0, max)
          ? editDistance(typed, entry.word, max)
          : max + 1,
        mayBeNear(keyLetters, this.#keyLetters[i] ?? 0, max)
          ? editDistance(term.key, key, max)
          : max + 1,
      );
      if (distance <= max) found.push({ word: entry.word, distance, count: entry.count });
    });
    found.sort(
      (a, b) => a.distance - b.distance || b.count - a.count || (a.word < b.word ? -1 : 1),
    );
    return found.slice(0, limit);
  }
}

/** The set of a word's characters, hashed into 32 bits. */
function lettersOf(word: string): number {
  let letters = 0;
  for (let i = 0; i < word.length; i++) letters |= 1 << (word.charCodeAt(i) & 31);
  return letters;
}

/**
 * Whether two words could be within `max` edits, judged by their letter sets alone: an edit
 * brings in at most one letter and takes out at most one (a swap neither), so each side can
 * have at most `max` letters the other lacks.
 */
function mayBeNear(a: number, b: number, max: number): boolean {
  return bitCount(a & ~b) <= max && bitCount(b & ~a) <= max;
}

function bitCount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (((n + (n >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
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
  // Three rows of the table (two back, for swaps), in one reused buffer: a "did you mean" over a
  // big vocabulary calls this tens of thousands of times.
  const width = b.length + 1;
  if (rows.length < 3 * width) rows = new Int32Array(3 * width);
  let [prevPrev, prev, row] = [0, width, 2 * width];
  for (let j = 0; j < width; j++) rows[prev + j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[row] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(
        (rows[prev + j] ?? 0) + 1,
        (rows[row + j - 1] ?? 0) + 1,
        (rows[prev + j - 1] ?? 0) + cost,
      );
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        d = Math.min(d, (rows[prevPrev + j - 2] ?? 0) + 1);
      }
      rows[row + j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return rows[prev + b.length] ?? max + 1;
}

let rows = new Int32Array(3 * 64);
