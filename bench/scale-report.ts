/**
 * The scale benchmark's tables: one per corpus size, a row per metric, the two checkouts side by
 * side, their ratio, and the target (the targets are stated for 100k sections; at the smaller
 * sizes the column is there for reference).
 */
import { cpus } from "node:os";
import type { WindowStats } from "./scale-probe.js";
import type { RunResult } from "./scale-run.js";
import { formatBytes, formatMs, formatRatio, markdownTable } from "./stats.js";

interface Metric {
  name: string;
  target: string;
  /** The number the ratio is taken of, or undefined when the run did not get that far. */
  value: (r: RunResult) => number | undefined;
  /** Context, not a result: no ratio. */
  noRatio?: boolean;
  cell?: (r: RunResult) => string | undefined;
}

/**
 * "1.23 s; 4 > 3 s; 12 refused (of 80)": the slowest answer, then what Slack would have given up
 * on. `notOk` names answers other than 200 (an error page for /essay, "not ready" for /healthz).
 */
function essayCell(stats: WindowStats | undefined, notOk = "non-200"): string | undefined {
  if (!stats || stats.sent === 0) return undefined;
  const parts = [`${formatMs(stats.maxMs)}`, `${stats.overDeadline} > 3 s`];
  if (stats.timedOut > 0) parts.push(`${stats.timedOut} timed out`);
  if (stats.refused > 0) parts.push(`${stats.refused} refused`);
  if (stats.notOk > 0) parts.push(`${stats.notOk} ${notOk}`);
  if (stats.failed > 0) parts.push(`${stats.failed} reset`);
  return `${parts.join("; ")} (of ${stats.sent})`;
}

const MB = 1024 * 1024;

const METRICS: Metric[] = [
  {
    name: "machine load (1-min average) at the start → end of the run",
    target: "",
    noRatio: true,
    value: (r) => r.load[0],
    cell: (r) => `${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)} on ${cpus().length} cores`,
  },
  {
    name: "slowest /essay during start-up (restart: spawn → start-up refresh done)",
    target: "under 1 s",
    value: (r) => r.restart?.essay?.maxMs,
    cell: (r) => essayCell(r.restart?.essay),
  },
  {
    name: "slowest /essay during the changed refresh",
    target: "under 1 s",
    value: (r) => r.changed?.essay?.maxMs,
    cell: (r) => essayCell(r.changed?.essay),
  },
  {
    name: "slowest /essay during the unchanged tick",
    target: "under 1 s",
    value: (r) => r.unchanged?.essay?.maxMs,
    cell: (r) => essayCell(r.unchanged?.essay),
  },
  {
    name: "slowest /healthz during start-up (restart)",
    target: "",
    value: (r) => r.restart?.healthz?.maxMs,
    cell: (r) => essayCell(r.restart?.healthz, "× 503 (not ready)"),
  },
  {
    name: "restart → /healthz ready with the full index",
    target: "≤ 5 s",
    value: (r) => r.restart?.readyMs,
  },
  {
    name: "first start (empty DATA_DIR) → ready with the full index",
    target: "",
    value: (r) => r.first?.readyMs,
  },
  {
    name: "a changed item → searchable, after its tick",
    target: "≤ 5 s",
    value: (r) => r.changed?.afterTickMs,
  },
  {
    name: "a changed item → searchable, after the file write (≈ 1 s before the tick)",
    target: "",
    value: (r) => r.changed?.afterWriteMs,
  },
  {
    name: "changed tick: cron tick → job done (wall)",
    target: "",
    value: (r) => r.changed?.tickWallMs,
  },
  {
    name: "main-thread time of an unchanged tick",
    target: "≤ 100 ms",
    value: (r) => r.unchanged?.cpuMs,
  },
  {
    name: "unchanged tick: cron tick → job done (wall)",
    target: "",
    value: (r) => r.unchanged?.wallMs,
  },
  {
    name: "RSS at ready (restart)",
    target: "≤ 500 MB",
    value: (r) => r.restart?.rssAtReady,
    cell: (r) => (r.restart ? formatBytes(r.restart.rssAtReady) : undefined),
  },
  {
    name: "peak RSS (VmHWM of the restarted process, at the end)",
    target: "≤ 800 MB",
    value: (r) => r.peak,
    cell: (r) => (r.peak === undefined ? undefined : formatBytes(r.peak)),
  },
  {
    name: "peak RSS of the first start",
    target: "",
    value: (r) => r.first?.peak,
    cell: (r) => (r.first ? formatBytes(r.first.peak) : undefined),
  },
  {
    name: "bytes written to the store for one new essay",
    target: "≤ 1 MB",
    value: (r) => r.changed?.bytes,
    cell: (r) =>
      r.changed
        ? `${r.changed.bytes >= MB ? formatBytes(r.changed.bytes) : `${(r.changed.bytes / 1024).toFixed(1)} KB`} (${r.changed.files.join(", ") || "no file"})`
        : undefined,
  },
];

export function sizeTable(
  size: number,
  baseline: RunResult | undefined,
  candidate: RunResult | undefined,
): string {
  const cell = (metric: Metric, r: RunResult | undefined) => {
    if (!r) return "–";
    const value = metric.value(r);
    if (value === undefined || Number.isNaN(value)) return "–";
    return (metric.cell?.(r) ?? formatMs(value)).replace(/\|/g, "\\|");
  };
  const rows = METRICS.map((metric) => {
    const b = baseline && metric.value(baseline);
    const c = candidate && metric.value(candidate);
    const ratio = b === undefined || c === undefined || metric.noRatio ? "–" : formatRatio(c, b);
    return [metric.name, cell(metric, baseline), cell(metric, candidate), ratio, metric.target];
  });
  const counted = (r: RunResult | undefined) =>
    r?.sections === undefined
      ? `${r?.label ?? "–"}: –`
      : `${r.label}: ${r.sections.toLocaleString("en-US")} sections in ${r.essays?.toLocaleString("en-US")} essays`;
  const notes = [baseline, candidate].flatMap((r) =>
    r ? [...r.notes.map((n) => `- ${r.label}: ${n}`), `- ${r.label}: logs in ${r.logDir}`] : [],
  );
  const method = candidate?.unchanged?.method ?? baseline?.unchanged?.method;
  return [
    `### ${size.toLocaleString("en-US")} sections (as /healthz counts them: ${counted(baseline)}; ${counted(candidate)})`,
    markdownTable(
      ["metric", "baseline", "candidate", "candidate ÷ baseline", "target at 100k"],
      rows,
    ),
    ...(method
      ? [`Unchanged tick, ${candidate?.unchanged ? "candidate" : "baseline"}: ${method}.`]
      : []),
    ...(notes.length > 0 ? [notes.join("\n")] : []),
  ].join("\n\n");
}

export const method = (tickSeconds: number, query: string) =>
  `How it was measured. Each checkout runs as \`node <checkout>/dist/main.js\` in HTTP mode against a loopback fake of Slack's Web API, with its feeds in local files (at most 110 items, about 1.3 MB, per file), ANNOUNCE_CHANNEL set and REFRESH_CRON \`*/${tickSeconds} * * * * *\`. Throughout, a signed \`/essay ${query}\` goes out every 50 ms and GET /healthz every 100 ms, each on a fixed timer whatever is still pending; a request counts in the phase it was sent in, and the changed and unchanged phases begin only once every earlier /essay has been answered (or has timed out), so none inherits a backlog. In the /essay cells, the time is the slowest answer (a request unanswered after 60 s counts as 60 s and "timed out"); "> 3 s" counts requests not answered within Slack's 3 s deadline, whatever the reason; "refused" counts connections refused because the port was not open yet; "reset" counts connections dropped without an answer; "non-200" counts error answers. Start-up: a first start on an empty DATA_DIR (the section count it settles on is the full corpus), SIGTERM, then a restart on the same DATA_DIR, timed from spawn to the first /healthz 200 showing every section; the start-up window for /essay runs on until the refresh the bot runs at start has finished (lastRefreshAt, and announce.lastRunAt). Changed refresh: 1 s before a cron tick, with the previous tick's job finished, one feed file is rewritten (temp file + rename) with a new item containing a made-up word; "searchable" is when an \`/essay <word>\` (sent every 100 ms) first answers with a link to that item; bytes written are the sizes of the DATA_DIR files created or changed (size, mtime or inode) between just before the write and 1 s after the job ended, a file appended to (same inode, grown) counting only what it grew by. Unchanged tick: the next tick with nothing new; its /essay window runs from 0.1 s before the tick to the job's end (at least 1 s, so a short tick still has 20 requests); main-thread CPU is utime + stime of /proc/<pid>/task/<pid>/stat sampled every 100 ms (10 ms clock ticks, so ±20 ms; a negative difference shows as 0), over [tick − 0.2 s, job end + 0.3 s], less the idle rate of the same thread (serving the same traffic) measured in the quiet seconds just before and after that tick; job end is /healthz lastRefreshAt (and announce.lastRunAt). Memory: VmRSS from /proc/<pid>/status right when ready, VmHWM (peak) at the end.`;
