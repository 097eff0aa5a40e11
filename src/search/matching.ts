/**
 * How loosely a query term may match: the MiniSearch options for one parsed query, and the same
 * rule run backwards (which query term did this section word answer?) for ranking and bold.
 */
import type { SearchOptions } from "minisearch";
import type { ParsedQuery } from "./query.js";
import { editDistance } from "./suggest.js";

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
 * and each fuzzy walk of the index is the dearest part of a query.
 */
const MIN_FUZZY_LENGTH = 4;
/** Two edits catch transposed or doubled letters; more would match unrelated words. */
const MAX_FUZZY = 2;
/** A one- or two-letter prefix would expand to a large part of the vocabulary. */
const MIN_PREFIX_LENGTH = 3;

export function fuzzyDistance(key: string): number {
  if (key.length < MIN_FUZZY_LENGTH) return 0;
  return Math.min(MAX_FUZZY, Math.round(key.length * FUZZY));
}

/** How one query term may match. */
export interface TermPlan {
  key: string;
  prefix: boolean;
  /** Edits allowed (0 = exact only). */
  fuzzy: number;
}

/**
 * Decides per term how loose to be. Only the word still being typed is a prefix. Only words the
 * corpus does not contain get typo tolerance: "size" is a real word here, so it must not also
 * match "side"; "runbok" is not, so it gets the benefit of the doubt. This also keeps queries
 * cheap, since the fuzzy walk of the index is the dearest part of a search.
 */
export function planTerms(query: ParsedQuery, known: (key: string) => boolean): TermPlan[] {
  const last = query.terms.length - 1;
  return query.terms.map(({ key }, i) => ({
    key,
    prefix: query.lastTermOpen && i === last && key.length >= MIN_PREFIX_LENGTH,
    fuzzy: known(key) ? 0 : fuzzyDistance(key),
  }));
}

/** MiniSearch options for a plan, whose terms are passed already processed, space-separated. */
export function searchOptions(plan: TermPlan[], filter?: (id: number) => boolean): SearchOptions {
  return {
    tokenize: (text) => text.split(" "),
    processTerm: (term) => term,
    boost: FIELD_BOOSTS,
    bm25: BM25,
    combineWith: "OR",
    prefix: (_term, i) => plan[i]?.prefix ?? false,
    fuzzy: (_term, i) => plan[i]?.fuzzy || false,
    maxFuzzy: MAX_FUZZY,
    ...(filter ? { filter: (result) => filter(result.id as number) } : {}),
  };
}

/**
 * Maps the document terms a section matched (MiniSearch's `terms`) back to the query terms they
 * answer, by the same exact / prefix / fuzzy rules the search used.
 */
export function termMatcher(plan: TermPlan[]): (docTerm: string) => string | undefined {
  return (docTerm) => {
    for (const term of plan) if (term.key === docTerm) return term.key;
    for (const term of plan) {
      if (term.prefix && docTerm.startsWith(term.key)) return term.key;
      if (term.fuzzy > 0 && editDistance(term.key, docTerm, term.fuzzy) <= term.fuzzy) {
        return term.key;
      }
    }
    return undefined;
  };
}
