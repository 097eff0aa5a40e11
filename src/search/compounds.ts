/**
 * Hyphenated words in a query ("hands-on", "cross-training", "1-on-1"). The tokenizer splits
 * them (text.ts), as it must for the essays, where "bus-factor" and "bus factor" are one idea;
 * but in a query the parts alone mislead: "hands-on" is not "hand" ("Hand Over the Keys"). So
 * the whole is matched too, and ranks above the parts found apart: the parts side by side
 * ("hands-on", "hands on"), the parts run together ("e-mail" = "email"), and a ratio written in
 * words as the ratio ("1-on-1", "one-on-one" = "1:1").
 */
import type { InvertedIndex } from "./inverted-index.js";
import type { DerivedTerm, TermPlan } from "./matching.js";
import { exactForm, type Token, wordKey } from "./text.js";

export interface Compound {
  /** The parts as a quoted phrase compares them (see `exactForm`). */
  parts: string[];
  /** Each part's key, stop words included: what must stand side by side. */
  keys: string[];
  /** Keys of single words that are the whole: the parts run together, or the ratio they name. */
  alternatives: string[];
}

/**
 * A section holding a compound's parts, but never side by side nor as the whole word, keeps this
 * share of its score: the parts are related to the whole, but the whole is what was asked for.
 * A quarter, chosen on the judged paraphrase queries: at a half a subheading holding one part
 * ("Hand Over the Keys") still outranked body text holding the whole ("hands on").
 */
export const PARTS_APART_WEIGHT = 0.25;

/** Hyphen-minus, hyphen and non-breaking hyphen: what people type or paste inside a word. */
const HYPHEN = /^[-\u2010\u2011]$/;
// biome-ignore format: one list
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** The hyphenated runs among a text's tokens, each as a Compound. */
export function compoundsIn(text: string, tokens: readonly Token[]): Compound[] {
  const compounds: Compound[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 2) compounds.push(compoundOf(run));
    run = [];
  };
  tokens.forEach((token, i) => {
    const before = tokens[i - 1];
    if (before && HYPHEN.test(text.slice(before.end, token.start))) {
      if (run.length === 0) run.push(before.word);
      run.push(token.word);
    } else {
      flush();
    }
  });
  flush();
  return compounds;
}

function compoundOf(words: readonly string[]): Compound {
  const alternatives = new Set([wordKey(words.join(""))]);
  const [a, on, b] = words.map((w) => w.toLowerCase());
  const [n, m] = [numeral(a), numeral(b)];
  if (words.length === 3 && on === "on" && n !== undefined && m !== undefined) {
    alternatives.add(wordKey(`${n}:${m}`));
  }
  return { parts: words.map(exactForm), keys: words.map(wordKey), alternatives: [...alternatives] };
}

/** "1" or "one" as digits; undefined for anything else. */
function numeral(word: string | undefined): string | undefined {
  if (word === undefined) return undefined;
  if (/^[0-9]+$/.test(word)) return word;
  const i = NUMBER_WORDS.indexOf(word);
  return i < 0 ? undefined : String(i);
}

/** What ranking needs of a compound: the query terms that are its parts, and who holds it. */
export interface CompoundMatch {
  /** Bit i set: query term i is one of its parts. */
  slots: number;
  /** Whether the section (which matched the query terms in `mask`) holds the compound whole. */
  holds(doc: number, mask: number): boolean;
}

/**
 * The query terms each compound's parts became, and the plan adjusted: a part of a compound
 * whose whole is a word of the corpus is not a typo ("mail" in "e-mail").
 */
export function partSlots(
  compounds: readonly Compound[],
  plan: TermPlan[],
  known: (key: string) => boolean,
): number[][] {
  return compounds.map((compound) => {
    const slots = [...new Set(compound.keys.map((k) => plan.findIndex((t) => t.key === k)))];
    const parts = slots.filter((i) => i >= 0);
    if (compound.alternatives.some(known)) {
      for (const i of parts) {
        const term = plan[i];
        if (term) plan[i] = { ...term, fuzzy: 0, fuzzyKey: 0 };
      }
    }
    return parts;
  });
}

/**
 * Adds each compound's whole words to the terms its parts reach (shared between the parts, so
 * the whole counts once) and says which sections hold a compound whole.
 */
export function matchCompounds(
  index: InvertedIndex,
  compounds: readonly Compound[],
  slots: readonly number[][],
  derived: DerivedTerm[][],
): CompoundMatch[] {
  const matches: CompoundMatch[] = [];
  compounds.forEach((compound, c) => {
    const parts = slots[c] ?? [];
    if (parts.length === 0) return;
    const wholes: number[] = [];
    for (const key of compound.alternatives) {
      const id = index.idOf(key);
      if (id === undefined || index.postings.count(id) === 0) continue;
      wholes.push(id);
      for (const i of parts) {
        const reached = derived[i];
        if (reached && !reached.some((d) => d.id === id)) {
          reached.push({ id, key, weight: 1 / parts.length });
        }
      }
    }
    const ids = compound.keys.map((key) => index.idOf(key));
    const adjacent = ids.every((id) => id !== undefined) ? Int32Array.from(ids) : undefined;
    // The rarest part's positions are the fewest places to look for the rest around.
    let anchor = 0;
    let fewest = Number.POSITIVE_INFINITY;
    adjacent?.forEach((id, j) => {
      const count = index.postings.count(id);
      if (count > 0 && count < fewest) [anchor, fewest] = [j, count];
    });
    let mask = 0;
    for (const i of parts) mask |= 1 << i;
    matches.push({
      slots: mask,
      // A section that lacks one of the parts cannot hold them side by side: no stream to read.
      holds: (doc, matched) =>
        wholes.some((id) => index.postings.holds(id, doc)) ||
        (adjacent !== undefined &&
          (matched & mask) === mask &&
          [
            index.titleSpan(doc),
            index.headingSpan(doc),
            index.parentHeadingSpan(doc),
            index.textSpan(doc),
          ].some((span) => index.streams.holdsPhrase(span, adjacent, anchor))),
    });
  });
  return matches;
}
