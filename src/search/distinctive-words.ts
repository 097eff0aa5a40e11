/**
 * A long text (a Slack message someone wants related essays for) reduced to the few words that
 * say most about it. Searching with every word of a paragraph would rank sections by how many
 * common words they share; the rarest words the index knows (highest IDF) are what the text is
 * about, and a word the index does not know could not find a section anyway.
 */
import { termOf, words } from "./text.js";

export interface DistinctiveOptions {
  /** How many words to keep: a handful, like a query a person would type. Default 6. */
  max?: number;
  /**
   * Only the start of the text is read: Slack messages run to 40,000 characters, and a pasted log
   * must not hold the event loop. Default 8,000 characters.
   */
  maxChars?: number;
}

export const DISTINCTIVE_DEFAULTS: Required<DistinctiveOptions> = { max: 6, maxChars: 8_000 };

/**
 * The `max` words with the highest weight (`weightOf(key)`: the index's IDF for a word's key,
 * undefined for a word it does not know), each key once as first written, in the text's order.
 * Ties go to the word met first. Stop words and bare numbers are left out.
 */
export function distinctiveWords(
  text: string,
  weightOf: (key: string) => number | undefined,
  options: DistinctiveOptions = {},
): string[] {
  const { max, maxChars } = { ...DISTINCTIVE_DEFAULTS, ...options };
  const seen = new Map<string, { word: string; weight: number; at: number }>();
  for (const word of words(typeof text === "string" ? text.slice(0, maxChars) : "")) {
    if (/^[\d.,:]+$/.test(word)) continue;
    const key = termOf(word);
    if (key === null || seen.has(key)) continue;
    const weight = weightOf(key);
    if (weight === undefined || !Number.isFinite(weight)) continue;
    seen.set(key, { word, weight, at: seen.size });
  }
  return [...seen.values()]
    .sort((a, b) => b.weight - a.weight || a.at - b.at)
    .slice(0, Math.max(0, Math.floor(max)))
    .sort((a, b) => a.at - b.at)
    .map((e) => e.word);
}
