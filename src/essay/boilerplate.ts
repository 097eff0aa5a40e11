/**
 * Boilerplate: blocks an author repeats in every essay (newsletter footers, "follow me" lines,
 * series banners). Found from the data, never from a list of phrases: a block is boilerplate when
 * the same normalised text appears in enough *distinct* essays.
 *
 * Threshold: at least 3 distinct essays, or every essay when the corpus has only 2 or 3, and
 * never with just 1 (nothing can recur across a single essay). Why an absolute count and not a
 * share of the corpus:
 *   - the archive only grows; a footer added after 200 essays sits in a small share of them, yet
 *     is obviously boilerplate after a handful of essays;
 *   - several feeds share one corpus; a fraction would hide one author's footer behind another's
 *     essay count;
 *   - real prose is rarely repeated word for word in three essays, and what is (a cross-promotion
 *     line, "Thanks for reading") is not worth returning as a search hit either.
 * With 2 or 3 essays, a block in all of them is the only signal there is; requiring all keeps a
 * quotation shared by two of three essays.
 */
import type { Block } from "./types.js";

/** Fewest distinct essays a block must appear in to count as boilerplate, given the corpus size. */
export function boilerplateThreshold(essayCount: number): number {
  return Math.max(2, Math.min(3, essayCount));
}

/** The identity of a block for recurrence: case, Unicode form and spacing do not matter. */
export function blockKey(block: Block): string {
  // NFKC is the costly step and changes nothing in pure ASCII, the common case.
  const text = NON_ASCII.test(block.text) ? block.text.normalize("NFKC") : block.text;
  return text
    .toLowerCase()
    .replace(/[^\S ]\s*| \s+/g, " ")
    .trim();
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Keys (see blockKey) that recur in at least `boilerplateThreshold` distinct essays.
 * `essays` holds each essay's id and the keys of all its blocks; an essay listed twice counts once.
 */
export function findBoilerplate(
  essays: readonly { id: string; keys: readonly string[] }[],
): Set<string> {
  const essayIds = new Set(essays.map((essay) => essay.id));
  const threshold = boilerplateThreshold(essayIds.size);
  // The essay ids a key appears in: just the one id until a second essay has it, since nearly
  // every block belongs to a single essay and a set for each would be most of the work.
  const seenIn = new Map<string, string | Set<string>>();
  for (const essay of essays) {
    for (const key of essay.keys) {
      if (key === "") continue;
      const ids = seenIn.get(key);
      if (ids === undefined) seenIn.set(key, essay.id);
      else if (typeof ids !== "string") ids.add(essay.id);
      else if (ids !== essay.id) seenIn.set(key, new Set([ids, essay.id]));
    }
  }
  const boilerplate = new Set<string>();
  for (const [key, ids] of seenIn) {
    if ((typeof ids === "string" ? 1 : ids.size) >= threshold) boilerplate.add(key);
  }
  return boilerplate;
}
