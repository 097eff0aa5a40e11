/**
 * Relevance benchmark: `npm run bench:relevance`. Scores this project's search and the usual
 * alternatives on the shared judged queries, on our own two sets (extra: keyword-style queries
 * written after reading the essays; paraphrase: Slack-style queries judged before any ranking was
 * seen) and on all of them together, in one run, so a change to ranking shows at once whether it
 * helped in general or only on the queries it was made for.
 * Pass `--verbose` to see each query's top five for every system.
 */
import {
  type Evaluation,
  EXTRA_QUERIES,
  evaluate,
  type JudgedQuery,
  loadQueries,
  loadReferenceCorpus,
  PARAPHRASE_QUERIES,
  SHARED_QUERIES,
} from "./evaluate.js";
import type { Scores } from "./metrics.js";
import { allSystems } from "./systems.js";

interface QuerySet {
  name: string;
  queries: JudgedQuery[];
  /** A union of the other sets: scored, but its queries are not listed again under --verbose. */
  union?: boolean;
}

const corpus = await loadReferenceCorpus();
const judged: QuerySet[] = [
  { name: "shared", queries: await loadQueries(SHARED_QUERIES) },
  { name: "extra", queries: await loadQueries(EXTRA_QUERIES) },
  { name: "paraphrase", queries: await loadQueries(PARAPHRASE_QUERIES) },
];
const sets: QuerySet[] = [
  ...judged,
  { name: "all", queries: judged.flatMap((s) => s.queries), union: true },
];
const systems = allSystems(corpus);
const results = systems.map((system) => ({
  name: system.name,
  bySet: sets.map((set) => evaluate(system, set.queries)),
}));
const baseline = results.find((r) => r.name === "MiniSearch (tuned)");

const sectionCount = corpus.reduce((n, e) => n + e.sections.length, 0);
console.log(`Reference feed: ${corpus.length} essays, ${sectionCount} sections.`);
console.log(
  `Queries: ${sets.map((s) => `${s.queries.length} ${s.name}`).join(", ")}. Ratios are against MiniSearch (tuned).\n`,
);

const metrics: Array<[keyof Scores, string]> = [
  ["ndcg5", "nDCG@5"],
  ["success3", "S@3"],
  ["mrr", "MRR"],
];
const header = ["system", ...sets.flatMap((s) => metrics.map(([, label]) => `${s.name} ${label}`))];
const rows = results.map((r) => [
  r.name,
  ...r.bySet.flatMap((evaluation, i) =>
    metrics.map(([key]) => cell(evaluation, key === "ndcg5" ? baseline?.bySet[i] : undefined, key)),
  ),
]);
printTable([header, ...rows]);

if (process.argv.includes("--verbose")) {
  for (const [i, set] of sets.entries()) {
    if (set.union) continue;
    for (const [q, { query }] of set.queries.entries()) {
      console.log(`\n[${set.name}] ${query}`);
      for (const r of results) {
        const pq = r.bySet[i]?.perQuery[q];
        if (!pq) continue;
        console.log(`  ${r.name}: nDCG@5 ${pq.scores.ndcg5.toFixed(3)}`);
        for (const key of pq.top) console.log(`      ${key}`);
      }
    }
  }
}

/** The value, and its ratio to the baseline's when one is given (only nDCG@5, to keep rows short). */
function cell(evaluation: Evaluation, base: Evaluation | undefined, key: keyof Scores): string {
  const value = evaluation.mean[key];
  const ref = base?.mean[key];
  const ratio = ref ? ` (×${(value / ref).toFixed(2)})` : "";
  return `${value.toFixed(3)}${ratio}`;
}

function printTable(table: string[][]): void {
  const widths = table[0]?.map((_, c) => Math.max(...table.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    `| ${row.map((text, c) => text.padEnd(widths?.[c] ?? 0)).join(" | ")} |`;
  const [head, ...body] = table;
  if (!head) return;
  console.log(line(head));
  console.log(`|${(widths ?? []).map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of body) console.log(line(row));
}
