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
 * The same pattern for text whose letters and digits are all ASCII (most English prose, curly
 * quotes and dashes included), where it reads the same words about three times faster: the
 * Unicode classes are the slow part of tokenising a whole archive.
 */
const ASCII_WORD = /[A-Za-z0-9]+(?:(?:['’](?=[A-Za-z])|(?<=[0-9])[:.,](?=[0-9]))[A-Za-z0-9]+)*/g;
const NON_ASCII_WORD_CHAR = /(?![\0-\x7f])[\p{L}\p{M}\p{N}]/u;
const WORD_CAPTURE = new RegExp(`(${WORD.source})`, "u");
const ASCII_WORD_CAPTURE = new RegExp(`(${ASCII_WORD.source})`);

function asciiWords(text: string): boolean {
  return !NON_ASCII_WORD_CHAR.test(text);
}

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
  for (const m of text.matchAll(asciiWords(text) ? ASCII_WORD : WORD)) {
    const start = m.index ?? 0;
    tokens.push({ word: m[0], start, end: start + m[0].length });
  }
  return tokens;
}

/**
 * The text cut into alternating gaps and words: [gap, word, gap, word, …, gap], so word k is at
 * 2k + 1 and the gap after it at 2k + 2. For callers that need what lies between words but not
 * where, at a fraction of the cost of `tokenize`'s objects.
 */
export function wordsAndGaps(text: string): string[] {
  return text.split(asciiWords(text) ? ASCII_WORD_CAPTURE : WORD_CAPTURE);
}

/** Just the words, without positions: what indexing reads, and cheaper to make. */
export function words(text: string): string[] {
  return text.match(asciiWords(text) ? ASCII_WORD : WORD) ?? [];
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
 * A word as a quoted phrase compares it: case, accents and the apostrophe's style aside, but no
 * stemming and no dropped possessive, so "pull request" is not "pull requests".
 */
export function exactForm(word: string): string {
  return foldAccents(word.toLowerCase()).replace(/’/g, "'");
}

/** "Café" reads "Cafe"; plain ASCII text (most of it) is returned as it is. */
export function foldAccents(text: string): string {
  return /^[\0-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/**
 * Stemming is the hot path of indexing and of reading sections at query time, and a corpus
 * repeats the same few thousand words: remember the answers. Bounded, since queries can bring
 * any number of new words.
 */
const CACHE_LIMIT = 200_000;
const cache = new Map<string, WordInfo>();

/** What text processing makes of one word as written. */
export interface WordInfo {
  /** The stem every comparison uses. */
  key: string;
  /** A stop word (or nothing left after normalising): not indexed, not searched. */
  stop: boolean;
  /** The normalised spelling, which suggestions show. */
  norm: string;
}

export function wordInfo(word: string): WordInfo {
  let entry = cache.get(word);
  if (entry === undefined) {
    const norm = normalizeWord(word);
    // The Porter stemmer is defined for English letters; other scripts and bare numbers pass as is.
    const key = /[a-z]/.test(norm) ? stemmer(norm) : norm;
    entry = { key, stop: norm === "" || STOP_WORDS.has(norm), norm };
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
  return wordInfo(word).key;
}

/** The key a word is indexed and searched under, or null for stop words and noise (not indexed). */
export function termOf(word: string): string | null {
  if (word.length > MAX_WORD_LENGTH) return null;
  const { key, stop } = wordInfo(word);
  return stop ? null : key;
}
