/**
 * The whole bot as `npm start` wires it (startBot), against a loopback feed, the fake Slack Web
 * API and a real temp DATA_DIR: the announcement survives a restart exactly once, and /essay keeps
 * answering from the archive while the feed is down.
 */
import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Bot, startBot } from "../../src/bot.js";
import { parseConfig } from "../../src/config.js";
import { FileEssayStore } from "../../src/store/file-essay-store.js";
import { tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { item } from "../support/feed-items.js";
import { startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";
import { postSlashCommand } from "../support/slack-requests.js";
import { eventually } from "./payloads.js";

const SECRET = "bot-test-signing-secret";
const CHANNEL = "C0ESSAYS";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp() {
  const fake: FakeSlackApi = await startFakeSlackApi();
  const feed = await startFeedServer([item(1), item(2)]);
  const data = await tempDataDir();
  cleanups.push(
    () => fake.close(),
    () => feed.close(),
    () => data.cleanup(),
  );
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: feed.url,
    ANNOUNCE_CHANNEL: CHANNEL,
    DATA_DIR: data.dir,
    PORT: "0",
    // Once a year: the test drives runs itself with runJobNow().
    REFRESH_CRON: "0 0 1 1 *",
  });
  const logLines: Record<string, unknown>[] = [];
  const boot = async (): Promise<Bot> => {
    const logger = memoryLogger();
    const { lines } = logger;
    const bot = await startBot({ config, log: logger });
    // Every boot logs to its own stream; keep them all, in order, for the assertions.
    const collect = setInterval(() => logLines.push(...lines.splice(0)), 5);
    cleanups.push(async () => {
      clearInterval(collect);
      logLines.push(...lines.splice(0));
    });
    cleanups.push(() => bot.stop());
    return bot;
  };
  const announced = () =>
    (fake.messages.get(CHANNEL) ?? []).map(
      (m) => (m.metadata as { event_payload: { id: string } }).event_payload.id,
    );
  return { fake, feed, boot, announced, logLines, data };
}

describe("essay-bot end to end (startBot)", () => {
  it("announces a new essay exactly once across a restart", async () => {
    const { feed, boot, announced, logLines } = await setUp();
    const first = await boot();
    await first.runJobNow();
    expect(announced()).toEqual([]); // first run: a baseline, no flood of old essays

    feed.items.push(item(3));
    await first.runJobNow();
    expect(announced()).toEqual(["essay-3"]);
    await first.stop();

    const second = await boot();
    await second.runJobNow();
    expect(announced()).toEqual(["essay-3"]); // restart: no repeat

    feed.items.push(item(4));
    await second.runJobNow();
    expect(announced()).toEqual(["essay-3", "essay-4"]);

    // Key events reach the log with their context as fields, and no token ever does.
    await second.stop();
    await new Promise((r) => setTimeout(r, 20));
    const events = logLines.map((l) => l.msg);
    expect(events).toContain("essay-bot is running");
    expect(events).toContain("Search index rebuilt");
    const posted = logLines.filter((l) => l.msg === "Announced essay");
    expect(posted.map((l) => [l.channel, l.essay])).toEqual([
      [CHANNEL, "essay-3"],
      [CHANNEL, "essay-4"],
    ]);
    expect(JSON.stringify(logLines)).not.toContain("xoxb-test-token");
  });

  it("answers /essay from the archive and reports the feed error in /healthz while the feed is down", async () => {
    const { feed, boot } = await setUp();
    const first = await boot();
    await first.runJobNow();
    await first.stop();

    feed.mode = "500";
    const bot = await boot();
    const base = `http://127.0.0.1:${bot.port}`;
    // Loaded from the store before any refresh, while the feed is down.
    await eventually(
      async () => ((await fetch(`${base}/healthz`)).status === 200 ? true : undefined),
      "ready from the store",
    );
    await bot.runJobNow();

    const reply = await postSlashCommand(`${base}/slack/events`, SECRET, { text: "number" });
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toContain("Essay number");

    const health = (await (await fetch(`${base}/healthz`)).json()) as {
      essays: number;
      feeds: { feedUrl: string; lastError: { message: string } | null }[];
    };
    expect(health.essays).toBe(2);
    expect(health.feeds[0]?.lastError?.message).toContain(feed.url);
  });

  it("sets aside an essay it cannot split, announces and serves every other, across a restart", async () => {
    const { feed, boot, announced } = await setUp();
    const first = await boot();
    await first.runJobNow(); // baseline
    // A body far past any essay (and an ordinary one published after it): the first is set aside.
    const huge = `<p>${"filler words without end ".repeat(100_000)}</p>`;
    feed.items.push(item(3, { title: "An impossible essay", html: huge }), item(4));
    await first.runJobNow();
    expect(announced()).toEqual(["essay-3", "essay-4"]); // announced by title and link, too
    await first.stop();

    feed.mode = "500";
    const bot = await boot();
    const base = `http://127.0.0.1:${bot.port}`;
    const health = await eventually(async () => {
      const res = await fetch(`${base}/healthz`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
    }, "ready after the restart");
    expect(health).toMatchObject({ essays: 3, store: "files" });
    expect(health.quarantined).toEqual([
      {
        id: "essay-3",
        title: "An impossible essay",
        link: "https://essays.test/essay-3",
        reason: expect.stringContaining("characters"),
      },
    ]);
    const reply = await postSlashCommand(`${base}/slack/events`, SECRET, { text: "number 4" });
    expect(JSON.stringify(reply.json)).toContain("Essay number 4");
  });

  it("migrates a DATA_DIR from before one file per essay without announcing anything again", async () => {
    const { feed, boot, announced, data } = await setUp();
    const first = await boot();
    await first.runJobNow();
    feed.items.push(item(3));
    await first.runJobNow();
    await first.stop();
    expect(announced()).toEqual(["essay-3"]);

    // Turn the store back into the single archive.json that essay-bot wrote before.
    const store = await FileEssayStore.open(data.dir);
    const { records } = await store.loadAll();
    const essays = await Promise.all(
      records.map(async (r) => ({
        ...r.head,
        html: await store.readBody(r.head.id),
        firstSeen: r.firstSeen,
      })),
    );
    await rm(store.dir, { recursive: true });
    await writeFile(join(data.dir, "archive.json"), JSON.stringify({ version: 1, essays }));

    feed.mode = "500"; // only the migrated archive can serve
    const bot = await boot();
    await bot.runJobNow();
    feed.mode = "ok";
    await bot.runJobNow();
    expect(announced()).toEqual(["essay-3"]);
    const base = `http://127.0.0.1:${bot.port}`;
    const health = (await (await fetch(`${base}/healthz`)).json()) as { essays: number };
    expect(health.essays).toBe(3);
    expect((await readdir(data.dir)).some((n) => n.startsWith("archive.json.migrated-"))).toBe(
      true,
    );
  });

  it("takes an essay nested 100,000 levels deep without stopping any essay after it", async () => {
    const { feed, boot, announced } = await setUp();
    const bot = await boot();
    await bot.runJobNow(); // baseline
    const deep = `${"<span>".repeat(100_000)}<p>bathyscaphe depths</p>${"</span>".repeat(100_000)}`;
    feed.items.push(item(3, { title: "A deep one", html: deep }), item(4));
    await bot.runJobNow();
    expect(announced()).toEqual(["essay-3", "essay-4"]);
    const base = `http://127.0.0.1:${bot.port}`;
    const ask = async (text: string) =>
      JSON.stringify((await postSlashCommand(`${base}/slack/events`, SECRET, { text })).json);
    expect(await ask("number 4")).toContain("Essay number 4");
    // The deep essay is split on the worker thread within its time limit (a few seconds here),
    // so it is searchable; on a machine too slow for that it is set aside and named instead.
    const health = (await (await fetch(`${base}/healthz`)).json()) as {
      essays: number;
      quarantined: { id: string }[];
    };
    if (health.quarantined.length === 0) {
      expect(health.essays).toBe(4);
      expect(await ask("bathyscaphe")).toContain("A deep one");
    } else {
      expect(health.quarantined.map((q) => q.id)).toEqual(["essay-3"]);
      expect(health.essays).toBe(3);
    }
  }, 60_000);
});
