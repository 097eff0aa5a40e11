/**
 * How loosely a query term may match: the indexed terms each query term reaches, and the same
 * rule run backwards (which query term did this section word answer?) for ranking and bold.
 */
import type SearchableMap from "minisearch/SearchableMap";
import type { ParsedQuery } from "./query.js";
import type { RelatedWords } from "./related-words.js";
import { editDistance, type Vocabulary } from "./suggest.js";
import { normalizeWord, wordKey } from "./text.js";

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
 * Of the closest corpus words to a typo, the ones most sections hold: usually one is meant, and
 * the commonest is the likeliest, but a close second keeps a short typo's other reading.
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
  /** Edits allowed to the word as typed (0 = exact only, no typo reading at all). */
  fuzzy: number;
  /** Edits allowed to its stem (stems are shorter, so they bear fewer). */
  fuzzyKey: number;
  /** A prefix that is already a word of the corpus: its completions weigh less (see below). */
  finished?: boolean;
  /** Typed only inside quotes: matched as written, so no related words either. */
  exactOnly?: boolean;
}

/**
 * Decides per term how loose to be. Only the word still being typed is a prefix; when it is
 * already a word of the corpus its completions count for less (see FINISHED_PREFIX_WEIGHT). Only
 * words that are neither in the corpus nor English (`english`, given the word as typed and
 * normalised: WordNet's tagged words) get typo tolerance: "size" is a real word here, so it must not also match "side"; "sale" is English, so
 * it must not become "same" or "save" because the essays never say it; "runbok" is neither, so it
 * gets the benefit of the doubt. This also keeps queries cheap, since each typo-tolerant term
 * walks the whole term dictionary.
 */
export function planTerms(
  query: ParsedQuery,
  known: (key: string) => boolean,
  english: (word: string) => boolean = () => false,
): TermPlan[] {
  const last = query.terms.length - 1;
  // A word typed only inside quotes is taken as written: no completion, no typo.
  return query.terms.map(({ key, word, exact }, i) => {
    const isKnown = known(key);
    const prefix = !exact && query.lastTermOpen && i === last && key.length >= MIN_PREFIX_LENGTH;
    const typed = normalizeWord(word);
    const typo = !exact && !isKnown && !english(typed);
    return {
      key,
      typed,
      prefix,
      fuzzy: typo ? fuzzyDistance(typed) : 0,
      fuzzyKey: typo ? fuzzyDistance(key) : 0,
      ...(prefix && isKnown ? { finished: true } : {}),
      ...(exact ? { exactOnly: true } : {}),
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
  /** Reached through a related word: counts only partly towards coverage (rank.ts). */
  related?: boolean;
}

/**
 * What a related word counts for, times its share (related-words.ts): below every literal
 * reading, so a section in the reader's own words ranks first. Chosen on the judged queries with
 * RELATED_COVERAGE (BENCHMARKS.md, "Related words"); the curve is flat from 0.3 to 0.6.
 */
export const RELATED_WEIGHT = 0.4;
/**
 * A word held by more than this share of the sections is the author's word too: no related
 * words for it. They would change little (the word itself decides) and would add every section
 * that holds any of them to the count and to the work ("feedback" matched 8.7k of 100k generated
 * sections, and 37.6k with its related words). Chosen on the judged queries (BENCHMARKS.md).
 */
export const RELATED_MAX_SHARE = 0.1;

/**
 * The indexed terms each planned term matches, weighted the way MiniSearch weighs them: the exact
 * term 1; a completion less the more letters it adds; a typo less the more edits it needs. A
 * term both a completion and a typo counts once, as the completion. Then, for a word the corpus
 * lacks or holds in few sections, the corpus words related to it in meaning (`related`), at
 * RELATED_WEIGHT of their share, unless reached already or typed as words of the query.
 */
export function expandTerms(
  plan: TermPlan[],
  dictionary: SearchableMap<number>,
  vocabulary: Vocabulary,
  relations?: {
    related: RelatedWords;
    /** Where a word's commonness is read (RELATED_MAX_SHARE): the full index, in a layer. */
    counts: Vocabulary;
  },
): DerivedTerm[][] {
  // A related word that is another term of the query is matched as that term, not twice.
  const queryKeys = new Set(plan.map((t) => t.key));
  return plan.map((term) => {
    const derived: DerivedTerm[] = [];
    const exact = dictionary.get(term.key);
    if (exact !== undefined) derived.push({ id: exact, key: term.key, weight: 1 });
    const fuzzy = term.fuzzy > 0 ? typoReadings(term, dictionary, vocabulary) : new Map();
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
    const counts = relations?.counts;
    const common =
      counts !== undefined &&
      counts.sectionsWith(term.key) > RELATED_MAX_SHARE * counts.sectionCount;
    if (relations && !term.exactOnly && !common) {
      const seen = new Set(derived.map((d) => d.key));
      for (const { key, share } of relations.related.of(term.typed)) {
        const id = seen.has(key) || queryKeys.has(key) ? undefined : dictionary.get(key);
        if (id === undefined) continue;
        derived.push({ id, key, weight: RELATED_WEIGHT * share, related: true });
      }
    }
    return derived;
  });
}

/**
 * What a word the corpus lacks most likely stands for: the corpus stems at the smallest edit
 * distance (optimal string alignment: two swapped neighbours are one edit), of those the
 * `MAX_TYPO_CANDIDATES` held by the most sections. Only the closest: a word one edit away is a
 * far likelier reading than one two away, and the look-alikes only add noise. Candidates come
 * from the radix tree, which finds stems within Levenshtein reach of the typed stem fast, and
 * from the word with each pair of neighbours swapped back, stemmed ("onbaording" →
 * "onboarding" → "onboard"), so a swap is found whatever stemming makes of the misspelling
 * ("incidnets" stems to "incidnet", far from "incid"). Scanning the whole vocabulary with the
 * swap-aware distance instead cost 2 ms a word at 100k sections; this costs a few lookups.
 */
function typoReadings(
  term: TermPlan,
  dictionary: SearchableMap<number>,
  vocabulary: Vocabulary,
): Map<string, [number, number]> {
  const found = new Map<string, [number, number]>();
  const consider = (key: string, id: number, distance: number) => {
    const known = found.get(key);
    if (distance > 0 && (known === undefined || distance < known[1]))
      found.set(key, [id, distance]);
  };
  if (term.fuzzyKey > 0) {
    for (const [key, [id, levenshtein]] of dictionary.fuzzyGet(term.key, term.fuzzyKey)) {
      consider(key, id, editDistance(term.key, key, levenshtein));
    }
  }
  const { typed } = term;
  for (let i = 0; i + 1 < typed.length; i++) {
    if (typed[i] === typed[i + 1]) continue;
    const swapped = typed.slice(0, i) + typed[i + 1] + typed[i] + typed.slice(i + 2);
    const key = wordKey(swapped);
    const id = key === term.key ? undefined : dictionary.get(key);
    if (id !== undefined) consider(key, id, 1);
  }
  let best = Number.POSITIVE_INFINITY;
  for (const [, distance] of found.values()) best = Math.min(best, distance);
  const closest = [...found].filter(([, [, distance]]) => distance === best);
  // Lower IDF is more sections; ties in spelling order, so the answer never depends on the map.
  closest.sort(([a], [b]) => vocabulary.idf(a) - vocabulary.idf(b) || (a < b ? -1 : a > b ? 1 : 0));
  return new Map(closest.slice(0, MAX_TYPO_CANDIDATES));
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
