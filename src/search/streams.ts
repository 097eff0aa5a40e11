/**
 * Every field of every section kept as the sequence of its words' keys, so ranking can see which
 * query words sit side by side and quoted phrases can be checked without tokenising section text
 * again at query time (re-reading the leading sections and every phrase candidate was the dearest
 * part of a query). One Int32Array for the whole corpus, 4 bytes a word.
 */

/** A word a search never matches (stop word, over-long noise): it holds no position for proximity. */
export const NOT_INDEXED = 1;
/** A learned acronym written as one ("PRs"): it also stands for its expansion's words. */
export const ACRONYM = 2;

/** A word of a stream: its key's id, with the flags above in the low bits. */
export function encodeWord(keyId: number, flags: number): number {
  return keyId * 4 + flags;
}

export function keyIdOf(code: number): number {
  return code >>> 2;
}

/** Numbered runs of words: one per field of each section, plus one per essay title. */
export class TokenStreams {
  readonly #words: Int32Array;
  /** Span i is words[spanStart[i]] up to (not including) words[spanStart[i + 1]]. */
  readonly #spanStart: Int32Array;

  constructor(words: Int32Array, spanStart: Int32Array) {
    this.#words = words;
    this.#spanStart = spanStart;
  }

  /** The flat arrays behind the streams, for a snapshot (see index-snapshot.ts). */
  arrays(): { words: Int32Array; spanStart: Int32Array } {
    return { words: this.#words, spanStart: this.#spanStart };
  }

  /** A view of one span's words (no copy). */
  span(i: number): Int32Array {
    return this.#words.subarray(this.#spanStart[i] ?? 0, this.#spanStart[i + 1] ?? 0);
  }

  /**
   * Whether the span holds the phrase's keys side by side, compared by key, so the phrase matches
   * whatever inflection and case the essay used (stop words count: "not a mood"). Reads the words
   * in place, looking for the phrase's rarest word (`anchor`, its position in the phrase) and
   * checking around it: phrase queries check thousands of candidate spans.
   */
  holdsPhrase(span: number, phrase: Int32Array, anchor = 0): boolean {
    const key = phrase[anchor];
    if (key === undefined) return false;
    const words = this.#words;
    const from = (this.#spanStart[span] ?? 0) + anchor;
    const to = (this.#spanStart[span + 1] ?? 0) - (phrase.length - anchor - 1);
    outer: for (let i = from; i < to; i++) {
      if (keyIdOf(words[i] ?? 0) !== key) continue;
      const start = i - anchor;
      for (let j = 0; j < phrase.length; j++) {
        if (keyIdOf(words[start + j] ?? 0) !== phrase[j]) continue outer;
      }
      return true;
    }
    return false;
  }
}

/** Appends spans in number order. */
export class TokenStreamsBuilder {
  #words: Int32Array;

  /** `expectedWords`: the words to come, when known, so the array never grows by copying. */
  constructor(expectedWords = 1 << 16) {
    this.#words = new Int32Array(Math.max(1, expectedWords));
  }

  #length = 0;
  #spanStart: number[] = [0];

  add(codes: ArrayLike<number>): void {
    if (this.#length + codes.length > this.#words.length) {
      const bigger = new Int32Array(Math.max(this.#length + codes.length, this.#words.length * 2));
      bigger.set(this.#words.subarray(0, this.#length));
      this.#words = bigger;
    }
    for (let i = 0; i < codes.length; i++) this.#words[this.#length++] = codes[i] ?? 0;
    this.#spanStart.push(this.#length);
  }

  finish(): TokenStreams {
    // Sized exactly (see the constructor), the array is handed over as it is, not copied.
    const words =
      this.#length === this.#words.length ? this.#words : this.#words.slice(0, this.#length);
    return new TokenStreams(words, Int32Array.from(this.#spanStart));
  }
}
