import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnnouncer } from "../../src/jobs/announce.js";
import { PostError } from "../../src/jobs/poster.js";
import { fileAnnounceState } from "../../src/store/file-stores.js";
import { virtualClock } from "../support/clock.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { memoryLogger } from "../support/logger.js";
import { essay, memoryPoster, range } from "./memory-poster.js";

const CHANNEL = "C0ANNOUNCE";
let dataDir: TempDataDir;
beforeEach(async () => {
  dataDir = await tempDataDir();
});
afterEach(() => dataDir.cleanup());

function setup(
  opts: { backlog?: number; feedOf?: (id: string) => string | undefined; floodLimit?: number } = {},
) {
  const clock = virtualClock();
  const slack = memoryPoster(clock.now);
  const log = memoryLogger();
  const make = () =>
    createAnnouncer({
      channel: CHANNEL,
      state: fileAnnounceState(dataDir.dir),
      poster: slack.poster,
      log,
      now: clock.now,
      sleep: clock.sleep,
      ...opts,
    });
  return { clock, slack, log, announcer: make(), make };
}

describe("announcer", () => {
  it("takes a baseline on the first run, then posts each new essay exactly once", async () => {
    const { slack, announcer } = setup();
    const first = await announcer.run(range(1, 3));
    expect(slack.posts).toHaveLength(0);
    expect(first.recordedOnly).toBe(3);

    await announcer.run(range(1, 4));
    await announcer.run(range(1, 4));
    expect(slack.ids()).toEqual(["essay-4"]);
    expect(slack.posts[0]?.metadata).toEqual({
      event_type: "essay_published",
      event_payload: { id: "essay-4", url: "https://essays.test/essay-4" },
    });
  });

  it("posts the newest ANNOUNCE_BACKLOG items on the first run, oldest first", async () => {
    const { slack, announcer } = setup({ backlog: 2 });
    await announcer.run(range(1, 5).reverse());
    expect(slack.ids()).toEqual(["essay-4", "essay-5"]);
  });

  it("waits for content before taking a baseline, so a feed down at first start floods nothing", async () => {
    const { slack, announcer } = setup();
    await announcer.run([]);
    await announcer.run(range(1, 3));
    expect(slack.posts).toHaveLength(0);
  });

  it("remembers across restarts and announces what appeared while it was down", async () => {
    const { slack, announcer, make } = setup();
    await announcer.run(range(1, 2));
    await announcer.run(range(1, 3));
    const restarted = make();
    await restarted.run(range(1, 5));
    expect(slack.ids()).toEqual(["essay-3", "essay-4", "essay-5"]);
  });

  it("does not re-announce an edited essay or one whose guid changed but link did not", async () => {
    const { slack, announcer } = setup();
    await announcer.run(range(1, 2));
    const edited = essay(2, { title: "Essay number 2, revised" });
    const newGuid = essay(1, {
      id: "urn:new-guid-for-1",
      url: "http://www.essays.test/essay-1/?utm_source=x",
    });
    await announcer.run([newGuid, edited]);
    expect(slack.posts).toHaveLength(0);
  });

  it("posts a burst oldest first, one message per interval", async () => {
    const { slack, announcer } = setup({ floodLimit: 10 });
    await announcer.run([essay(0)]);
    await announcer.run([essay(0), ...range(1, 6).reverse()]);
    expect(slack.ids()).toEqual(range(1, 6).map((e) => e.meta.id));
    const gaps = slack.posts.slice(1).map((p, i) => p.at - (slack.posts[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it("in a flood, names the rest in one message first and posts the newest few, oldest first", async () => {
    const { slack, announcer } = setup({ floodLimit: 3 });
    await announcer.run([essay(0)]);
    const report = await announcer.run([essay(0), ...range(1, 10)]);
    expect(report.summarized).toBe(7);
    const ids = slack.posts.map((p) => p.metadata?.event_payload.id ?? "");
    expect(ids.map((id) => (id.startsWith("summary:") ? "summary" : id))).toEqual([
      "summary",
      "essay-8",
      "essay-9",
      "essay-10",
    ]);
    expect(slack.posts[0]?.message.text).toBe("10 new essays were published at once");
    expect(announcer.status()).toMatchObject({ announced: 10, pending: 0 });
    await announcer.run([essay(0), ...range(1, 11)]);
    expect(slack.ids()).toEqual(["essay-8", "essay-9", "essay-10", "essay-11"]);
  });

  it("when the flood's summary fails, loses nothing: all of it is tried again next run", async () => {
    const { slack, announcer } = setup({ floodLimit: 2 });
    await announcer.run([essay(0)]);
    slack.script.push(new PostError("retryable", "http_503", "unavailable"));
    const report = await announcer.run(range(0, 5));
    expect(report.stopped?.reason).toBe("retryable");
    expect(announcer.status()).toMatchObject({ announced: 0, pending: 5 });
    await announcer.run(range(0, 5));
    expect(slack.posts).toHaveLength(3);
    expect(slack.ids()).toEqual(["essay-4", "essay-5"]);
    expect(announcer.status()).toMatchObject({ announced: 5, pending: 0 });
  });

  it("posts ANNOUNCE_BACKLOG essays one by one on the first run even beyond the flood limit", async () => {
    const { slack, announcer } = setup({ backlog: 4, floodLimit: 2 });
    await announcer.run(range(1, 6));
    expect(slack.ids()).toEqual(["essay-3", "essay-4", "essay-5", "essay-6"]);
    expect(slack.posts).toHaveLength(4);
  });

  it("waits out a 429's Retry-After and posts in the same run, nothing lost or doubled", async () => {
    const { slack, announcer, clock } = setup();
    await announcer.run([essay(0)]);
    slack.script.push(
      new PostError("rate-limited", "ratelimited", "slow down", { retryAfterSec: 2 }),
    );
    const report = await announcer.run(range(0, 2));
    expect(slack.ids()).toEqual(["essay-1", "essay-2"]);
    expect(clock.sleeps).toContain(2000);
    expect(report.waiting).toBe(0);
  });

  it("leaves a long Retry-After for the next run instead of blocking", async () => {
    const { slack, announcer } = setup();
    await announcer.run([essay(0)]);
    slack.script.push(
      new PostError("rate-limited", "ratelimited", "slow", { retryAfterSec: 1800 }),
    );
    const report = await announcer.run(range(0, 2));
    expect(report.stopped?.reason).toBe("rate-limited");
    expect(report.waiting).toBe(2);
    await announcer.run(range(0, 2));
    expect(slack.ids()).toEqual(["essay-1", "essay-2"]);
  });

  it("stops on a 5xx and retries on a later run, checking history first", async () => {
    const { slack, announcer } = setup();
    await announcer.run([essay(0)]);
    slack.script.push(new PostError("retryable", "http_500", "Slack answered HTTP 500."));
    const report = await announcer.run(range(0, 3));
    expect(report.stopped?.reason).toBe("retryable");
    expect(slack.posts).toHaveLength(0);
    expect(announcer.status().pending).toBe(3);
    await announcer.run(range(0, 3));
    expect(slack.history.calls).toBe(1);
    expect(slack.ids()).toEqual(["essay-1", "essay-2", "essay-3"]);
  });

  it("does not post again when the post landed but its answer was lost", async () => {
    const { slack, announcer, make } = setup();
    await announcer.run([essay(0)]);
    const lost = new PostError("retryable", "network", "socket hang up");
    slack.script.push({ postThenFail: lost });
    await announcer.run(range(0, 2));
    expect(slack.ids()).toEqual(["essay-1"]);
    const restarted = make();
    const report = await restarted.run(range(0, 2));
    expect(report.foundInHistory).toEqual(["essay-1"]);
    expect(slack.ids()).toEqual(["essay-1", "essay-2"]);
  });

  it("holds back a lost summary's essays while the history cannot be checked, posts the rest", async () => {
    const { slack, announcer, make } = setup({ floodLimit: 2 });
    await announcer.run([essay(0)]);
    const lost = new PostError("retryable", "network", "socket hang up");
    slack.script.push({ postThenFail: lost });
    await announcer.run(range(0, 5)); // the summary (essays 1-3) lands; its answer is lost
    slack.history.answer = new PostError("retryable", "http_503", "unavailable");
    const restarted = make();
    await restarted.run(range(0, 5));
    expect(slack.posts).toHaveLength(3); // essays 4 and 5 went on; no second summary
    expect(slack.ids()).toEqual(["essay-4", "essay-5"]);
    slack.history.answer = undefined;
    const report = await restarted.run(range(0, 5));
    expect([...report.foundInHistory].sort()).toEqual(["essay-1", "essay-2", "essay-3"]);
    expect(slack.posts).toHaveLength(3);
    expect(restarted.status()).toMatchObject({ announced: 5, pending: 0 });
  });

  it("warns once when history cannot be read, and still posts", async () => {
    const { slack, announcer, log } = setup();
    await announcer.run([essay(0)]);
    slack.history.answer = "unknown";
    for (const n of [1, 2]) {
      slack.script.push(new PostError("retryable", "http_503", "unavailable"));
      await announcer.run(range(0, n));
      await announcer.run(range(0, n));
    }
    expect(slack.ids()).toEqual(["essay-1", "essay-2"]);
    const warnings = log.entries.filter((e) => e.level === "warn" && /history/.test(e.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/channels:history/);
  });

  it("reports a channel problem once, with the fix, and clears it once posting works", async () => {
    const { slack, announcer, log } = setup();
    await announcer.run([essay(0)]);
    const fix =
      "The bot is not a member of channel C0ANNOUNCE: invite the bot with /invite @essay-bot.";
    for (let i = 0; i < 3; i++) slack.script.push(new PostError("fatal", "not_in_channel", fix));
    await announcer.run(range(0, 2));
    await announcer.run(range(0, 2));
    expect(announcer.status().lastError).toMatchObject({ code: "not_in_channel", message: fix });
    expect(log.entries.filter((e) => e.level === "error" && e.msg === fix)).toHaveLength(1);
    slack.script.length = 0;
    await announcer.run(range(0, 2));
    expect(slack.ids()).toEqual(["essay-1", "essay-2"]);
    expect(announcer.status().lastError).toBeNull();
  });

  it("keeps going past a message Slack refuses, and retries that one next run", async () => {
    const { slack, announcer } = setup();
    await announcer.run([essay(0)]);
    slack.script.push(new PostError("rejected", "invalid_blocks", "bad blocks"));
    await announcer.run(range(0, 2));
    expect(slack.ids()).toEqual(["essay-2"]);
    // Slack said it did not post: nothing is left pending to look up in the history.
    expect(announcer.status().pending).toBe(1);
    await announcer.run(range(0, 2));
    expect(slack.ids()).toEqual(["essay-2", "essay-1"]);
    expect(slack.history.calls).toBe(0);
  });

  it("stops between posts when asked, leaving the rest for the next run", async () => {
    const { slack, announcer } = setup();
    await announcer.run([essay(0)]);
    const controller = new AbortController();
    const original = slack.poster.post;
    slack.poster.post = async (...args) => {
      const result = await original(...args);
      controller.abort();
      return result;
    };
    const report = await announcer.run(range(0, 3), { signal: controller.signal });
    expect(report.stopped?.reason).toBe("stop-requested");
    expect(slack.ids()).toEqual(["essay-1"]);
    slack.poster.post = original;
    await announcer.run(range(0, 3));
    expect(slack.ids()).toEqual(["essay-1", "essay-2", "essay-3"]);
  });

  it("records a newly added feed's existing essays without posting them", async () => {
    const feeds = new Map<string, string>();
    const { slack, announcer } = setup({ feedOf: (id) => feeds.get(id) });
    for (const n of [1, 2]) feeds.set(`essay-${n}`, "https://a.test/feed");
    await announcer.run(range(1, 2));
    for (const n of [3, 4]) feeds.set(`essay-${n}`, "https://b.test/feed");
    feeds.set("essay-5", "https://a.test/feed");
    await announcer.run(range(1, 5));
    expect(slack.ids()).toEqual(["essay-5"]);
    feeds.set("essay-6", "https://b.test/feed");
    await announcer.run(range(1, 6));
    expect(slack.ids()).toEqual(["essay-5", "essay-6"]);
  });

  it("announces the first essay of a feed that was still empty when the channel's baseline was taken", async () => {
    const feeds = new Map<string, string>();
    const { slack, announcer } = setup({ feedOf: (id) => feeds.get(id) });
    const loadedFeeds = ["https://a.test/feed", "https://b.test/feed"];
    for (const n of [1, 2]) feeds.set(`essay-${n}`, "https://a.test/feed");
    await announcer.run(range(1, 2), { loadedFeeds });
    feeds.set("essay-3", "https://b.test/feed");
    await announcer.run(range(1, 3), { loadedFeeds });
    expect(slack.ids()).toEqual(["essay-3"]);
  });

  it("does not re-announce a back catalogue whose guids and links both changed (a migration)", async () => {
    const { slack, announcer } = setup();
    await announcer.run(range(1, 3));
    const migrated = range(1, 3).map((e, i) =>
      essay(i + 1, {
        id: `new-guid-${i + 1}`,
        url: `https://new-domain.example/posts/${i + 1}`,
        title: `${e.meta.title}!`, // punctuation and case may change on the way
      }),
    );
    await announcer.run([...range(1, 3), ...migrated, essay(4)]);
    expect(slack.ids()).toEqual(["essay-4"]);
  });

  it("still announces two different essays that share a title on different days", async () => {
    const { slack, announcer } = setup();
    await announcer.run([essay(1, { title: "Weekly notes" })]);
    await announcer.run([essay(1, { title: "Weekly notes" }), essay(8, { title: "Weekly notes" })]);
    expect(slack.ids()).toEqual(["essay-8"]);
  });
});
