/**
 * Ingest: the time from a fetched feed body to a searchable index (parseFeed + buildCorpus +
 * SearchIndex.build) for a generated 1,000-item feed, against the floor of parsing the same feed
 * with rss-parser's parseString alone, which any feed-reading bot pays. Runs alternate between
 * the two; each reports the median.
 *
 *   npx tsx bench/ingest-perf.ts [--items=1000] [--runs=5]
 */
import { pathToFileURL } from "node:url";
import { load } from "cheerio";
import { load as loadSlim } from "cheerio/slim";
import Parser from "rss-parser";
import { stemmer } from "stemmer";
import type { Essay, SplitEssay } from "../src/essay/types.js";
import { parseFeed } from "../src/feed/parse.js";
import { buildCorpus } from "../src/library/corpus.js";
import { SearchIndex } from "../src/search/search-index.js";
import { numberFlag } from "./args.js";
import { feedPools, generateFeed } from "./feed-gen.js";
import { gc, machineHeader } from "./machine.js";
import { miniSearchSystem } from "./perf-systems.js";
import { loadReference } from "./reference.js";
import { formatBytes, formatMs, formatRatio, markdownTable, median, nowMs } from "./stats.js";

export interface IngestPerfOptions {
  items: number;
  runs: number;
  seed: number;
  log: (line: string) => void;
}

export const INGEST_DEFAULTS: IngestPerfOptions = {
  items: 1_000,
  runs: 5,
  seed: 7,
  log: (line) => process.stderr.write(`${line}\n`),
};

const FEED_URL = "https://bench.example/author/feed";

interface Stages {
  parse: number;
  corpus: number;
  index: number;
  total: number;
}

/**
 * Reference points, timed in the same runs: what the same steps cost done the stock way with the
 * chosen packages. Raw MiniSearch indexes the very sections buildCorpus made; cheerio's default
 * `load` (parse5) parses the same item bodies that split.ts parses with htmlparser2.
 */
interface References {
  miniSearchBuild: number;
  cheerioDefaultLoad: number;
  /** The least any keyword index over these bodies does: text out of the HTML, words counted. */
  bareMinimum: number;
}

export interface IngestResult {
  items: number;
  bytes: number;
  sections: number;
  floor: number[];
  ours: Stages[];
  references: References[];
}

export async function runIngestPerf(
  options: Partial<IngestPerfOptions> = {},
): Promise<{ result: IngestResult; report: string }> {
  const opts = { ...INGEST_DEFAULTS, ...options };
  const reference = await loadReference();
  const xml = generateFeed(feedPools(reference.essays), { items: opts.items, seed: opts.seed });
  const floor: number[] = [];
  const ours: Stages[] = [];
  const references: References[] = [];
  let sections = 0;
  // One unmeasured run of each warms up the JIT and the modules' lazy state.
  await rssParserOnly(xml);
  await ingest(xml);
  for (let run = 0; run < opts.runs; run++) {
    gc();
    floor.push(await rssParserOnly(xml));
    gc();
    const stages = await ingest(xml);
    ours.push(stages.times);
    sections = stages.sections;
    references.push(timeReferences(stages.essays, stages.corpus));
    opts.log(
      `ingest: run ${run + 1}: rss-parser ${formatMs(floor[run] ?? Number.NaN)}, essay-bot ${formatMs(stages.times.total)}`,
    );
  }
  const result: IngestResult = {
    items: opts.items,
    bytes: Buffer.byteLength(xml),
    sections,
    floor,
    ours,
    references,
  };
  return { result, report: ingestReport(result, opts) };
}

async function rssParserOnly(xml: string): Promise<number> {
  const start = nowMs();
  const feed = await new Parser().parseString(xml);
  const ms = nowMs() - start;
  if (feed.items.length === 0) throw new Error("ingest benchmark: rss-parser found no items");
  return ms;
}

function timeReferences(essays: readonly Essay[], corpus: SplitEssay[]): References {
  gc();
  const t0 = nowMs();
  miniSearchSystem.build(corpus);
  const t1 = nowMs();
  gc();
  const t2 = nowMs();
  let nodes = 0;
  for (const essay of essays) nodes += load(essay.html).root().children().length;
  const t3 = nowMs();
  if (nodes === 0) throw new Error("ingest benchmark: cheerio parsed nothing");
  gc();
  const t4 = nowMs();
  const terms = countStemmedWords(essays.map((e) => loadSlim(e.html, null, false).text()));
  const t5 = nowMs();
  if (terms === 0) throw new Error("ingest benchmark: no words counted");
  return { miniSearchBuild: t1 - t0, cheerioDefaultLoad: t3 - t2, bareMinimum: t5 - t4 };
}

/**
 * A lower bound, not a design: ASCII words only (real text needs Unicode), no sections, positions,
 * fields or postings, just each stemmed word's count. The scan is a charCode loop (faster here
 * than a global regex) and stems are cached per distinct word. Returns the number of terms.
 */
function countStemmedWords(texts: readonly string[]): number {
  const counts = new Map<string, number>();
  const stems = new Map<string, string>();
  for (const text of texts) {
    const lower = text.toLowerCase();
    let start = -1;
    for (let i = 0; i <= lower.length; i++) {
      const c = i < lower.length ? lower.charCodeAt(i) : 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
        if (start < 0) start = i;
        continue;
      }
      if (start < 0) continue;
      const word = lower.slice(start, i);
      start = -1;
      let stem = stems.get(word);
      if (stem === undefined) {
        stem = stemmer(word);
        stems.set(word, stem);
      }
      counts.set(stem, (counts.get(stem) ?? 0) + 1);
    }
  }
  return counts.size;
}

async function ingest(xml: string): Promise<{
  times: Stages;
  sections: number;
  essays: Essay[];
  corpus: SplitEssay[];
}> {
  const t0 = nowMs();
  const feed = await parseFeed(xml, FEED_URL);
  const t1 = nowMs();
  const corpus = buildCorpus(feed.essays);
  const t2 = nowMs();
  const index = SearchIndex.build(corpus);
  const t3 = nowMs();
  return {
    times: { parse: t1 - t0, corpus: t2 - t1, index: t3 - t2, total: t3 - t0 },
    sections: index.sectionCount,
    essays: feed.essays,
    corpus,
  };
}

export function ingestReport(r: IngestResult, opts: IngestPerfOptions): string {
  const floor = median(r.floor);
  const stage = (key: keyof Stages) => median(r.ours.map((s) => s[key]));
  const rows = [
    ["rss-parser parseString (floor)", formatMs(floor), "1.00×"],
    ["essay-bot: parseFeed", formatMs(stage("parse")), formatRatio(stage("parse"), floor)],
    [
      "essay-bot: buildCorpus (split, boilerplate)",
      formatMs(stage("corpus")),
      formatRatio(stage("corpus"), floor),
    ],
    ["essay-bot: SearchIndex.build", formatMs(stage("index")), formatRatio(stage("index"), floor)],
    [
      "essay-bot: total (parse + sections + index)",
      formatMs(stage("total")),
      formatRatio(stage("total"), floor),
    ],
  ];
  const reference = (key: keyof References) => median(r.references.map((x) => x[key]));
  const referenceRows = [
    [
      "reference: raw MiniSearch addAll of the same sections",
      formatMs(reference("miniSearchBuild")),
      formatRatio(reference("miniSearchBuild"), floor),
    ],
    [
      "reference: cheerio's default load (parse5) of the item bodies",
      formatMs(reference("cheerioDefaultLoad")),
      formatRatio(reference("cheerioDefaultLoad"), floor),
    ],
    [
      "reference: bare minimum, bodies to text (cheerio/slim) and stemmed words counted",
      formatMs(reference("bareMinimum")),
      formatRatio(reference("bareMinimum"), floor),
    ],
  ];
  return [
    `A generated RSS feed of ${r.items} items (${formatBytes(r.bytes)}, ${r.sections} sections after splitting), from the string in memory; median of ${opts.runs} runs each, alternating, after one warm-up run. Ratios are ÷ the floor. Stage medians are taken separately, so they need not add up to the total's median.`,
    markdownTable(["step", "median", "× floor"], rows),
    `The same steps done the stock way with the chosen packages, timed in the same runs (not part of essay-bot's ingest): raw MiniSearch (${miniSearchSystem.config}) indexing the same ${r.sections} sections, and cheerio's default \`load\` (parse5) of the ${r.items} item bodies, which split.ts parses with htmlparser2 (\`cheerio/slim\`) instead. The bare minimum is a lower bound for any keyword index over these bodies, not a design: the bodies' text through \`cheerio/slim\`, then each ASCII word lower-cased, stemmed (cached per word) and counted, with no sections, positions, fields or postings. Added to the floor's own parse it comes to ${formatRatio(floor + reference("bareMinimum"), floor)} the floor, before any of the work a search needs.`,
    markdownTable(["reference", "median", "× floor"], referenceRows),
  ].join("\n\n");
}

export function ingestOptionsFromArgv(argv: readonly string[]): Partial<IngestPerfOptions> {
  const options: Partial<IngestPerfOptions> = {};
  const items = numberFlag(argv, "items");
  if (items) options.items = items;
  const runs = numberFlag(argv, "runs");
  if (runs) options.runs = runs;
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(machineHeader());
  const { report } = await runIngestPerf(ingestOptionsFromArgv(process.argv.slice(2)));
  console.log(`\n### Ingest\n\n${report}`);
}
