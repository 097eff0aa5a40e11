/**
 * Ids for keys, and each distinct word of a corpus analysed once. A corpus repeats the same few
 * thousand words millions of times: stemming, acronym lookup and id assignment happen once per
 * distinct word, and reading a field is then one map lookup per word.
 *
 * Two steps, so the text is cut into words only once: `read` looks the words of every field up
 * (which is also when acronyms are learned, from the same cut), then `assign` gives each distinct
 * word its ids once the acronyms are known, and `finish` lays a read field out as ids.
 */
import { type Acronyms, keysOf } from "./acronyms.js";
import { ACRONYM, encodeWord, NOT_INDEXED } from "./streams.js";
import { wordInfo, wordsAndGaps } from "./text.js";

/** One distinct word as written, analysed once. */
export interface WordEntry {
  word: string;
  /** Its number in the table, in the order words were first read. */
  index: number;
  /** Its stream code (key id and flags); set by `assign`. */
  code: number;
  /** The term ids it is indexed under: its key, plus an acronym's expansion; none for stop words. */
  terms: number[];
  /** How many times a field holding it was indexed (for suggestions' word counts). */
  uses: number;
  /** The last field it was read in, for counting a field's distinct words. */
  field: number;
}

/**
 * A field's words, looked up but not yet laid out as ids. Held for the whole corpus until the
 * acronyms are known, so as entry numbers in a typed array, which the garbage collector skips.
 */
export interface ReadField {
  words: Int32Array;
  /** Distinct words as written: BM25's field length, as MiniSearch counted it. */
  distinct: number;
}

/** A field's words, analysed. */
export interface Field {
  entries: WordEntry[];
  /** Distinct words as written: BM25's field length, as MiniSearch counted it. */
  distinct: number;
  codes: Int32Array;
  /** The term ids of its words in order (a word indexed under several keys gives several). */
  terms: Int32Array;
}

export class WordTable {
  /** Every key seen (stop words' too, for phrases) → id. */
  readonly ids = new Map<string, number>();
  readonly #entries = new Map<string, WordEntry>();
  readonly #list: WordEntry[] = [];
  #fields = 0;

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  read(text: string): ReadField {
    return this.readCut(wordsAndGaps(text));
  }

  /** A field already cut by `wordsAndGaps` (words at odd positions). */
  readCut(parts: readonly string[]): ReadField {
    const serial = ++this.#fields;
    const words = new Int32Array((parts.length - 1) / 2);
    let distinct = 0;
    for (let k = 1, i = 0; k < parts.length; k += 2, i++) {
      const entry = this.#entryOf(parts[k] ?? "");
      words[i] = entry.index;
      if (entry.field !== serial) {
        entry.field = serial;
        distinct++;
      }
    }
    return { words, distinct };
  }

  /**
   * Ids and codes for every word read, in the order the words were first read: the same ids
   * as when each word was analysed on first sight, since only first sightings assign ids.
   */
  assign(acronyms: Acronyms): void {
    for (const _ of this.assignSteps(acronyms));
  }

  /** `assign`, yielding every few thousand words so a sliced build can pause (see InvertedIndex). */
  *assignSteps(acronyms: Acronyms): Generator<void, void> {
    let n = 0;
    for (const entry of this.#entries.values()) {
      const terms = keysOf(entry.word, acronyms).map((key) => this.idOf(key));
      const flags = terms.length === 0 ? NOT_INDEXED : terms.length > 1 ? ACRONYM : 0;
      entry.code = encodeWord(this.idOf(wordInfo(entry.word).key), flags);
      entry.terms = terms;
      if (++n % 2048 === 0) yield;
    }
  }

  /** A read field as ids; after `assign`. */
  finish(field: ReadField): Field {
    const { words } = field;
    const entries = new Array<WordEntry>(words.length);
    const codes = new Int32Array(words.length);
    let termCount = 0;
    for (let i = 0; i < words.length; i++) {
      const entry = this.#list[words[i] ?? 0] as WordEntry;
      entries[i] = entry;
      codes[i] = entry.code;
      termCount += entry.terms.length;
    }
    const terms = new Int32Array(termCount);
    let t = 0;
    for (const entry of entries) for (const term of entry.terms) terms[t++] = term;
    return { entries, codes, terms, distinct: field.distinct };
  }

  /** Every distinct word read so far. */
  entries(): IterableIterator<WordEntry> {
    return this.#entries.values();
  }

  #entryOf(word: string): WordEntry {
    let entry = this.#entries.get(word);
    if (!entry) {
      entry = { word, index: this.#list.length, code: 0, terms: [], uses: 0, field: 0 };
      this.#entries.set(word, entry);
      this.#list.push(entry);
    }
    return entry;
  }
}
