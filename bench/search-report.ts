/**
 * The search benchmark's Markdown: a table per corpus size (build, heap, latency percentiles and
 * ratios against the baseline) and a per-query table for the largest size.
 */
import type { MixQuery } from "./query-mix.js";
import {
  formatBytes,
  formatMs,
  formatRatio,
  markdownTable,
  type Summary,
  summarize,
} from "./stats.js";

export interface SystemRun {
  name: string;
  config: string;
  size: number;
  /** Undefined for a variant that shares another row's index. */
  buildMs?: number;
  heapBytes?: number;
  summary?: Summary;
  rounds: number;
  meanHits: number;
  /** Latencies per query, in mix order. */
  perQuery: number[][];
  /** Hits per query (from the first measured round), in mix order. */
  hitsPerQuery: number[];
  note?: string;
}

export interface SizeRun {
  size: number;
  essays: number;
  vocabulary: number;
  generateMs: number;
  runs: SystemRun[];
}

export interface ReportContext {
  /** Name of the row the ratios divide by. */
  baseline: string;
  /** How rounds were run, one sentence. */
  method: string;
}

export function searchReport(
  sizes: readonly SizeRun[],
  queries: readonly MixQuery[],
  context: ReportContext,
): string {
  const parts: string[] = [
    `Query mix: ${queries.length} queries per round (${describeKinds(queries)}). ${context.method} Latency is per query call. Ratios are this row ÷ ${context.baseline}; below 1.00× is faster / smaller.`,
    systemsList(sizes),
  ];
  for (const s of sizes) {
    const base = s.runs.find((r) => r.name === context.baseline);
    parts.push(
      `#### ${s.size.toLocaleString("en-US")} sections (${s.essays.toLocaleString("en-US")} essays, ${s.vocabulary.toLocaleString("en-US")} distinct words)`,
    );
    const rows = s.runs.map((r) => [
      r.name,
      r.buildMs === undefined ? (r.summary ? "(same index)" : "–") : formatMs(r.buildMs),
      r.heapBytes === undefined ? "–" : formatBytes(r.heapBytes),
      r.summary ? formatMs(r.summary.p50) : "–",
      r.summary ? formatMs(r.summary.p95) : "–",
      r.summary ? formatMs(r.summary.p99) : "–",
      r.summary ? String(r.rounds * queries.length) : "–",
      r.summary ? r.meanHits.toFixed(0) : "–",
      ratio(r.summary?.p95, base?.summary?.p95),
      ratio(r.buildMs, base?.buildMs),
      ratio(r.heapBytes, base?.heapBytes),
      r.note ?? "",
    ]);
    parts.push(
      markdownTable(
        [
          "system",
          "build",
          "heap",
          "p50",
          "p95",
          "p99",
          "samples",
          "mean hits",
          "p95 ×",
          "build ×",
          "heap ×",
          "note",
        ],
        rows,
      ),
    );
  }
  const largest = sizes[sizes.length - 1];
  if (largest) parts.push(perQueryTable(largest, queries));
  return parts.join("\n\n");
}

/** Median latency of each query on the largest corpus: where the time goes, query by query. */
function perQueryTable(s: SizeRun, queries: readonly MixQuery[]): string {
  const measured = s.runs.filter((r) => r.summary);
  const header = ["query", "kind", ...measured.map((r) => `${r.name} p50 (hits)`)];
  const rows = queries.map((q, i) => [
    `\`${q.query.replace(/\|/g, "\\|")}\``,
    q.kind,
    ...measured.map(
      (r) =>
        `${formatMs(summarize(r.perQuery[i] ?? [Number.NaN]).p50)} (${r.hitsPerQuery[i] ?? "–"})`,
    ),
  ]);
  return [
    `#### Per query at ${s.size.toLocaleString("en-US")} sections (median of each query's samples)`,
    markdownTable(header, rows),
  ].join("\n\n");
}

/** Each system once, with how it is configured. */
function systemsList(sizes: readonly SizeRun[]): string {
  const configs = new Map<string, string>();
  for (const run of sizes.flatMap((s) => s.runs)) configs.set(run.name, run.config);
  return [...configs].map(([name, config]) => `- ${name}: ${config}`).join("\n");
}

function ratio(ours: number | undefined, base: number | undefined): string {
  return ours === undefined || base === undefined ? "–" : formatRatio(ours, base);
}

function describeKinds(queries: readonly MixQuery[]): string {
  const counts = new Map<string, number>();
  for (const q of queries) counts.set(q.kind, (counts.get(q.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
}
