/**
 * The bot under test, as production runs it: `node <checkout>/dist/main.js` in a child process,
 * configured only through its environment (the interface contract in design.md), stdout and
 * stderr going to files. Every child is registered so that scale.ts can kill it on any exit,
 * including Ctrl-C and a crash of the benchmark itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

const live = new Set<ChildProcess>();

/** SIGKILL every bot still running. Synchronous, so it also works in an 'exit' handler. */
export function killAllBots(): void {
  for (const child of live) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

export interface BotEnv {
  secret: string;
  apiUrl: string;
  port: number;
  dataDir: string;
  feeds: readonly string[];
  channel: string;
  cron: string;
  /** Several processes on one Postgres (the processes benchmark); unset: files in dataDir. */
  databaseUrl?: string;
}

export interface BotProcess {
  pid: number;
  /** Epoch ms just before spawn(). */
  spawnedAt: number;
  logFile: string;
  /** Set once the process has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** SIGTERM, then SIGKILL after graceMs; resolves with how long the stop took. */
  stop(graceMs?: number): Promise<number>;
  /** The last lines of stdout and stderr, to say why a bot died. */
  tail(lines?: number): string;
}

/**
 * Variables from the benchmark's own environment that would change what is measured (a Socket
 * Mode token, a Postgres URL, a loader injected by tsx through NODE_OPTIONS) are dropped.
 */
const DROPPED =
  /^(SLACK_|DATABASE_URL$|FEED_URLS$|ANNOUNCE_|REFRESH_CRON$|DIGEST_CRON$|SUBSCRIPTION_ADMINS$|DATA_DIR$|PORT$|LOG_LEVEL$|NODE_OPTIONS$)/;

export function startBot(
  checkout: string,
  env: BotEnv,
  files: { dir: string; name: string },
): BotProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !DROPPED.test(key)),
  );
  const logFile = join(files.dir, `${files.name}.log`);
  const errFile = join(files.dir, `${files.name}.stderr`);
  const out = openSync(logFile, "w");
  const err = openSync(errFile, "w");
  const spawnedAt = Date.now();
  // cwd is the run's own folder: main.js reads a .env from its working directory, and a
  // checkout's .env (tokens, DATABASE_URL) must not leak into the measurement.
  const child = spawn(process.execPath, [join(checkout, "dist", "main.js")], {
    cwd: files.dir,
    env: {
      ...inherited,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: env.secret,
      SLACK_API_URL: env.apiUrl,
      PORT: String(env.port),
      DATA_DIR: env.dataDir,
      FEED_URLS: env.feeds.join(" "),
      ANNOUNCE_CHANNEL: env.channel,
      REFRESH_CRON: env.cron,
      ...(env.databaseUrl ? { DATABASE_URL: env.databaseUrl } : {}),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "info",
    },
    stdio: ["ignore", out, err],
  });
  closeSync(out);
  closeSync(err);
  if (child.pid === undefined)
    throw new Error(`scale benchmark: could not start node ${checkout}/dist/main.js`);
  live.add(child);
  const bot: BotProcess = {
    pid: child.pid,
    spawnedAt,
    logFile,
    exit: undefined,
    async stop(graceMs = 30_000) {
      const start = Date.now();
      if (bot.exit) return 0;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      return Date.now() - start;
    },
    tail(lines = 15) {
      const last = (file: string) => {
        try {
          return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
        } catch {
          return "";
        }
      };
      return [last(logFile), last(errFile)].filter(Boolean).join("\n");
    },
  };
  child.once("exit", (code, signal) => {
    bot.exit = { code, signal };
    live.delete(child);
  });
  return bot;
}

/** A port free on loopback right now (the bot binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
