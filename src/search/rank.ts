/**
 * Ranking on top of MiniSearch's BM25+: a section that answers more of the query, and holds its
 * words together, beats one that repeats a single word. Only general signals live here; nothing
 * is tuned to a particular query.
 */
import type { SearchResult as RawResult } from "minisearch";
import type { Section } from "../essay/types.js";
import { tokenize, wordKey } from "./text.js";

/** The keys a section word is indexed under (more than one for a learned acronym). */
export type KeysOf = (word: string) => readonly string[];

export interface Ranked {
  section: Section;
  score: number;
  /** MiniSearch's result: which terms matched, in which fields. */
  raw: RawResult;
}

/**
 * How hard missing query terms are punished: score × (share of the query matched)^power, the
 * share weighted by each term's IDF, so missing "being" costs little and missing "bottleneck"
 * a lot. At 2, a section matching two of three equal terms keeps 44 %, one of three 11 %: a
 * single repeated word rarely beats a section that answers the whole question.
 */
const COVERAGE_POWER = 2;
/** Weight of proximity: query words side by side can raise a score by up to this share. */
const PROXIMITY_WEIGHT = 1;
/** Proximity needs tokenising each section, so only the leaders (the ones anyone sees) get it. */
const RERANK_DEPTH = 100;
/** Words further apart than this are about different things; they earn no proximity. */
const MAX_GAP = 8;

export function rank(
  results: RawResult[],
  /** Query term keys, in the order typed, with their weights (IDF). */
  weights: ReadonlyMap<string, number>,
  sections: readonly Section[],
  matchOf: (raw: RawResult) => ReadonlyMap<string, string>,
  keysOf: KeysOf,
): Ranked[] {
  let total = 0;
  for (const w of weights.values()) total += w;
  const ranked = results.flatMap((raw): Ranked[] => {
    const section = sections[raw.id as number];
    if (!section) return [];
    let matched = 0;
    for (const key of new Set(raw.queryTerms)) matched += weights.get(key) ?? 0;
    const coverage = total > 0 ? matched / total : 1;
    // MiniSearch multiplies by the number of matched terms; undo that and apply our own curve.
    const bm25 = raw.score / Math.max(1, raw.queryTerms.length);
    return [{ section, raw, score: bm25 * coverage ** COVERAGE_POWER }];
  });
  ranked.sort(byScore);
  if (weights.size < 2) return ranked;

  // Scores in the leading slice only grow, so nothing below it can overtake them: sorting the
  // slice alone keeps the whole order right.
  const order = [...weights.keys()];
  const head = ranked.slice(0, RERANK_DEPTH);
  for (const r of head) {
    const fields = [r.section.heading || r.section.essay.title, r.section.text];
    r.score *= 1 + PROXIMITY_WEIGHT * proximity(fields, keysOf, matchOf(r.raw), order);
  }
  head.sort(byScore);
  return [...head, ...ranked.slice(RERANK_DEPTH)];
}

function byScore(a: Ranked, b: Ranked): number {
  return b.score - a.score;
}

/**
 * 0..1: for each pair of neighbouring query terms, how close they sit in the best field (1 when
 * adjacent in the typed order, 1/gap when apart, a step less when reversed), averaged over pairs.
 * Stop words are skipped, so "size of the pull request" still counts as close.
 */
export function proximity(
  fields: string[],
  keysOf: KeysOf,
  queryKeyOf: ReadonlyMap<string, string>,
  order: string[],
): number {
  if (order.length < 2) return 0;
  const slot = new Map(order.map((key, i) => [key, i]));
  const best = new Array<number>(order.length - 1).fill(0);
  for (const field of fields) {
    const lastSeen = new Map<number, number>();
    let pos = 0;
    for (const { word } of tokenize(field)) {
      // An acronym stands for its words in order ("PR sizes" = "pull request sizes"): it sits
      // where its first word does, and the rest follow.
      for (const [k, key] of keysOf(word).entries()) {
        if (k !== 1) pos++;
        const queryKey = queryKeyOf.get(key);
        const i = queryKey === undefined ? undefined : slot.get(queryKey);
        if (i === undefined) continue;
        const before = lastSeen.get(i - 1);
        if (before !== undefined) best[i - 1] = Math.max(best[i - 1] ?? 0, closeness(pos - before));
        const after = lastSeen.get(i + 1);
        if (after !== undefined) best[i] = Math.max(best[i] ?? 0, closeness(pos - after + 1));
        lastSeen.set(i, pos);
      }
    }
  }
  return best.reduce((sum, x) => sum + x, 0) / best.length;
}

function closeness(gap: number): number {
  if (gap > MAX_GAP) return 0;
  return gap <= 1 ? 1 : 1 / gap;
}

/**
 * Whether one of the texts holds every word of the phrase side by side, compared by key, so the
 * phrase matches whatever inflection and case the essay used.
 */
export function containsPhrase(texts: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  for (const text of texts) {
    const keys = tokenize(text).map((t) => wordKey(t.word));
    for (let i = 0; i + phrase.length <= keys.length; i++) {
      if (phrase.every((key, j) => keys[i + j] === key)) return true;
    }
  }
  return false;
}
