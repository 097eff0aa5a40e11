/**
 * What related words cost a query, A/B in one process: the same 100k-section index searched with
 * the related-words table and with an empty one, alternating query by query over the search
 * benchmark's query mix, so the machine's load falls on both alike (the search benchmark times
 * its rows one after the other).
 *
 *   npx tsx bench/related-words-perf.ts [--sizes=100000] [--rounds=60]
 */

import { RelatedWords, relatedWords } from "../src/search/related-words.js";
import { SearchIndex } from "../src/search/search-index.js";
import { numberFlag, numberListFlag } from "./args.js";
import { generateCorpus, referencePools } from "./corpus-gen.js";
import { machineHeader } from "./machine.js";
import { queryMix } from "./query-mix.js";
import { loadReference } from "./reference.js";
import { formatMs, nowMs, summarize } from "./stats.js";

const argv = process.argv.slice(2);
const sizes = numberListFlag(argv, "sizes") ?? [100_000];
const rounds = numberFlag(argv, "rounds") ?? 60;
const none = new RelatedWords({}, new Set());
const tables = { "with WordNet": relatedWords(), without: none };

console.log(machineHeader());
const pools = referencePools((await loadReference()).corpus);
const queries = await queryMix();
for (const size of sizes) {
  const index = SearchIndex.build(generateCorpus(pools, { sections: size, seed: 42 }));
  const samples = { "with WordNet": [] as number[], without: [] as number[] };
  const perQuery = new Map<string, { "with WordNet": number[]; without: number[] }>();
  for (let round = -2; round < rounds; round++) {
    for (const { query } of queries) {
      // Which goes first alternates, so neither always runs on a cache the other warmed.
      const order =
        (round & 1) === 0
          ? (["with WordNet", "without"] as const)
          : (["without", "with WordNet"] as const);
      for (const name of order) {
        index.related = tables[name];
        const start = nowMs();
        index.search(query, 0);
        const ms = nowMs() - start;
        if (round < 0) continue;
        samples[name].push(ms);
        const q = perQuery.get(query) ?? { "with WordNet": [], without: [] };
        q[name].push(ms);
        perQuery.set(query, q);
      }
    }
  }
  index.related = undefined;
  console.log(
    `\n${size.toLocaleString("en-US")} sections, ${rounds} rounds of ${queries.length} queries, alternating:\n`,
  );
  console.log("| table | p50 | p95 | p99 |\n| --- | --- | --- | --- |");
  for (const name of ["with WordNet", "without"] as const) {
    const s = summarize(samples[name]);
    console.log(`| ${name} | ${formatMs(s.p50)} | ${formatMs(s.p95)} | ${formatMs(s.p99)} |`);
  }
  const ratio = summarize(samples["with WordNet"]).p95 / summarize(samples.without).p95;
  console.log(
    `\np95 with ÷ without: ${ratio.toFixed(2)}×. Queries whose median moved by more than 0.5 ms:\n`,
  );
  for (const [query, q] of perQuery) {
    const a = summarize(q["with WordNet"]).p50;
    const b = summarize(q.without).p50;
    if (Math.abs(a - b) > 0.5) console.log(`- \`${query}\`: ${formatMs(b)} → ${formatMs(a)}`);
  }
}
