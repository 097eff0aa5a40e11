/**
 * Sections holding every quoted phrase of a query, as written. The postings narrow the candidates
 * to sections with all of a phrase's words; their token streams then show whether the words'
 * stems are side by side; the few left are read for the words as typed, since the streams know
 * stems only ("pull requests" and "PR" share the keys of "pull request").
 */
import type { InvertedIndex } from "./inverted-index.js";
import type { Phrase } from "./query.js";
import { foldAccents } from "./text.js";

/**
 * Section ids, ascending, holding every phrase (none when a phrase has no searchable word).
 * `textOf(doc, field)` gives a section's title (0), heading (1), parent heading (2) or text (3),
 * the order of its spans below, where phrases may stand.
 */
export function phraseMatches(
  index: InvertedIndex,
  phrases: readonly Phrase[],
  textOf: (doc: number, field: number) => string,
): number[] {
  let allowed: number[] | undefined;
  for (const phrase of phrases) {
    const ids = [...new Set(phrase.indexed)].map((key) => index.idOf(key));
    const phraseIds = phrase.keys.map((key) => index.idOf(key));
    if (ids.length === 0 || [...ids, ...phraseIds].some((id) => id === undefined)) return [];
    // The rarest word's sections first: every other word only filters them.
    const terms = (ids as number[]).sort(
      (a, b) => index.postings.count(a) - index.postings.count(b),
    );
    let candidates = allowed ?? Array.from(index.postings.docsOf(terms[0] ?? 0));
    for (const term of allowed ? terms : terms.slice(1)) {
      candidates = candidates.filter((doc) => index.postings.holds(term, doc));
    }
    const keys = Int32Array.from(phraseIds as number[]);
    // The rarest word's positions are the fewest places to check the rest around (stop words
    // have no postings and are never the anchor).
    let anchor = 0;
    let fewest = Number.POSITIVE_INFINITY;
    keys.forEach((id, j) => {
      const count = index.postings.count(id);
      if (count > 0 && count < fewest) [anchor, fewest] = [j, count];
    });
    const pattern = exactPattern(phrase.exact);
    // Only a field whose stems hold the phrase is read for its words as written.
    allowed = candidates.filter((doc) =>
      [
        index.titleSpan(doc),
        index.headingSpan(doc),
        index.parentHeadingSpan(doc),
        index.textSpan(doc),
      ].some(
        (span, field) =>
          index.streams.holdsPhrase(span, keys, anchor) && holdsExact(pattern, textOf(doc, field)),
      ),
    );
    if (allowed.length === 0) return [];
  }
  return allowed ?? [];
}

/**
 * Whether the text holds the phrase as written. Tried on the text as it is first: folding accents
 * reads the whole text (and normalises any that is not ASCII), and most texts that hold a phrase
 * hold it in plain letters; only a text that does not is folded and tried again.
 */
function holdsExact(pattern: RegExp, text: string): boolean {
  if (pattern.test(text)) return true;
  const folded = foldAccents(text);
  return folded !== text && pattern.test(folded);
}

/** Tokenizer's word characters (text.ts): a phrase word must not run on into more of a word. */
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
/** Not inside a word, nor after the joiners text.ts keeps within one ("team's", "1:1"). */
const BEFORE = String.raw`(?<!${WORD_CHAR}|\p{L}['’]|\p{N}[:.,])`;
const AFTER = String.raw`(?!${WORD_CHAR}|['’]\p{L}|[:.,]\p{N})`;
const GAP = String.raw`[^\p{L}\p{M}\p{N}]+`;

/**
 * The phrase's words (`exactForm`s) side by side, whatever lies between them, in any case and
 * with either apostrophe: one native regex test per text, cheaper than tokenising it.
 */
export function exactPattern(words: readonly string[]): RegExp {
  const parts = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "['’]"));
  return new RegExp(`${BEFORE}${parts.join(GAP)}${AFTER}`, "iu");
}
