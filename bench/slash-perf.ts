/**
 * Slash-command throughput and latency through the real HTTP receiver: signed `/essay promotion`
 * requests to this project's app (createSlackApp in HTTP mode, a real index built from the
 * reference feed, the production logger writing to /dev/null) versus the floor, a bare Bolt App
 * with the same receiver and signing secret whose /essay handler acks a constant message, and
 * that same bare app acking the app's own answer as a constant (what the answer's size costs).
 *
 * The load comes from a child process (load-gen.ts) over keep-alive connections, so the client's
 * work does not share the server's event loop.
 *
 *   npx tsx bench/slash-perf.ts [--requests=4000] [--trials=5] [--concurrency=1,10,50]
 *     [--log-level=silent]
 */
import { type ChildProcess, fork } from "node:child_process";
import { pathToFileURL } from "node:url";
import type { LevelWithSilent } from "pino";
import { buildCorpus } from "../src/library/corpus.js";
import { SearchIndex } from "../src/search/search-index.js";
import { searchReply } from "../src/slack/listeners/search-page.js";
import { startFakeSlackApi } from "../test/support/fake-slack-api.js";
import { signatureHeaders, slashCommandFields } from "../test/support/slack-requests.js";
import { flag, numberFlag, numberListFlag } from "./args.js";
import type { LoadJob, LoadResult } from "./load-gen.js";
import { machineHeader } from "./machine.js";
import { loadReference } from "./reference.js";
import { SECRET, startFloor, startProject, type Target } from "./slash-servers.js";
import { formatMs, formatRatio, markdownTable, median, summarize } from "./stats.js";

export interface SlashPerfOptions {
  requests: number;
  trials: number;
  concurrency: number[];
  query: string;
  /** The app's LOG_LEVEL; "silent" shows what logging costs per request. */
  logLevel: LevelWithSilent;
  log: (line: string) => void;
}

export const SLASH_DEFAULTS: SlashPerfOptions = {
  requests: 4_000,
  trials: 5,
  concurrency: [1, 10, 50],
  query: "promotion",
  logLevel: "info",
  log: (line) => process.stderr.write(`${line}\n`),
};

export interface SlashRow {
  name: string;
  concurrency: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

export async function runSlashPerf(
  options: Partial<SlashPerfOptions> = {},
): Promise<{ rows: SlashRow[]; report: string }> {
  const opts = { ...SLASH_DEFAULTS, ...options };
  const fake = await startFakeSlackApi();
  const reference = await loadReference();
  const index = SearchIndex.build(buildCorpus(reference.essays));
  // What the app answers, acked as a constant by a bare app: how much of the gap is the answer's size.
  const appReply = { response_type: "ephemeral", ...searchReply(index, opts.query) };
  const targets = [
    await startFloor(fake.apiUrl),
    await startFloor(fake.apiUrl, appReply),
    await startProject(fake.apiUrl, index, opts.logLevel),
  ];
  const child = fork(new URL("./load-gen.ts", import.meta.url), { stdio: "inherit" });
  try {
    const body = slashBody(opts.query);
    await checkAnswers(child, targets, body, opts.query);
    const rows: SlashRow[] = [];
    for (const concurrency of opts.concurrency) {
      const trials = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
      // Trials alternate between the two servers so drift in machine load hits both alike.
      for (let trial = 0; trial < opts.trials; trial++) {
        for (const target of targets) {
          const result = await load(child, job(target, body, concurrency, opts.requests));
          trials.get(target.name)?.push(result);
        }
      }
      for (const target of targets) {
        const row = summarizeTrials(target.name, concurrency, trials.get(target.name) ?? []);
        opts.log(
          `slash: ${row.name} c=${concurrency}: ${row.rps.toFixed(0)} req/s, p50 ${formatMs(row.p50)}, p99 ${formatMs(row.p99)}`,
        );
        rows.push(row);
      }
    }
    const replyBytes = Buffer.byteLength(JSON.stringify(appReply));
    return { rows, report: slashReport(rows, opts, replyBytes) };
  } finally {
    child.kill();
    for (const target of targets) await target.close();
    await fake.close();
  }
}

export function slashBody(query: string): string {
  return new URLSearchParams(slashCommandFields({ text: query })).toString();
}

export function job(target: Target, body: string, concurrency: number, requests: number): LoadJob {
  return {
    url: target.url,
    body,
    // Signed once per run: Slack's replay window is five minutes and Bolt does not dedupe.
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signatureHeaders(body, SECRET),
    },
    concurrency,
    requests,
    warmUp: Math.min(200, requests),
  };
}

/** A benchmark of error responses would be meaningless: both servers must answer properly first. */
export async function checkAnswers(
  child: ChildProcess,
  targets: Target[],
  body: string,
  query: string,
) {
  for (const target of targets) {
    const result = await load(child, { ...job(target, body, 1, 1), warmUp: 0 });
    const failed = Object.keys(result.failures).length > 0;
    const answer = safeJson(result.sample) as { blocks?: unknown[]; text?: string } | undefined;
    if (failed || !answer?.text) {
      throw new Error(
        `slash benchmark: ${target.name} did not answer /essay ${query} (failures ${JSON.stringify(result.failures)}, body ${result.sample.slice(0, 200)}); check the signing secret and the listener.`,
      );
    }
  }
}

export function load(child: ChildProcess, loadJob: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`slash benchmark: the load generator exited (code ${code}) mid-run`));
    child.once("exit", onExit);
    child.once("message", (message: LoadResult | { error: string }) => {
      child.off("exit", onExit);
      if ("error" in message)
        reject(new Error(`slash benchmark: load generator: ${message.error}`));
      else resolve(message);
    });
    child.send(loadJob);
  });
}

export function summarizeTrials(
  name: string,
  concurrency: number,
  results: LoadResult[],
): SlashRow {
  const stats = results.map((r) => summarize(r.latencies));
  return {
    name,
    concurrency,
    rps: median(results.map((r) => (r.latencies.length / r.elapsedMs) * 1000)),
    p50: median(stats.map((s) => s.p50)),
    p99: median(stats.map((s) => s.p99)),
    failures: results.reduce((n, r) => n + Object.values(r.failures).reduce((a, b) => a + b, 0), 0),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function slashReport(
  rows: readonly SlashRow[],
  opts: SlashPerfOptions,
  replyBytes: number,
): string {
  const table = rows.map((row) => {
    const floor = rows.find(
      (r) => r.concurrency === row.concurrency && r !== row && r.name.includes("floor"),
    );
    const isFloor = row.name.includes("floor");
    return [
      row.name,
      String(row.concurrency),
      row.rps.toFixed(0),
      formatMs(row.p50),
      formatMs(row.p99),
      isFloor || !floor ? "1.00×" : formatRatio(row.p50, floor.p50),
      isFloor || !floor ? "1.00×" : formatRatio(floor.rps, row.rps),
      String(row.failures),
    ];
  });
  return [
    `Signed \`/essay ${opts.query}\` requests over keep-alive HTTP from a child process; ${opts.requests} timed requests per trial (after 200 warm-up), ${opts.trials} trials per row alternating between the servers; each cell is the median over trials. "p50 ×" is the ratio of median latencies (app ÷ floor); "throughput ×" is floor req/s ÷ app req/s (above 1.00× = the app serves fewer). The middle row is the floor app acking, as a constant, the very message the app answers (${replyBytes.toLocaleString("en-US")} bytes of JSON): it pays for the answer's size but not for finding or rendering it.`,
    markdownTable(
      ["server", "concurrency", "req/s", "p50", "p99", "p50 ×", "throughput ×", "non-200"],
      table,
    ),
  ].join("\n\n");
}

export function slashOptionsFromArgv(argv: readonly string[]): Partial<SlashPerfOptions> {
  const options: Partial<SlashPerfOptions> = {};
  const requests = numberFlag(argv, "requests");
  if (requests) options.requests = requests;
  const trials = numberFlag(argv, "trials");
  if (trials) options.trials = trials;
  const concurrency = numberListFlag(argv, "concurrency");
  if (concurrency) options.concurrency = concurrency;
  const logLevel = flag(argv, "log-level");
  if (logLevel) options.logLevel = logLevel as LevelWithSilent;
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(machineHeader());
  const { report } = await runSlashPerf(slashOptionsFromArgv(process.argv.slice(2)));
  console.log(`\n### Slash command\n\n${report}`);
}
