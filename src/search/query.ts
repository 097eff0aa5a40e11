/**
 * Turns what a person typed after `/essay` into terms and phrases. Anything goes in (a pasted
 * paragraph, emoji, another script): the result is capped so one query can never cost much.
 */
import { type Compound, compoundsIn } from "./compounds.js";
import { FILLER_WORDS } from "./filler.js";
import { exactForm, termOf, tokenize, wordInfo, wordKey } from "./text.js";

/** Longer input is a paste, not a query; the first part is plenty to rank on. */
export const MAX_QUERY_CHARS = 500;
/**
 * Every extra term is another expansion and another postings list to add up; at most 16 fit the
 * per-section bit masks that record which terms a section matched (accumulator.ts).
 */
export const MAX_TERMS = 12;

export interface QueryTerm {
  /** The indexed key (stem) this term searches for. */
  key: string;
  /** The word as typed, lower-cased: what `Hit.matchedTerms` reports. */
  word: string;
  /**
   * For a word typed only inside quotes: the forms (see `exactForm`) it stands for there. It then
   * matches only those, never another form, a typo or an acronym, as a quoted phrase promises.
   */
  exact?: ReadonlySet<string>;
}

export interface Phrase {
  /** Every word's key, stop words kept ("not a mood" must match its "a" too). */
  keys: string[];
  /** The keys the index knows (stop words dropped): they find the candidate sections. */
  indexed: string[];
  /** Every word as `exactForm` has it: what a section must hold, side by side, to match. */
  exact: string[];
}

export interface ParsedQuery {
  /**
   * Distinct searchable terms, in the order typed (phrase words included). Question filler and
   * function words (filler.ts) typed outside quotes are left out when the query has any other.
   */
  terms: QueryTerm[];
  /** Quoted phrases: a section must hold each one, its words side by side. */
  phrases: Phrase[];
  /** Hyphenated words typed outside quotes ("hands-on"): matched whole as well as by parts. */
  compounds: Compound[];
  /** Whether the last term is the word the query ends on (no space or quote after it): prefix it. */
  lastTermOpen: boolean;
}

/** Slack turns typed quotes into curly ones; people paste „German“ and «French» ones too. */
const QUOTES = /[“”„‟«»"]/g;

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.slice(0, MAX_QUERY_CHARS).replace(QUOTES, '"');
  /** Every distinct term, and whether it was only ever typed as loose filler. */
  const found = new Map<string, { term: QueryTerm; filler: boolean }>();
  const phrases: Phrase[] = [];
  const compounds: Compound[] = [];
  /** Keys typed outside quotes: those match loosely even if quoted elsewhere too. */
  const loose = new Set<string>();
  const quotedForms = new Map<string, Set<string>>();

  const addTerms = (chunk: string, quoted: boolean) => {
    for (const { word } of tokenize(chunk)) {
      const key = termOf(word);
      if (key === null) continue;
      if (quoted) {
        const forms = quotedForms.get(key) ?? new Set<string>();
        quotedForms.set(key, forms.add(exactForm(word)));
      } else {
        loose.add(key);
      }
      const filler = !quoted && FILLER_WORDS.has(wordInfo(word).norm);
      const entry = found.get(key);
      if (entry) entry.filler &&= filler;
      else found.set(key, { term: { key, word: word.toLowerCase() }, filler });
    }
  };

  // Split on quotes: odd pieces are inside a pair of quotes. A dangling quote has no partner, so
  // its text is read as loose words rather than a phrase the person never closed.
  const pieces = text.split('"');
  const closedPairs = Math.floor((pieces.length - 1) / 2);
  pieces.forEach((piece, i) => {
    const quoted = i % 2 === 1 && (i + 1) / 2 <= closedPairs;
    if (quoted) {
      const phraseWords = tokenize(piece)
        .map((t) => t.word)
        .slice(0, MAX_TERMS);
      if (phraseWords.length > 0 && phrases.length < MAX_TERMS) {
        phrases.push({
          keys: phraseWords.map(wordKey),
          indexed: phraseWords.map(termOf).filter((k): k is string => k !== null),
          exact: phraseWords.map(exactForm),
        });
      }
    }
    // Inside quotes a hyphenated word is already matched as written, hyphen or space.
    if (!quoted) compounds.push(...compoundsIn(piece, tokenize(piece)));
    addTerms(piece, quoted);
  });
  // "should managers code" is about managers and code; "should" alone is still a search.
  const entries = [...found.values()];
  const content = entries.some((e) => !e.filler);
  const terms = entries
    .filter((e) => !(content && e.filler))
    .slice(0, MAX_TERMS)
    .map((e) => e.term);
  for (const term of terms) {
    const forms = quotedForms.get(term.key);
    if (forms && !loose.has(term.key)) term.exact = forms;
  }

  // Prefix-search only a last word still being typed, and only if it became the last term (not a
  // stop word, filler, repeat or the term past the cap).
  const lastToken = tokenize(text).at(-1);
  const lastTermOpen =
    lastToken !== undefined &&
    lastToken.end === text.length &&
    termOf(lastToken.word) === terms.at(-1)?.key;
  return { terms, phrases, compounds: compounds.slice(0, MAX_TERMS), lastTermOpen };
}
