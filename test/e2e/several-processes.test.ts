/**
 * Several real bot processes (`src/main.ts`) on one real Postgres, against the loopback fake
 * Slack and a loopback feed: one leader runs the jobs, every essay is posted exactly once while
 * leaders are killed with -9 mid-burst, the other processes answer /essay for what the leader
 * stored, Postgres stops and starts under them, and a new process with an empty DATA_DIR serves
 * everything at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, killBots, spawnBot } from "../support/bot-process.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { item, items } from "../support/feed-items.js";
import { closeFeedServers, type FeedServer, startFeedServer } from "../support/feed-server.js";
import { type PostgresServer, startPostgres, testDatabase } from "../support/postgres.js";
import { postSlashCommand } from "../support/slack-requests.js";

const SECRET = "several-processes-secret";
const CHANNEL = "C0SEVERAL";
/** Words no other essay has, one per new essay, so a search finds exactly that essay. */
const WORDS = [
  "aardvark",
  "bassoon",
  "cormorant",
  "dulcimer",
  "echidna",
  "flugelhorn",
  "gannet",
  "harpsichord",
  "ibis",
  "jackdaw",
];

interface Bot {
  name: string;
  proc: BotProcess;
  port: number;
  data: TempDataDir;
}

let pg: PostgresServer;
let fake: FakeSlackApi;
let feed: FeedServer;
let databaseUrl: string;
const bots: Bot[] = [];
const dirs: TempDataDir[] = [];

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = (await testDatabase(pg.adminUrl)).url;
  // Real time: a successor looks for a lost post in the minutes around its pending mark.
  fake = await startFakeSlackApi({ now: () => new Date() });
  feed = await startFeedServer(items(1, 3));
}, 60_000);

afterAll(async () => {
  if (process.env.SEVERAL_DEBUG) {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      process.env.SEVERAL_DEBUG,
      bots.map((b) => `=== ${b.name}\n${b.proc.output()}`).join("\n"),
    );
  }
  killBots();
  await fake?.close();
  await closeFeedServers();
  await pg?.destroy();
  for (const dir of dirs) await dir.cleanup();
});

async function start(name: string, data?: TempDataDir): Promise<Bot> {
  const dir = data ?? (await tempDataDir());
  if (!data) dirs.push(dir);
  const proc = spawnBot({
    SLACK_BOT_TOKEN: "xoxb-several",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: feed.url,
    ANNOUNCE_CHANNEL: CHANNEL,
    // Every 2 s: the leader picks up the feed's new items quickly.
    REFRESH_CRON: "*/2 * * * * *",
    DATABASE_URL: databaseUrl,
    DATA_DIR: dir.dir,
    PORT: "0",
    LOG_LEVEL: "info",
  });
  const running = await proc.waitForLog("essay-bot is running", 60_000);
  const bot = { name, proc, port: Number(running.port), data: dir };
  bots.push(bot);
  return bot;
}

const alive = () => bots.filter((b) => b.proc.child.exitCode === null && !b.proc.child.killed);

async function health(bot: Bot): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
  return (await res.json()) as Record<string, unknown>;
}

/** Polls `check` every 200 ms until it returns a value; fails with `what` after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** The one live process whose /healthz says it leads (undefined while none or several do). */
async function theLeader(): Promise<Bot | undefined> {
  const live = alive();
  const reports = await Promise.all(live.map((b) => health(b).catch(() => undefined)));
  const leaders = live.filter((_, i) => reports[i]?.leader === true);
  return leaders.length === 1 ? leaders[0] : undefined;
}

/** Essay ids posted in the channel, in order, from the messages' metadata. */
function postedIds(): string[] {
  return (fake.messages.get(CHANNEL) ?? []).map(
    (m) => (m.metadata as { event_payload?: { id?: string } } | undefined)?.event_payload?.id ?? "",
  );
}

async function search(bot: Bot, words: string): Promise<string> {
  const reply = await postSlashCommand(`http://127.0.0.1:${bot.port}/slack/events`, SECRET, {
    text: words,
  });
  return reply.text;
}

describe("several processes on one Postgres", () => {
  it("one leader; a burst posted once each through kill -9 of leaders; followers serve it; Postgres restarts; a new process serves all at once", {
    timeout: 300_000,
  }, async () => {
    for (const name of ["a", "b", "c"]) await start(name);
    const first = await until("one leader among three", theLeader);
    // The first leader baselines the channel: the three existing essays are never posted.
    await until("every process ready", async () =>
      (await Promise.all(alive().map(health))).every((h) => h.ready === true) ? true : undefined,
    );

    // The burst: new essays in rounds; in each round the leader is killed -9 right as Slack
    // takes its first post (the post lands, its answer never arrives), and a successor must
    // find it in the channel's history rather than post it again.
    let n = 3;
    const added: string[] = [];
    let leader = first;
    for (let round = 0; round < 3; round++) {
      let killed = false;
      const victim = leader;
      fake.on("chat.postMessage", () => {
        if (!killed) {
          killed = true;
          victim.proc.child.kill("SIGKILL");
        }
        return undefined; // lands as usual; the dead leader never reads the answer
      });
      for (let k = 0; k < 3; k++) {
        n += 1;
        const word = WORDS[n - 4] ?? `word${n}`;
        feed.items.push(item(n, { title: `Essay ${n} on the ${word}` }));
        added.push(`essay-${n}`);
      }
      await until(`round ${round}: the leader killed mid-post`, async () =>
        killed ? true : undefined,
      );
      leader = await until(`round ${round}: a new leader`, async () => {
        const next = await theLeader();
        return next && next !== victim ? next : undefined;
      });
      // The killed process comes back on its DATA_DIR, as a supervisor would restart it.
      await victim.proc.exit(10_000);
      await start(`${victim.name}'`, victim.data);
    }
    fake.on("chat.postMessage", () => undefined);

    await until("every new essay posted", async () =>
      added.every((id) => postedIds().includes(id)) ? true : undefined,
    );
    const posted = postedIds();
    for (const id of added)
      expect(
        posted.filter((p) => p === id),
        id,
      ).toHaveLength(1);
    expect(posted.filter((id) => ["essay-1", "essay-2", "essay-3"].includes(id))).toEqual([]);

    // Every live process, leader or not, answers /essay for essays the leader stored.
    const followers = alive().filter((b) => b !== leader);
    expect(followers.length).toBeGreaterThanOrEqual(2);
    for (const bot of alive()) {
      await until(`${bot.name} serves the newest essay`, async () =>
        (await search(bot, WORDS[added.length - 1] ?? "")).includes(`Essay ${n} on the`)
          ? true
          : undefined,
      );
    }

    // A channel subscribed through a follower: the leader hears of it and posts the next essay
    // there, once; the subscription is everywhere, App Home and /essay subscriptions included.
    const SUBSCRIBED = "C0SUBSCRIBED";
    const via = followers[0] as Bot;
    const subscribed = await postSlashCommand(`http://127.0.0.1:${via.port}/slack/events`, SECRET, {
      text: "subscribe",
      channel_id: SUBSCRIBED,
    });
    expect(subscribed.status).toBe(200);
    await until("the subscription on every process", async () => {
      const reports = await Promise.all(alive().map(health));
      return reports.every(
        (h) => (h.subscriptions as { channels?: number } | undefined)?.channels === 2,
      )
        ? true
        : undefined;
    });
    n += 1;
    feed.items.push(item(n, { title: `Essay ${n} on the lapwing` }));
    const inSubscribed = () =>
      (fake.messages.get(SUBSCRIBED) ?? []).filter(
        (m) =>
          (m.metadata as { event_payload?: { id?: string } } | undefined)?.event_payload?.id ===
          `essay-${n}`,
      );
    await until(`essay-${n} posted in the subscribed channel`, async () =>
      inSubscribed().length > 0 ? true : undefined,
    );
    await until(`essay-${n} in the operator's channel too`, async () =>
      postedIds().includes(`essay-${n}`) ? true : undefined,
    );
    expect(inSubscribed()).toHaveLength(1);
    // Nothing from before the subscription reached it (only its confirmation and this essay).
    expect(
      (fake.messages.get(SUBSCRIBED) ?? []).filter((m) => m.metadata !== undefined),
    ).toHaveLength(1);

    // Postgres stops: every process keeps answering from memory, says so, and none exits;
    // the leader stops leading. An essay published meanwhile is posted once Postgres is back.
    await pg.stop();
    await until("every process reports the database unreachable and no leader", async () => {
      const reports = await Promise.all(alive().map(health));
      const down = reports.every(
        (h) => (h.database as { reachable?: boolean } | undefined)?.reachable === false,
      );
      return down && reports.every((h) => h.leader === false) ? true : undefined;
    });
    for (const bot of alive()) {
      expect(await search(bot, WORDS[0] ?? "")).toContain("Essay 4 on the");
    }
    n += 1;
    feed.items.push(item(n, { title: `Essay ${n} on the kestrel` }));
    await pg.start();
    await until("a leader again after Postgres returns", theLeader);
    await until(`essay-${n} posted after Postgres returned`, async () =>
      postedIds().includes(`essay-${n}`) ? true : undefined,
    );
    expect(postedIds().filter((id) => id === `essay-${n}`)).toHaveLength(1);
    for (const bot of bots) {
      if (alive().includes(bot)) continue;
      // Only the processes killed on purpose are gone.
      expect(bot.proc.child.signalCode).toBe("SIGKILL");
    }

    // A fourth process with an empty DATA_DIR serves everything at once.
    const fresh = await start("fresh");
    const report = await until("the fresh process ready", async () => {
      const h = await health(fresh);
      return h.ready === true ? h : undefined;
    });
    expect(report.essays).toBe(n);
    expect(await search(fresh, "kestrel")).toContain(`Essay ${n} on the kestrel`);
    expect(fake.limitProblems).toEqual([]);
  });
});
