import type { Section } from "../essay/types.js";

/** One search result: a section, its score, and an excerpt ready for Slack. */
export interface Hit {
  section: Section;
  /** Relevance score (higher is better); only comparable within one query. */
  score: number;
  /**
   * The best ~250–300 character passage of the section, as mrkdwn: feed text escaped,
   * matched words wrapped in *bold*, "…" where cut.
   */
  excerpt: string;
  /** The same passage as plain text (no bold, no escaping), for terminals and JSON. */
  excerptText: string;
  /** Query terms (as typed, lower-cased) that this section matched. */
  matchedTerms: string[];
}

export interface SearchResult {
  query: string;
  /** How many sections match in all. */
  total: number;
  /** Hits, best first: all of them, or the first `limit` asked for. */
  hits: Hit[];
  /** "Did you mean" alternatives from the index's vocabulary; only filled when `hits` is empty. */
  suggestions: string[];
  /**
   * The query as the search read it, when it forgave a typo ("promoton" → "promotion"): what a
   * reply names instead of the typed query. Unset when every word was found as typed.
   */
  corrected?: string;
  /** Words (as typed, lower-cased) no section has, when other words found the hits. */
  unmatched?: string[];
  /**
   * The query (as corrected, if it was) with the related words it was also read with, where one
   * stands in the best hits ("hard conversations" for "difficult conversations"). Unset when
   * none does.
   */
  related?: string;
}

/** One page of a query's results, as a reply shows it: plain hits with their excerpts. */
export interface SearchPage {
  query: string;
  /** How many sections match in all. */
  total: number;
  /** Where the page starts (clamped to the last page). */
  offset: number;
  hits: Hit[];
  /** "Did you mean" alternatives; only filled when nothing matched. */
  suggestions: string[];
  /**
   * The query as the search read it, when it forgave a typo ("promoton" → "promotion"): what a
   * reply names instead of the typed query. Unset when every word was found as typed.
   */
  corrected?: string;
  /** Words (as typed, lower-cased) no section has, when other words found the hits. */
  unmatched?: string[];
  /**
   * The query (as corrected, if it was) with the related words it was also read with, where one
   * stands in the best hits ("hard conversations" for "difficult conversations"). Unset when
   * none does.
   */
  related?: string;
}
