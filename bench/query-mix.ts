/**
 * The fixed mix of queries the search benchmark times: the judged relevance queries (which
 * include a typo, multi-word queries and quoted phrases) plus kinds they lack: single common
 * words, which match a large share of any corpus; rare words; and more typos, which exercise
 * fuzzy matching.
 */
import { readFile } from "node:fs/promises";

export interface MixQuery {
  query: string;
  kind: string;
}

const EXTRA: readonly MixQuery[] = [
  { query: "team", kind: "common word" },
  { query: "leadership", kind: "common word" },
  { query: "work", kind: "common word" },
  { query: "sponsorship", kind: "rare word" },
  { query: "extraction", kind: "rare word" },
  { query: "cosplay", kind: "rare word" },
  { query: "leadrship", kind: "typo" },
  { query: "promtion", kind: "typo" },
  { query: "how do I run a good one on one with a new engineer", kind: "long" },
  { query: '"the job did not"', kind: "phrase" },
];

const JUDGED = ["queries.json", "queries-extra.json"];

export async function queryMix(): Promise<MixQuery[]> {
  const judged: MixQuery[] = [];
  for (const name of JUDGED) {
    const file = new URL(`./data/${name}`, import.meta.url);
    let parsed: { queries?: { query?: unknown }[] };
    try {
      parsed = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new Error(
        `search benchmark: cannot read the judged queries in ${file.pathname} (${String(error)}); the relevance benchmark's data must be in bench/data/.`,
      );
    }
    for (const q of parsed.queries ?? []) {
      if (typeof q.query === "string") judged.push({ query: q.query, kind: kindOf(q.query) });
    }
  }
  const seen = new Set(judged.map((q) => q.query));
  return [...judged, ...EXTRA.filter((q) => !seen.has(q.query))];
}

function kindOf(query: string): string {
  if (query.includes('"')) return "phrase";
  if (query === "runbok") return "typo";
  return /\s/.test(query.trim()) ? "multi-word" : "single word";
}
