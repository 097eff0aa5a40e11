/**
 * Text processing shared by indexing, querying, phrase checks and highlighting. All four must
 * turn a word into the same key, or a highlighted word would not be the one that matched.
 */
import { stemmer } from "stemmer";

/** A word of some text, with where it sits, so excerpts can bold the original characters. */
export interface Token {
  /** The word exactly as written. */
  word: string;
  start: number;
  end: number;
}

/**
 * A word is a run of letters, marks and digits. Joiners are kept inside a word only where
 * splitting would lose meaning: an apostrophe before a letter ("don't", "team's") and `:` `.` `,`
 * between digits ("1:1", "2.0", "1,200"). Hyphens split, so "bus-factor" is "bus" + "factor",
 * the same words a reader types.
 */
const WORD =
  /[\p{L}\p{M}\p{N}]+(?:(?:['’](?=\p{L})|(?<=\p{N})[:.,](?=\p{N}))[\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Words too common to say anything about a section. Kept short on purpose: a long list starts
 * eating words that matter in this corpus ("not", "first", "work").
 */
// biome-ignore format: one word per line would make the list unreadable
export const STOP_WORDS: ReadonlySet<string> = new Set([
  "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "how",
  "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "so", "that",
  "the", "their", "them", "then", "there", "they", "this", "to", "was", "we", "what", "when",
  "where", "which", "who", "why", "will", "with", "you", "your",
]);

/** Longer "words" are hashes, URLs or noise; they never match what a person types. */
export const MAX_WORD_LENGTH = 40;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index ?? 0;
    tokens.push({ word: m[0], start, end: start + m[0].length });
  }
  return tokens;
}

/** Just the words: the shape MiniSearch's `tokenize` option wants. */
export function words(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}

/**
 * Lower-case, fold accents ("café" = "cafe"), unify apostrophes and drop the possessive, so
 * "Team’s" and "teams" end up one stem apart at most.
 */
export function normalizeWord(word: string): string {
  // Most words are plain ASCII: skip Unicode normalisation, the dearest step, for them.
  const lower = /^[ -~]*$/.test(word)
    ? word.toLowerCase()
    : word
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .normalize("NFC");
  return lower.replace(/’/g, "'").replace(/'s$/, "").replace(/'/g, "");
}

/**
 * Stemming is the hot path of indexing and of reading sections at query time, and a corpus
 * repeats the same few thousand words: remember the answers. Bounded, since queries can bring
 * any number of new words.
 */
const CACHE_LIMIT = 200_000;
const cache = new Map<string, { key: string; stop: boolean }>();

function analyse(word: string): { key: string; stop: boolean } {
  let entry = cache.get(word);
  if (entry === undefined) {
    const norm = normalizeWord(word);
    // The Porter stemmer is defined for English letters; other scripts and bare numbers pass as is.
    const key = /[a-z]/.test(norm) ? stemmer(norm) : norm;
    entry = { key, stop: norm === "" || STOP_WORDS.has(norm) };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, entry);
  }
  return entry;
}

/**
 * The key a word is indexed and searched under, stop words included: what phrase checks compare,
 * since a phrase must match its small words too ("not a mood").
 */
export function wordKey(word: string): string {
  return analyse(word).key;
}

/** MiniSearch's `processTerm`: the word's key, or null for stop words and noise (not indexed). */
export function termOf(word: string): string | null {
  if (word.length > MAX_WORD_LENGTH) return null;
  const { key, stop } = analyse(word);
  return stop ? null : key;
}
