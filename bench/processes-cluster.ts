/**
 * Several bot processes on one Postgres database, as docker-compose.yml runs them: each
 * `node dist/main.js` (scale-bot.ts) in HTTP mode with its own DATA_DIR and port, the same
 * DATABASE_URL, against the loopback fake Slack. Which one leads is read from /healthz, as an
 * operator would.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BotEnv, type BotProcess, freePort, startBot } from "./scale-bot.js";

export interface ClusterBot {
  name: string;
  port: number;
  dataDir: string;
  proc: BotProcess;
  /** http://127.0.0.1:<port> */
  origin: string;
}

export interface ClusterOptions {
  /** The built checkout whose dist/main.js runs (scale-checkout.ts candidateCheckout). */
  checkout: string;
  secret: string;
  apiUrl: string;
  databaseUrl: string;
  feeds: readonly string[];
  channel: string;
  cron: string;
  /** Where logs and DATA_DIRs go. */
  dir: string;
}

export interface Health {
  ready?: boolean;
  essays?: number;
  leader?: boolean;
  leadership?: Record<string, unknown>;
  database?: { reachable?: boolean };
  announce?: { lastRunAt?: string | null };
}

export class Cluster {
  readonly bots: ClusterBot[] = [];

  constructor(private readonly opts: ClusterOptions) {}

  /** Starts a process (on `dataDir` again when given, as a supervisor restarts one). */
  async start(name: string, dataDir?: string): Promise<ClusterBot> {
    const dir = dataDir ?? (await mkdtemp(join(this.opts.dir, `${name}-data-`)));
    const port = await freePort();
    const env: BotEnv = {
      secret: this.opts.secret,
      apiUrl: this.opts.apiUrl,
      port,
      dataDir: dir,
      feeds: this.opts.feeds,
      channel: this.opts.channel,
      cron: this.opts.cron,
      databaseUrl: this.opts.databaseUrl,
    };
    const proc = startBot(this.opts.checkout, env, {
      dir: this.opts.dir,
      name: `${name}-${Date.now()}`,
    });
    const bot = { name, port, dataDir: dir, proc, origin: `http://127.0.0.1:${port}` };
    this.bots.push(bot);
    await until(`${name} ready`, 120_000, async () => {
      if (proc.exit)
        throw new Error(`${name} exited (${JSON.stringify(proc.exit)}):\n${proc.tail()}`);
      const h = await health(bot).catch(() => undefined);
      return h?.ready === true ? true : undefined;
    });
    return bot;
  }

  live(): ClusterBot[] {
    return this.bots.filter((b) => !b.proc.exit);
  }

  /** The one live process whose /healthz says it leads; undefined while none or several do. */
  async leader(): Promise<ClusterBot | undefined> {
    const live = this.live();
    const reports = await Promise.all(live.map((b) => health(b).catch(() => undefined)));
    const leaders = live.filter((_, i) => reports[i]?.leader === true);
    return leaders.length === 1 ? leaders[0] : undefined;
  }

  async stop(): Promise<void> {
    await Promise.all(this.live().map((b) => b.proc.stop(10_000)));
  }
}

export async function health(bot: ClusterBot): Promise<Health> {
  const res = await fetch(`${bot.origin}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return (await res.json()) as Health;
}

export function tmpRunDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "essay-bot-processes-"));
}

/** Polls `check` every `everyMs` until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`processes benchmark: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
