/**
 * How loosely a query term may match: the indexed terms each query term reaches, and the same
 * rule run backwards (which query term did this section word answer?) for ranking and bold.
 */
import type SearchableMap from "minisearch/SearchableMap";
import type { ParsedQuery } from "./query.js";
import type { Vocabulary } from "./suggest.js";
import { normalizeWord } from "./text.js";

/** Field weights: a subheading names what its section is about; the title speaks for a whole essay. */
export const FIELD_BOOSTS = { heading: 3, parentHeading: 1.5, title: 2, tags: 1.5, text: 1 };

/**
 * BM25+ parameters. `b` below MiniSearch's 0.7 because long sections here are long because they
 * develop their topic, not because they ramble about others.
 */
export const BM25 = { k: 1.2, b: 0.6, d: 0.5 };

/** Typo tolerance as a share of the term's length (MiniSearch's own suggestion). */
const FUZZY = 0.2;
/**
 * Shorter terms get no typo tolerance: at three letters one edit reaches half the dictionary,
 * and the matches would be noise.
 */
const MIN_FUZZY_LENGTH = 4;
/**
 * Two edits catch a dropped letter and a swap together; more would match unrelated words. A
 * swap of neighbours ("onbaording") counts as one edit (optimal string alignment distance).
 */
const MAX_FUZZY = 2;
/**
 * Of the closest corpus words to a typo, the ones most sections hold: usually one is meant,
 * and the commonest is the likeliest, but a close second keeps a short typo's other reading.
 */
const MAX_TYPO_CANDIDATES = 2;
/** A one- or two-letter prefix would expand to a large part of the vocabulary. */
const MIN_PREFIX_LENGTH = 3;

/** Edits allowed for a word of this length: a share of it, none for short words. */
export function fuzzyDistance(word: string): number {
  if (word.length < MIN_FUZZY_LENGTH) return 0;
  return Math.min(MAX_FUZZY, Math.round(word.length * FUZZY));
}

/** How one query term may match. */
export interface TermPlan {
  key: string;
  /** The word as typed, normalised: what a typo is compared as, besides its stem. */
  typed: string;
  prefix: boolean;
  /** Edits allowed to the word as typed (0 = exact only). */
  fuzzy: number;
  /** Edits allowed to its stem. */
  fuzzyKey: number;
  /** A prefix that is already a word of the corpus: its completions weigh less (see below). */
  finished?: boolean;
}

/**
 * Decides per term how loose to be. Only the word still being typed is a prefix; when it is
 * already a word of the corpus its completions count for less (see FINISHED_PREFIX_WEIGHT). Only
 * words the corpus does not contain get typo tolerance: "size" is a real word here, so it must not also
 * match "side"; "runbok" is not, so it gets the benefit of the doubt. This also keeps queries
 * cheap, since each typo-tolerant term walks the whole term dictionary.
 */
export function planTerms(query: ParsedQuery, known: (key: string) => boolean): TermPlan[] {
  const last = query.terms.length - 1;
  // A word typed only inside quotes is taken as written: no completion, no typo.
  return query.terms.map(({ key, word, exact }, i) => {
    const isKnown = known(key);
    const prefix = !exact && query.lastTermOpen && i === last && key.length >= MIN_PREFIX_LENGTH;
    const typed = normalizeWord(word);
    return {
      key,
      typed,
      prefix,
      fuzzy: exact || isKnown ? 0 : fuzzyDistance(typed),
      fuzzyKey: exact || isKnown ? 0 : fuzzyDistance(key),
      ...(prefix && isKnown ? { finished: true } : {}),
    };
  });
}

/** Weights of loose matches, MiniSearch's defaults: a typo counts for less than a completion. */
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.375;
/**
 * A last word that is already a word of the corpus ("score", "sponsor") was most likely typed in
 * full: its completions ("scorecard", "sponsorship") still count, since they are often the same
 * idea, but at this share of a completion's weight, so that a section holding the word itself
 * ranks above one that only holds a longer word beginning with it.
 */
export const FINISHED_PREFIX_WEIGHT = 0.5;

/** An indexed term a query term matches, and how much a match on it counts. */
export interface DerivedTerm {
  id: number;
  key: string;
  weight: number;
}

/**
 * The indexed terms each planned term matches, weighted the way MiniSearch weighs them: the exact
 * term 1; a completion less the more letters it adds; a typo less the more edits it needs. A
 * term both a completion and a typo counts once, as the completion.
 */
export function expandTerms(
  plan: TermPlan[],
  dictionary: SearchableMap<number>,
  vocabulary: Vocabulary,
): DerivedTerm[][] {
  return plan.map((term) => {
    const derived: DerivedTerm[] = [];
    const exact = dictionary.get(term.key);
    if (exact !== undefined) derived.push({ id: exact, key: term.key, weight: 1 });
    const fuzzy = new Map<string, [number, number]>();
    if (term.fuzzy > 0) {
      for (const { key, distance } of vocabulary.closest(
        term.typed,
        term.key,
        { typed: term.fuzzy, key: term.fuzzyKey },
        MAX_TYPO_CANDIDATES,
      )) {
        const id = dictionary.get(key);
        if (id !== undefined) fuzzy.set(key, [id, distance]);
      }
    }
    if (term.prefix) {
      for (const [key, id] of dictionary.atPrefix(term.key)) {
        const distance = key.length - term.key.length;
        if (distance === 0) continue;
        fuzzy.delete(key);
        derived.push({
          id,
          key,
          weight:
            ((term.finished ? FINISHED_PREFIX_WEIGHT : 1) * PREFIX_WEIGHT * key.length) /
            (key.length + 0.3 * distance),
        });
      }
    }
    for (const [key, [id, distance]] of fuzzy) {
      if (distance === 0) continue;
      derived.push({ id, key, weight: (FUZZY_WEIGHT * key.length) / (key.length + distance) });
    }
    return derived;
  });
}

/**
 * Maps an indexed term a query reached (a derived term) back to the query term it answers, exact
 * first, then the first query term that reached it: which words to bold, which to measure
 * proximity between.
 */
export function termMatcher(
  plan: TermPlan[],
  derived: readonly DerivedTerm[][],
): (docTerm: string) => string | undefined {
  const answers = new Map<string, string>();
  for (const term of plan) answers.set(term.key, term.key);
  plan.forEach((term, i) => {
    for (const { key } of derived[i] ?? []) if (!answers.has(key)) answers.set(key, term.key);
  });
  return (docTerm) => answers.get(docTerm);
}
