/**
 * Several bot processes on one Postgres (an embedded one, started here), each the real
 * `node dist/main.js` in HTTP mode against the loopback fake Slack, as docker-compose.yml runs
 * them (a Node round-robin proxy stands in for its nginx):
 *
 * - slash-command load: signed `/essay promotion` requests from a child process (load-gen.ts)
 *   to one process directly, to that one behind the proxy, and to three behind the proxy,
 *   trials alternating between the three setups;
 * - failover: kill -9 of the leader, a new essay in the feed right after, and the time until it
 *   is posted in Slack (and until /healthz shows another leader), over several rounds.
 *
 *   npm run build && npx tsx bench/processes-perf.ts [--requests=4000] [--trials=3]
 *     [--concurrency=1,10,50] [--failovers=5] [--quick]
 */
import { fork } from "node:child_process";
import { rm } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startFakeSlackApi } from "../test/support/fake-slack-api.js";
import { item, items } from "../test/support/feed-items.js";
import { closeFeedServers, startFeedServer } from "../test/support/feed-server.js";
import { type PostgresServer, startPostgres, testDatabase } from "../test/support/postgres.js";
import { numberFlag, numberListFlag } from "./args.js";
import type { LoadResult } from "./load-gen.js";
import { machineHeader } from "./machine.js";
import { Cluster, type ClusterBot, health, tmpRunDir, until } from "./processes-cluster.js";
import {
  type FailoverRound,
  failoverReport,
  ONE,
  ONE_PROXIED,
  THREE,
  throughputTable,
} from "./processes-report.js";
import { REFERENCE_FEED } from "./reference.js";
import { startRoundRobinProxy } from "./round-robin-proxy.js";
import { killAllBots } from "./scale-bot.js";
import { candidateCheckout } from "./scale-checkout.js";
import {
  checkAnswers,
  job,
  load,
  type SlashRow,
  slashBody,
  summarizeTrials,
} from "./slash-perf.js";
import { SECRET, type Target } from "./slash-servers.js";

export interface ProcessesPerfOptions {
  requests: number;
  trials: number;
  concurrency: number[];
  query: string;
  /** kill -9 rounds in the failover part (0 skips it). */
  failovers: number;
  /** REFRESH_CRON of the failover part: the leader polls the feed this often. */
  failoverCron: string;
  log: (line: string) => void;
}

export const PROCESSES_DEFAULTS: ProcessesPerfOptions = {
  requests: 4_000,
  trials: 3,
  concurrency: [1, 10, 50],
  query: "promotion",
  failovers: 5,
  failoverCron: "*/2 * * * * *",
  log: (line) => process.stderr.write(`${line}\n`),
};

export const PROCESSES_QUICK: Partial<ProcessesPerfOptions> = {
  requests: 200,
  trials: 1,
  concurrency: [1, 10],
  failovers: 1,
};

export async function runProcessesPerf(
  options: Partial<ProcessesPerfOptions> = {},
): Promise<{ report: string }> {
  const opts = { ...PROCESSES_DEFAULTS, ...options };
  // Warns when src/ is newer than dist/: the processes run what was built.
  const checkout = candidateCheckout(undefined, opts.log).dir;
  const dir = await tmpRunDir();
  const pg = await startPostgres();
  const fake = await startFakeSlackApi();
  try {
    const slash = await slashPart(opts, pg, fake.apiUrl, { checkout, dir });
    const failover =
      opts.failovers > 0 ? await failoverPart(opts, pg, fake, { checkout, dir }) : undefined;
    return { report: [slash, failover].filter(Boolean).join("\n\n") };
  } finally {
    killAllBots();
    await fake.close();
    await closeFeedServers();
    await pg.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

async function slashPart(
  opts: ProcessesPerfOptions,
  pg: PostgresServer,
  apiUrl: string,
  where: { checkout: string; dir: string },
): Promise<string> {
  const db = await testDatabase(pg.adminUrl);
  const cluster = new Cluster({
    secret: SECRET,
    apiUrl,
    databaseUrl: db.url,
    feeds: [fileURLToPath(REFERENCE_FEED)],
    channel: "C0BENCHSLASH",
    // The default schedule: no refresh runs during the load.
    cron: "*/10 * * * *",
    ...where,
  });
  const proxies: { close(): Promise<void> }[] = [];
  const child = fork(new URL("./load-gen.ts", import.meta.url), { stdio: "inherit" });
  try {
    // One after the other: the first stores the feed, the others take it up from Postgres.
    for (const name of ["a", "b", "c"]) {
      await cluster.start(name);
      opts.log(`processes: ${name} ready`);
    }
    const [a] = cluster.bots as [ClusterBot];
    const events = (origin: string) => `${origin}/slack/events`;
    const proxied = async (bots: ClusterBot[]) => {
      const proxy = await startRoundRobinProxy(bots.map((b) => b.origin));
      proxies.push(proxy);
      return events(proxy.url);
    };
    const targets: Target[] = [
      { name: ONE, url: events(a.origin), close: async () => {} },
      { name: ONE_PROXIED, url: await proxied([a]), close: async () => {} },
      { name: THREE, url: await proxied(cluster.bots), close: async () => {} },
    ];
    const body = slashBody(opts.query);
    await checkAnswers(child, targets, body, opts.query);
    const rows: SlashRow[] = [];
    for (const concurrency of opts.concurrency) {
      const trials = new Map<string, LoadResult[]>(targets.map((t) => [t.name, []]));
      for (let trial = 0; trial < opts.trials; trial++) {
        for (const target of targets) {
          trials
            .get(target.name)
            ?.push(await load(child, job(target, body, concurrency, opts.requests)));
        }
      }
      for (const target of targets) {
        const results = trials.get(target.name) ?? [];
        const row = summarizeTrials(target.name, concurrency, results);
        const failures = results.map((r) => r.failures).filter((f) => Object.keys(f).length > 0);
        opts.log(
          `processes: ${row.name} c=${concurrency}: ${row.rps.toFixed(0)} req/s${failures.length > 0 ? `; not 200: ${JSON.stringify(failures)}` : ""}`,
        );
        rows.push(row);
      }
    }
    const essays = (await health(a)).essays ?? 0;
    return [
      `#### Slash command: one process and three (${essays} essays from the reference feed)`,
      `Signed \`/essay ${opts.query}\` requests over keep-alive HTTP from a child process (bench/load-gen.ts); ${opts.requests} timed requests per trial after ${Math.min(200, opts.requests)} warm-up, ${opts.trials} trial(s) per row alternating between the setups; each cell is the median over trials. The three processes run at once throughout; "one process" is the first of them, asked directly. The proxy is bench/round-robin-proxy.ts, a Node HTTP proxy in the benchmark's own process (nginx is not installed here), so the middle row shows what the extra hop costs.`,
      throughputTable(rows),
    ].join("\n\n");
  } finally {
    child.kill();
    for (const proxy of proxies) await proxy.close();
    await cluster.stop();
    await db.drop();
  }
}

async function failoverPart(
  opts: ProcessesPerfOptions,
  pg: PostgresServer,
  fake: Awaited<ReturnType<typeof startFakeSlackApi>>,
  where: { checkout: string; dir: string },
): Promise<string> {
  const db = await testDatabase(pg.adminUrl);
  const feed = await startFeedServer(items(1, 3));
  const channel = "C0BENCHFAILOVER";
  const cluster = new Cluster({
    secret: SECRET,
    apiUrl: fake.apiUrl,
    databaseUrl: db.url,
    feeds: [feed.url],
    channel,
    cron: opts.failoverCron,
    ...where,
  });
  // When each essay's post reached Slack, by the id in its metadata.
  const arrivals = new Map<string, number[]>();
  fake.on("chat.postMessage", (params) => {
    const meta = params.metadata as { event_payload?: { id?: string } } | undefined;
    const id = meta?.event_payload?.id;
    if (params.channel === channel && id)
      arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
    return undefined;
  });
  try {
    for (const name of ["a", "b", "c"]) await cluster.start(name);
    // The first leader baselines the channel (the three essays are not posted) before round 1.
    const first = await until("a first leader", 60_000, () => cluster.leader());
    await until("the first announce run", 60_000, async () =>
      (await health(first)).announce?.lastRunAt ? true : undefined,
    );
    const leadership = (await health(first)).leadership;
    const rounds: FailoverRound[] = [];
    let n = 3;
    for (let round = 1; round <= opts.failovers; round++) {
      const victim = await until("a leader", 60_000, () => cluster.leader());
      n += 1;
      const id = `essay-${n}`;
      const killedAt = Date.now();
      process.kill(victim.proc.pid, "SIGKILL");
      feed.items = [...feed.items, item(n, { title: `Essay ${n}, after kill ${round}` })];
      let killToLeaderMs: number | undefined;
      const posted = await until(`round ${round}: ${id} posted`, 120_000, async () => {
        if (killToLeaderMs === undefined) {
          const next = await cluster.leader();
          if (next && next !== victim) killToLeaderMs = Date.now() - killedAt;
        }
        return arrivals.get(id)?.[0];
      }).catch(() => undefined);
      // A second post of the same essay would come within a refresh or two: give it the time.
      await new Promise((r) => setTimeout(r, 5_000));
      rounds.push({
        killToLeaderMs,
        killToPostMs: posted === undefined ? undefined : posted - killedAt,
        posts: arrivals.get(id)?.length ?? 0,
      });
      const last = rounds.at(-1);
      opts.log(`processes: failover ${round}: ${JSON.stringify(last)}`);
      // The killed process comes back on its DATA_DIR, as a supervisor would restart it.
      await until(`${victim.name} gone`, 10_000, async () => (victim.proc.exit ? true : undefined));
      await cluster.start(`${victim.name}'`, victim.dataDir);
    }
    return [
      "#### Failover: kill -9 of the leader → the next post",
      `Three processes, REFRESH_CRON \`${opts.failoverCron}\`, a loopback feed. Each round: the process whose /healthz says \`leader: true\` is killed with SIGKILL, a new essay is added to the feed right after, and the clock runs until its post reaches the fake Slack (chat.postMessage, matched by the essay id in the message metadata); /healthz of the others is polled every 100 ms for the new leader. Then 5 s more to catch a second post, and the killed process is started again, as a supervisor would, before the next round. The first leader's \`leadership\` in /healthz: \`${JSON.stringify(leadership ?? null)}\`.`,
      failoverReport(rounds),
    ].join("\n\n");
  } finally {
    fake.on("chat.postMessage", () => undefined);
    await cluster.stop();
    await feed.close();
    await db.drop();
  }
}

export function processesOptionsFromArgv(argv: readonly string[]): Partial<ProcessesPerfOptions> {
  const options: Partial<ProcessesPerfOptions> = argv.includes("--quick")
    ? { ...PROCESSES_QUICK }
    : {};
  const requests = numberFlag(argv, "requests");
  if (requests) options.requests = requests;
  const trials = numberFlag(argv, "trials");
  if (trials) options.trials = trials;
  const concurrency = numberListFlag(argv, "concurrency");
  if (concurrency) options.concurrency = concurrency;
  const failovers = numberFlag(argv, "failovers");
  if (failovers) options.failovers = failovers;
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(machineHeader());
  const { report } = await runProcessesPerf(processesOptionsFromArgv(process.argv.slice(2)));
  console.log(`\n### Several processes on one Postgres\n\n${report}`);
}
