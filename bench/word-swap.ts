/**
 * Varies reference text so a generated corpus is not copies of a dozen essays: words are swapped
 * for others drawn from the reference vocabulary by Zipf's law, and new words keep joining the
 * vocabulary as the corpus grows (Heaps' law, V = V₀·(n/n₀)^β), the way a real archive's
 * dictionary grows. Without that growth a 100k-section corpus would have the term dictionary of
 * 108 sections, and fuzzy and prefix search (which walk the dictionary) would look far cheaper
 * than they are.
 */
import { type Random, ZipfSampler } from "./prng.js";

/** Words of the reference text, most frequent first (ties alphabetical, for determinism). */
export function vocabularyOf(texts: readonly string[]): { words: string[]; tokens: number } {
  const counts = new Map<string, number>();
  let tokens = 0;
  for (const text of texts) {
    for (const match of text.toLowerCase().matchAll(/[a-z]+/g)) {
      tokens++;
      if (match[0].length < 2) continue;
      counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
    }
  }
  const words = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([word]) => word);
  return { words, tokens };
}

export interface SwapperOptions {
  /** Words by descending frequency: rank order for the Zipf draw. */
  words: readonly string[];
  /** How many tokens the reference text had: n₀ for Heaps' law. */
  referenceTokens: number;
  /** Heaps' β; English text is typically 0.4–0.6. */
  heapsExponent?: number;
}

export class WordSwapper {
  readonly #random: Random;
  readonly #words: string[];
  readonly #known: Set<string>;
  readonly #zipf = new ZipfSampler(1);
  readonly #referenceSize: number;
  readonly #referenceTokens: number;
  readonly #beta: number;
  #tokens = 0;

  constructor(random: Random, opts: SwapperOptions) {
    if (opts.words.length < 2) throw new Error("WordSwapper: the reference has too few words");
    this.#random = random;
    this.#words = [...opts.words];
    this.#known = new Set(opts.words);
    this.#referenceSize = opts.words.length;
    this.#referenceTokens = Math.max(1, opts.referenceTokens);
    this.#beta = opts.heapsExponent ?? 0.5;
  }

  /** Distinct words the swapper can produce so far (reference plus invented). */
  get vocabularySize(): number {
    return this.#words.length;
  }

  /**
   * Each word of `text` is replaced with probability `rate`; capitalisation of the first letter
   * is kept, acronyms (HR, PTO) and HTML entities are left alone.
   */
  swap(text: string, rate: number): string {
    return text.replace(/&#?[a-z0-9]+;|[A-Za-z]+/gi, (word) => {
      if (word.startsWith("&")) return word;
      this.#tokens++;
      if (word.length > 1 && word === word.toUpperCase()) return word;
      if (!this.#random.chance(rate)) return word;
      const replacement = this.#draw();
      const first = word[0] ?? "";
      return first !== first.toLowerCase()
        ? (replacement[0] ?? "").toUpperCase() + replacement.slice(1)
        : replacement;
    });
  }

  /** Swaps words only in the text between tags of an HTML fragment. */
  swapHtml(html: string, rate: number): string {
    return html.replace(/>([^<]+)</g, (_m, text: string) => `>${this.swap(text, rate)}<`);
  }

  #draw(): string {
    const target =
      this.#referenceSize *
      ((this.#referenceTokens + this.#tokens) / this.#referenceTokens) ** this.#beta;
    if (this.#words.length < target) return this.#invent();
    return this.#words[this.#zipf.sample(this.#random, this.#words.length)] ?? "";
  }

  /** A new word made of the front of one known word and the back of another ("promo"+"ility"). */
  #invent(): string {
    const a = this.#random.pick(this.#words);
    const b = this.#random.pick(this.#words);
    let word = a.slice(0, Math.ceil(a.length / 2)) + b.slice(Math.floor(b.length / 2));
    while (word.length < 4 || this.#known.has(word)) {
      word += String.fromCharCode(97 + this.#random.int(26));
    }
    this.#known.add(word);
    this.#words.push(word);
    return word;
  }
}
