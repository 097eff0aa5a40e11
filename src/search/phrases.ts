/**
 * Sections holding every quoted phrase of a query. The postings narrow the candidates to sections
 * with all of a phrase's words; their token streams then show whether the words are side by side.
 */
import type { InvertedIndex } from "./inverted-index.js";
import type { Phrase } from "./query.js";

/** Section ids, ascending, holding every phrase (none when a phrase has no searchable word). */
export function phraseMatches(index: InvertedIndex, phrases: readonly Phrase[]): number[] {
  let allowed: number[] | undefined;
  for (const phrase of phrases) {
    const ids = [...new Set(phrase.indexed)].map((key) => index.idOf(key));
    const phraseIds = phrase.keys.map((key) => index.idOf(key));
    if (ids.length === 0 || [...ids, ...phraseIds].some((id) => id === undefined)) return [];
    // The rarest word's sections first: every other word only filters them.
    const lists = (ids as number[]).map((id) => postingsOf(index, id));
    lists.sort((a, b) => a.length - b.length);
    let candidates = allowed ?? Array.from(lists[0] ?? []);
    for (const list of allowed ? lists : lists.slice(1)) {
      candidates = candidates.filter((doc) => contains(list, doc));
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
    allowed = candidates.filter((doc) =>
      [
        index.titleSpan(doc),
        index.headingSpan(doc),
        index.parentHeadingSpan(doc),
        index.textSpan(doc),
      ].some((span) => index.streams.holdsPhrase(span, keys, anchor)),
    );
    if (allowed.length === 0) return [];
  }
  return allowed ?? [];
}

function postingsOf(index: InvertedIndex, term: number): Int32Array {
  const { start, docs } = index.postings;
  return docs.subarray(start[term] ?? 0, start[term + 1] ?? 0);
}

/** Binary search: postings are sorted by section. */
function contains(sorted: Int32Array, doc: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid] ?? 0;
    if (value === doc) return true;
    if (value < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
