/**
 * Ids for keys, and each distinct word of a corpus analysed once. A corpus repeats the same few
 * thousand words millions of times: stemming, acronym lookup and id assignment happen once per
 * distinct word, and reading a field is then one map lookup per word.
 */
import { type Acronyms, keysOf } from "./acronyms.js";
import { ACRONYM, encodeWord, NOT_INDEXED } from "./streams.js";
import { wordInfo, words } from "./text.js";

/** One distinct word as written, analysed once. */
export interface WordEntry {
  word: string;
  /** Its stream code (key id and flags). */
  code: number;
  /** The term ids it is indexed under: its key, plus an acronym's expansion; none for stop words. */
  terms: number[];
  /** How many times a field holding it was indexed (for suggestions' word counts). */
  uses: number;
  /** The last field it was read in, for counting a field's distinct words. */
  field: number;
}

/** A field's words, analysed. */
export interface Field {
  entries: WordEntry[];
  codes: Int32Array;
  /** The term ids of its words in order (a word indexed under several keys gives several). */
  terms: Int32Array;
  /** Distinct words as written: BM25's field length, as MiniSearch counted it. */
  distinct: number;
}

export class WordTable {
  /** Every key seen (stop words' too, for phrases) → id. */
  readonly ids = new Map<string, number>();
  readonly #entries = new Map<string, WordEntry>();
  readonly #acronyms: Acronyms;
  #fields = 0;

  constructor(acronyms: Acronyms) {
    this.#acronyms = acronyms;
  }

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  read(text: string): Field {
    const list = words(text);
    const serial = ++this.#fields;
    const entries = new Array<WordEntry>(list.length);
    const codes = new Int32Array(list.length);
    let termCount = 0;
    let distinct = 0;
    for (let i = 0; i < list.length; i++) {
      const entry = this.#entryOf(list[i] ?? "");
      entries[i] = entry;
      codes[i] = entry.code;
      termCount += entry.terms.length;
      if (entry.field !== serial) {
        entry.field = serial;
        distinct++;
      }
    }
    const terms = new Int32Array(termCount);
    let t = 0;
    for (const entry of entries) for (const term of entry.terms) terms[t++] = term;
    return { entries, codes, terms, distinct };
  }

  /** Every distinct word read so far. */
  entries(): IterableIterator<WordEntry> {
    return this.#entries.values();
  }

  #entryOf(word: string): WordEntry {
    let entry = this.#entries.get(word);
    if (!entry) {
      const terms = keysOf(word, this.#acronyms).map((key) => this.idOf(key));
      const flags = terms.length === 0 ? NOT_INDEXED : terms.length > 1 ? ACRONYM : 0;
      const code = encodeWord(this.idOf(wordInfo(word).key), flags);
      entry = { word, code, terms, uses: 0, field: 0 };
      this.#entries.set(word, entry);
    }
    return entry;
  }
}
