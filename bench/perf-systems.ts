/**
 * The search engines the performance benchmark times, each built over the same sections and
 * configured the way someone would reasonably use it for this job. Every `search` returns the
 * number of hits it produced, so the work cannot be optimised away and the table can show it.
 *
 * They do not all do the same work, and the report says so: SearchIndex also ranks by its own
 * rules and prepares (lazy) excerpts; MiniSearch matches by prefix and edit distance; Lunr
 * matches stemmed terms exactly; FlexSearch returns a top-k (limit 100) rather than all hits.
 */
import { Charset, Document } from "flexsearch";
import MiniSearch from "minisearch";
import type { SplitEssay } from "../src/essay/types.js";
import { RelatedWords } from "../src/search/related-words.js";
import { SearchIndex } from "../src/search/search-index.js";
import { buildLunr, type Doc, MINISEARCH_TUNED, searchLunr, sectionDocs } from "./systems.js";

export interface Searcher {
  search(query: string): number;
  /** Other ways of querying the same built index, timed as rows of their own. */
  variants?: { name: string; config: string; search(query: string): number }[];
}

export interface PerfSystem {
  name: string;
  /** One line on how it is configured, for the report. */
  config: string;
  build(corpus: SplitEssay[]): Searcher;
}

function docs(corpus: readonly SplitEssay[]): Doc[] {
  return sectionDocs(corpus.flatMap((e) => e.sections));
}

/** Excerpt lengths are summed here so reading them has an observable effect. */
export let excerptChars = 0;

/** How many excerpts the first page of `/essay` results shows (render/search-results.ts). */
export const FIRST_PAGE = 3;

const NO_RELATED = new RelatedWords({}, new Set());

export const searchIndexSystem: PerfSystem = {
  name: "SearchIndex",
  config:
    "this project: SearchIndex.build + search(q, 0) (every match ranked and counted, no hit made)",
  build(corpus) {
    const index = SearchIndex.build(corpus);
    return {
      search: (q) => index.search(q, 0).total,
      variants: [
        {
          // The same index without WordNet: what related words (and the English-word check that
          // spares real words a typo search) cost or save a query.
          name: "SearchIndex without WordNet",
          config:
            "search(q, 0) with an empty related-words table: no related words, every word the corpus lacks read as a possible typo",
          search(q) {
            index.related = NO_RELATED;
            try {
              return index.search(q, 0).total;
            } finally {
              index.related = undefined;
            }
          },
        },
        {
          // What a user waits for: the search plus the excerpts /essay shows on its first page.
          name: "SearchIndex + page",
          config: `page(q, 0, ${FIRST_PAGE}): the first ${FIRST_PAGE} hits with their excerpts, as /essay renders them`,
          search(q) {
            const page = index.page(q, 0, FIRST_PAGE);
            for (const hit of page.hits) excerptChars += hit.excerpt.length;
            return page.total;
          },
        },
      ],
    };
  },
};

export const miniSearchSystem: PerfSystem = {
  name: "MiniSearch (raw)",
  config:
    "minisearch 7, fields heading/title/tags/text, boost heading 3 title 2 tags 1.5, prefix, fuzzy 0.2",
  build(corpus) {
    const ms = new MiniSearch<Doc>({
      fields: ["heading", "title", "tags", "text"],
      searchOptions: MINISEARCH_TUNED,
    });
    ms.addAll(docs(corpus));
    return { search: (q) => ms.search(q).length };
  },
};

export const lunrSystem: PerfSystem = {
  name: "Lunr",
  config: "lunr 2, stock English pipeline (stemmer, stop words), same boosts, exact terms",
  build(corpus) {
    const index = buildLunr(docs(corpus));
    return { search: (q) => searchLunr(index, q).length };
  },
};

export const FLEXSEARCH_LIMIT = 100;

export const flexSearchSystem: PerfSystem = {
  name: "FlexSearch",
  config: `flexsearch 0.8 Document, same 4 fields, tokenize "forward" (prefix), LatinBalance encoder, suggest, merge, limit ${FLEXSEARCH_LIMIT}`,
  build(corpus) {
    const index = new Document<Doc>({
      document: { id: "id", index: ["heading", "title", "tags", "text"] },
      tokenize: "forward",
      encoder: Charset.LatinBalance,
    });
    for (const d of docs(corpus)) index.add(d);
    return {
      search: (q) =>
        index.search(q, { suggest: true, merge: true, limit: FLEXSEARCH_LIMIT }).length,
    };
  },
};
