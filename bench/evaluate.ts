/**
 * Runs a search system over a judged query set. Shared by `npm run bench:relevance` and the test
 * that holds this project's search to its relevance targets, so both measure the same thing.
 */
import { readFile } from "node:fs/promises";
import type { Section, SplitEssay } from "../src/essay/types.js";
import { parseFeed } from "../src/feed/parse.js";
import { buildCorpus } from "../src/library/corpus.js";
import { type Judgments, meanScores, type Scores, scoreQuery } from "./metrics.js";

export interface JudgedQuery {
  query: string;
  relevant: Array<{ grade: number; url: string; heading: string }>;
}

/** A search system under test: a query in, sections out, best first. */
export interface System {
  name: string;
  search(query: string): Section[];
}

export interface Evaluation {
  mean: Scores;
  perQuery: Array<{ query: string; scores: Scores; top: string[] }>;
}

/** The feed every judged query was written against, and the URL it is published at. */
export const REFERENCE_FEED = new URL("../test/fixtures/forem-jonoherrington.xml", import.meta.url);
const REFERENCE_FEED_URL = "https://forem.com/feed/jonoherrington";

export const SHARED_QUERIES = new URL("./data/queries.json", import.meta.url);
export const EXTRA_QUERIES = new URL("./data/queries-extra.json", import.meta.url);
/** Written the way people type in Slack and judged before any ranking was seen (see its notes). */
export const PARAPHRASE_QUERIES = new URL("./data/queries-paraphrase.json", import.meta.url);

/** The reference corpus exactly as the bot builds it: parsed, split, boilerplate removed. */
export async function loadReferenceCorpus(): Promise<SplitEssay[]> {
  const feed = await parseFeed(await readFile(REFERENCE_FEED), REFERENCE_FEED_URL);
  return buildCorpus(feed.essays);
}

export async function loadQueries(file: URL): Promise<JudgedQuery[]> {
  const data = JSON.parse(await readFile(file, "utf8")) as { queries?: JudgedQuery[] };
  if (!Array.isArray(data.queries)) {
    throw new Error(`${file.pathname}: expected {"queries": [...]}; see bench/data/queries.json.`);
  }
  return data.queries;
}

/** Judgments name a section by its essay's link and subheading; results are keyed the same way. */
export function sectionKey(url: string, heading: string): string {
  return `${url.replace(/\/+$/, "")}|${heading}`;
}

export function keyOf(section: Section): string {
  return sectionKey(section.essay.url, section.heading);
}

export function evaluate(system: System, queries: readonly JudgedQuery[]): Evaluation {
  const perQuery = queries.map(({ query, relevant }) => {
    const judged: Judgments = new Map(relevant.map((r) => [sectionKey(r.url, r.heading), r.grade]));
    const ranked = system.search(query).map(keyOf);
    return { query, scores: scoreQuery(ranked, judged), top: ranked.slice(0, 5) };
  });
  return { mean: meanScores(perQuery.map((q) => q.scores)), perQuery };
}
