import type { Section, SplitEssay } from "../essay/types.js";
import type { Hit, SearchPage, SearchResult } from "./types.js";

/**
 * What answers queries: a SearchIndex, or a LayeredIndex (a full index with the essays changed
 * since it was built laid over it). The Slack listeners and the library's callers see only this.
 */
export interface ServingIndex {
  readonly essayCount: number;
  readonly sectionCount: number;
  search(query: string, limit?: number): SearchResult;
  page(query: string, offset: number, size: number): SearchPage;
  hitFor(query: string, sectionId: string): Hit | undefined;
  latest(n: number): SplitEssay[];
  findByUrl(url: string): { essay: SplitEssay; section?: Section } | undefined;
  /** How much a word's key says about a section (its IDF), or undefined when no section has it. */
  termWeight(key: string): number | undefined;
}
