/**
 * Search performance: index build time, heap held by the built index, and query latency
 * (p50/p95/p99 over a fixed query mix, after warm-up) for this project's SearchIndex and the
 * alternatives, side by side in one process over the same generated corpora.
 *
 *   npx tsx bench/search-perf.ts [--sizes=1000,10000,100000] [--budget=1] [--lunr-max=10000]
 *     [--variants-max=10000] [--systems=searchindex,minisearch,flexsearch,lunr]
 *
 * Profile where a system's query time goes with
 *   node --cpu-prof --import tsx bench/search-perf.ts --sizes=100000 --systems=searchindex
 */
import { pathToFileURL } from "node:url";
import type { SplitEssay } from "../src/essay/types.js";
import { flag, numberFlag, numberListFlag } from "./args.js";
import { generateCorpus, referencePools } from "./corpus-gen.js";
import { gc, heapUsedAfterGc, machineHeader } from "./machine.js";
import {
  flexSearchSystem,
  lunrSystem,
  miniSearchSystem,
  type PerfSystem,
  type Searcher,
  searchIndexSystem,
} from "./perf-systems.js";
import { type MixQuery, queryMix } from "./query-mix.js";
import { loadReference } from "./reference.js";
import { type SizeRun, type SystemRun, searchReport } from "./search-report.js";
import { formatBytes, formatMs, nowMs, summarize } from "./stats.js";
import { vocabularyOf } from "./word-swap.js";

export interface SearchPerfOptions {
  sizes: number[];
  seed: number;
  /** Scales the time spent on measured query rounds (1 = ~2 s at 1k up to ~12 s at 100k). */
  budget: number;
  /** Lunr is not built above this many sections (its build is the slow part); 0 = no cap. */
  lunrMax: number;
  /** Variant rows (same index, other use) are timed up to this size, to keep the run short. */
  variantsMax: number;
  /** Only the systems whose names start with one of these (case-insensitive); empty = all. */
  systems: string[];
  log: (line: string) => void;
}

export const SEARCH_DEFAULTS: SearchPerfOptions = {
  sizes: [1_000, 10_000, 100_000],
  seed: 42,
  budget: 1,
  // Lunr needed 101 s and 2.7 GB to build 100k sections in a one-off run (BENCHMARKS.md); past
  // 10k it alone would take the run over its ten-minute budget.
  lunrMax: 10_000,
  variantsMax: 10_000,
  systems: [],
  log: (line) => process.stderr.write(`${line}\n`),
};

const SYSTEMS: readonly PerfSystem[] = [
  searchIndexSystem,
  miniSearchSystem,
  flexSearchSystem,
  lunrSystem,
];
const BASELINE = miniSearchSystem.name;
/** A round at 100k sections takes seconds (one MiniSearch query alone up to 12 s): one will do. */
const warmUpRounds = (size: number) => (size > 10_000 ? 1 : 2);
const MIN_ROUNDS = 3;
const MAX_ROUNDS = 200;

export async function runSearchPerf(
  options: Partial<SearchPerfOptions> = {},
): Promise<{ sizes: SizeRun[]; queries: MixQuery[]; report: string }> {
  const opts = { ...SEARCH_DEFAULTS, ...options };
  const reference = await loadReference();
  const pools = referencePools(reference.corpus);
  const queries = await queryMix();
  const sizes: SizeRun[] = [];
  for (const size of opts.sizes) {
    const start = nowMs();
    let corpus: SplitEssay[] | undefined = generateCorpus(pools, {
      sections: size,
      seed: opts.seed,
    });
    const generateMs = nowMs() - start;
    const sections = corpus.flatMap((e) => e.sections);
    const vocabulary = vocabularyOf(sections.map((s) => `${s.heading} ${s.text}`)).words.length;
    opts.log(
      `search: ${size} sections in ${corpus.length} essays, ${vocabulary} distinct words (generated in ${formatMs(generateMs)})`,
    );
    const runs: SystemRun[] = [];
    for (const system of SYSTEMS.filter((s) => selected(s, opts.systems))) {
      if (system === lunrSystem && opts.lunrMax > 0 && size > opts.lunrMax) {
        runs.push({
          ...skippedRun(system.name, system.config, size),
          note: `not built above ${opts.lunrMax.toLocaleString("en-US")} sections: its 100k build takes minutes and GBs (BENCHMARKS.md); --lunr-max=100000 includes it`,
        });
        continue;
      }
      runs.push(...measureSystem(system, corpus, size, queries, opts));
    }
    sizes.push({ size, essays: corpus.length, vocabulary, generateMs, runs });
    corpus = undefined;
    gc();
  }
  const method = `${warmUpRounds(0)} warm-up rounds (1 above 10k sections), then rounds until the time budget, at least ${MIN_ROUNDS}.`;
  return { sizes, queries, report: searchReport(sizes, queries, { baseline: BASELINE, method }) };
}

function measureSystem(
  system: PerfSystem,
  corpus: SplitEssay[],
  size: number,
  queries: readonly MixQuery[],
  opts: SearchPerfOptions,
): SystemRun[] {
  const baseline = heapUsedAfterGc();
  const start = nowMs();
  let searcher: Searcher | undefined = system.build(corpus);
  const buildMs = nowMs() - start;
  const heapBytes = heapUsedAfterGc() - baseline;
  opts.log(`  ${system.name}: built in ${formatMs(buildMs)}, heap ${formatBytes(heapBytes)}`);
  const main = timeQueries(system.name, system.config, searcher.search, size, queries, opts);
  const runs: SystemRun[] = [{ ...main, buildMs, heapBytes }];
  for (const variant of searcher.variants ?? []) {
    runs.push(
      size > opts.variantsMax
        ? {
            ...skippedRun(variant.name, variant.config, size),
            note: `timed up to ${opts.variantsMax.toLocaleString("en-US")} sections only; --variants-max=${size} includes it`,
          }
        : timeQueries(variant.name, variant.config, variant.search, size, queries, opts),
    );
  }
  searcher = undefined;
  gc();
  return runs;
}

function timeQueries(
  name: string,
  config: string,
  search: (q: string) => number,
  size: number,
  queries: readonly MixQuery[],
  opts: SearchPerfOptions,
): SystemRun {
  for (let round = 0; round < warmUpRounds(size); round++) for (const q of queries) search(q.query);
  // More rounds on small corpora, where a round takes microseconds; at least MIN_ROUNDS anywhere.
  const budgetMs = opts.budget * (2_000 + 10_000 * Math.min(1, size / 100_000));
  const perQuery: number[][] = queries.map(() => []);
  const hitsPerQuery: number[] = [];
  let hits = 0;
  let rounds = 0;
  const started = nowMs();
  while (rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && nowMs() - started < budgetMs)) {
    queries.forEach((q, i) => {
      const t = nowMs();
      const found = search(q.query);
      perQuery[i]?.push(nowMs() - t);
      hits += found;
      if (rounds === 0) hitsPerQuery.push(found);
    });
    rounds++;
  }
  const summary = summarize(perQuery.flat());
  opts.log(
    `  ${name}: ${rounds} rounds, p50 ${formatMs(summary.p50)}, p95 ${formatMs(summary.p95)}, p99 ${formatMs(summary.p99)}`,
  );
  return {
    name,
    config,
    size,
    summary,
    rounds,
    meanHits: hits / (rounds * queries.length),
    perQuery,
    hitsPerQuery,
  };
}

function selected(system: PerfSystem, names: readonly string[]): boolean {
  const name = system.name.toLowerCase();
  return names.length === 0 || names.some((n) => name.startsWith(n.toLowerCase()));
}

function skippedRun(name: string, config: string, size: number): SystemRun {
  return { name, config, size, rounds: 0, meanHits: 0, perQuery: [], hitsPerQuery: [] };
}

export function searchOptionsFromArgv(argv: readonly string[]): Partial<SearchPerfOptions> {
  const options: Partial<SearchPerfOptions> = {};
  const sizes = numberListFlag(argv, "sizes");
  if (sizes) options.sizes = sizes;
  const budget = numberFlag(argv, "budget");
  if (budget) options.budget = budget;
  const lunrMax = numberFlag(argv, "lunr-max");
  if (lunrMax) options.lunrMax = lunrMax;
  const variantsMax = numberFlag(argv, "variants-max");
  if (variantsMax) options.variantsMax = variantsMax;
  const systems = flag(argv, "systems");
  if (systems) options.systems = systems.split(",").map((n) => n.trim());
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(machineHeader());
  const { report } = await runSearchPerf(searchOptionsFromArgv(process.argv.slice(2)));
  console.log(`\n### Search\n\n${report}`);
}
