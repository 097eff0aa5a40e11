/**
 * The systems compared in the relevance benchmark, all over the same sections: this project's
 * SearchIndex, and the obvious alternatives someone would reach for instead.
 */
import lunr from "lunr";
import MiniSearch, { type Options } from "minisearch";
import type { Section, SplitEssay } from "../src/essay/types.js";
import { SearchIndex } from "../src/search/search-index.js";
import type { System } from "./evaluate.js";

/** One section as every engine under comparison indexes it (fields shared by both benchmarks). */
export interface Doc {
  id: number;
  heading: string;
  title: string;
  tags: string;
  text: string;
  [key: string]: string | number;
}

export function sectionDocs(sections: readonly Section[]): Doc[] {
  return sections.map((s, id) => ({
    id,
    heading: s.heading,
    title: s.essay.title,
    tags: s.essay.tags.join(" "),
    text: s.text,
  }));
}

/** MiniSearch as its docs suggest tuning it: field boosts, prefix and fuzzy search. */
export const MINISEARCH_TUNED = {
  boost: { heading: 3, title: 2, tags: 1.5 },
  prefix: true,
  fuzzy: 0.2,
};

/** Lunr with its stock English pipeline (stemmer, stop words) and the same field boosts. */
export function buildLunr(docs: readonly Doc[]): lunr.Index {
  return lunr(function () {
    this.ref("id");
    this.field("heading", { boost: 3 });
    this.field("title", { boost: 2 });
    this.field("tags", { boost: 1.5 });
    this.field("text");
    for (const d of docs) this.add(d);
  });
}

/** Terms go in through the query builder: the query-string syntax would read "1:1" as a field. */
export function searchLunr(index: lunr.Index, q: string): lunr.Index.Result[] {
  return index.query((query) => query.term(lunr.tokenizer(q), {}));
}

export function projectSystem(corpus: SplitEssay[]): System {
  const index = SearchIndex.build(corpus);
  return {
    name: "essay-bot SearchIndex",
    search: (q) => index.search(q).hits.map((h) => h.section),
  };
}

function miniSearchSystem(
  name: string,
  corpus: SplitEssay[],
  options: Partial<Options<Doc>>,
): System {
  const sections = corpus.flatMap((e) => e.sections);
  const ms = new MiniSearch<Doc>({ fields: ["heading", "title", "tags", "text"], ...options });
  ms.addAll(sectionDocs(sections));
  return {
    name,
    search: (q) => ms.search(q).flatMap((r) => sections[r.id as number] ?? []),
  };
}

/** What a first try looks like: MiniSearch with nothing but the fields. */
export function miniSearchDefaults(corpus: SplitEssay[]): System {
  return miniSearchSystem("MiniSearch (defaults)", corpus, {});
}

export function miniSearchTuned(corpus: SplitEssay[]): System {
  return miniSearchSystem("MiniSearch (tuned)", corpus, { searchOptions: MINISEARCH_TUNED });
}

/** Lunr with its stock English pipeline (stemmer, stop words) and the same boosts. */
export function lunrSystem(corpus: SplitEssay[]): System {
  const sections = corpus.flatMap((e) => e.sections);
  const index = buildLunr(sectionDocs(sections));
  return {
    name: "Lunr",
    search: (q) => searchLunr(index, q).flatMap((r) => sections[Number(r.ref)] ?? []),
  };
}

export function allSystems(corpus: SplitEssay[]): System[] {
  return [
    projectSystem(corpus),
    miniSearchDefaults(corpus),
    miniSearchTuned(corpus),
    lunrSystem(corpus),
  ];
}
