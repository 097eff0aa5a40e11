/**
 * Announcing when things go wrong: Slack rate limits, 5xx, a crash between posting and saving,
 * a missing history scope, a bot not in the channel, and a feed that breaks. Nothing may be lost
 * and nothing posted twice (except where Slack's history cannot be read, which is warned about).
 */
import { rename, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AnnouncePoster } from "../../src/jobs/poster.js";
import { createAnnouncePoster } from "../../src/slack/announce-poster.js";
import { CHANNEL, type Rig, startRig } from "../jobs/e2e-rig.js";
import { items } from "../support/feed-items.js";
import { unreachableUrl } from "../support/feed-server.js";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** Fail the first `times` calls to `method` with `reply`, then answer normally. */
function failFirst(r: Rig, method: string, times: number, reply: Record<string, unknown>) {
  let left = times;
  r.fake.on(method, () => (left-- > 0 ? reply : undefined));
}

/** A poster whose post lands in Slack, then the process "dies" before it can record that. */
const crashAfterPosting = (real: AnnouncePoster): AnnouncePoster => ({
  ...real,
  async post(channel, message, metadata) {
    await real.post(channel, message, metadata);
    throw new Error("simulated crash after the post, before the state save");
  },
});

describe("announcements under failure", () => {
  it("honours a 429's Retry-After and posts every essay exactly once", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    failFirst(rig, "chat.postMessage", 2, {
      httpStatus: 429,
      headers: { "retry-after": "1" },
      body: { ok: false, error: "ratelimited" },
    });
    rig.feed.items = items(0, 3);
    await bot.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2", "essay-3"]);
    const waits = rig.log.entries.filter((e) => /rate-limited/.test(e.msg));
    expect(waits.map((e) => e.fields.retryAfterSec)).toEqual([1, 1]);
  });

  it("leaves essays queued through Slack 500s and posts them on a later run", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    failFirst(rig, "chat.postMessage", 2, { httpStatus: 500, body: { ok: false } });
    rig.feed.items = items(0, 3);
    await bot.run(); // first post hits a 500: the run stops there
    await bot.run(); // history checked, then another 500
    expect(rig.announced()).toEqual([]);
    await bot.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2", "essay-3"]);
    expect(rig.fake.callsTo("conversations.history").length).toBeGreaterThan(0);
  });

  it("after a crash between posting and saving, finds the post in history instead of repeating it", async () => {
    rig = await startRig({ items: items(0, 0) });
    await (await rig.boot()).run();
    rig.feed.items = items(0, 1);
    await (await rig.boot(crashAfterPosting)).run();
    expect(rig.announced()).toEqual(["essay-1"]);

    const restarted = await rig.boot();
    await restarted.run();
    await restarted.run();
    expect(rig.announced()).toEqual(["essay-1"]);
    const [history] = rig.fake.callsTo("conversations.history");
    expect(String(history?.params.include_all_metadata)).toBe("true");
    expect(Number(history?.params.oldest)).toBeGreaterThan(0);
  });

  it("posts a flood's summary once when Slack posted it but the answer was lost", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    rig.fake.landThenFail("chat.postMessage"); // the summary lands; Slack answers 500
    rig.feed.items = items(0, 30);
    await bot.run();
    const restarted = await rig.boot(); // the pending summary is read back from DATA_DIR
    await restarted.run(); // finds the summary in the history, posts only the 5 newest
    await restarted.run();
    const messages = rig.fake.messages.get(CHANNEL) ?? [];
    const summaries = messages.filter((m) => String(m.text).includes("30 new essays"));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.metadata).toMatchObject({
      event_type: "essay_published",
      event_payload: { id: expect.stringMatching(/^summary:/) },
    });
    expect(messages).toHaveLength(6);
    expect(rig.announced()).toEqual(items(26, 30).map((i) => i.guid));
    expect(restarted.announcer.status()).toMatchObject({ announced: 30, pending: 0 });
  });

  it("posts a flood's summary again when Slack never got it", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    failFirst(rig, "chat.postMessage", 1, { httpStatus: 500, body: { ok: false } });
    rig.feed.items = items(0, 30);
    await bot.run();
    await bot.run();
    const messages = rig.fake.messages.get(CHANNEL) ?? [];
    expect(messages.filter((m) => String(m.text).includes("30 new essays"))).toHaveLength(1);
    expect(messages).toHaveLength(6);
    expect(bot.announcer.status()).toMatchObject({ announced: 30, pending: 0 });
  });

  it("after a crash in a busy channel, checks only the minutes around the interrupted post and carries on", async () => {
    rig = await startRig({ items: items(0, 0) });
    await (await rig.boot()).run();
    rig.feed.items = items(0, 1);
    await (await rig.boot(crashAfterPosting)).run();
    rig.chatter(2500, 60_000); // 2,500 messages over the next two days
    rig.feed.items = items(0, 2);
    const restarted = await rig.boot();
    await restarted.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2"]);
    const history = rig.fake.callsTo("conversations.history");
    expect(history.length).toBeLessThanOrEqual(2);
    expect(Number(history[0]?.params.latest)).toBeGreaterThan(Number(history[0]?.params.oldest));
    expect(restarted.announcer.status()).toMatchObject({ pending: 0, announced: 2 });
  });

  it("when even those minutes are too busy to read, posts the essay again, says so, and blocks nothing", async () => {
    rig = await startRig({ items: items(0, 0) });
    await (await rig.boot()).run();
    rig.feed.items = items(0, 1);
    await (await rig.boot(crashAfterPosting)).run();
    rig.chatter(2500, 100); // 2,500 messages in the four minutes after the crash
    rig.feed.items = items(0, 2);
    const restarted = await rig.boot();
    await restarted.run();
    await restarted.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-1", "essay-2"]);
    const warning = rig.log.entries.find(
      (e) => e.level === "warn" && e.fields.code === "history_incomplete",
    );
    expect(warning?.fields.essayId).toBe("essay-1");
    expect(warning?.msg).toMatch(/posted again.*twice/i);
    const status = restarted.announcer.status();
    expect(status).toMatchObject({ pending: 0, announced: 2, lastError: null });
    expect(status.lastWarning?.code).toBe("history_incomplete");
    expect(status.lastWarning?.message).toMatch(/Essay number 1/);
  });

  it("while the disk is full, shows the essays waiting and the disk problem, then posts them once it has room", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    const log = join(rig.dataDir, "announce-state.log");
    await rename(log, `${log}.saved`);
    await symlink("/dev/full", log); // every write: ENOSPC
    rig.feed.items = items(0, 2);
    for (let run = 0; run < 2; run++) {
      await bot.run();
      const status = bot.announcer.status();
      expect(status.pending).toBe(2);
      expect(status.lastError?.message).toMatch(/no space left on device/i);
      expect(status.lastError?.message).toMatch(/2 essays are waiting/);
    }
    expect(rig.announced()).toEqual([]);
    await rm(log);
    await rename(`${log}.saved`, log);
    await bot.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2"]);
    expect(bot.announcer.status()).toMatchObject({ pending: 0, lastError: null });
  });

  it("when Slack cannot be reached, keeps essays queued and posts them once it can", async () => {
    rig = await startRig({ items: items(0, 0) });
    await (await rig.boot()).run();
    rig.feed.items = items(0, 2);
    const nowhere = await unreachableUrl("/api/");
    const offline = await rig.boot(() =>
      createAnnouncePoster({ token: "xoxb-test", apiUrl: nowhere }),
    );
    await offline.run();
    expect(offline.announcer.status().pending).toBe(2);
    expect(rig.log.entries.some((e) => e.level === "warn" && e.fields.code === "network")).toBe(
      true,
    );
    await (await rig.boot()).run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2"]);
  });

  it("without the history scope, warns once that a crash may cause a duplicate, and carries on", async () => {
    rig = await startRig({ items: items(0, 0) });
    rig.fake.on("conversations.history", () => ({
      ok: false,
      error: "missing_scope",
      needed: "channels:history",
    }));
    const bot = await rig.boot();
    await bot.run();
    failFirst(rig, "chat.postMessage", 1, { httpStatus: 503, body: { ok: false } });
    rig.feed.items = items(0, 1);
    await bot.run();
    failFirst(rig, "chat.postMessage", 0, {});
    await bot.run();
    rig.feed.items = items(0, 2);
    failFirst(rig, "chat.postMessage", 1, { httpStatus: 503, body: { ok: false } });
    await bot.run();
    failFirst(rig, "chat.postMessage", 0, {});
    await bot.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2"]);
    const warnings = rig.log.entries.filter(
      (e) => e.level === "warn" && /channels:history/.test(e.msg),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/twice/);
  });

  it("posting to a public channel it has not joined, says to invite the bot by its name, not to add a scope", async () => {
    rig = await startRig({ items: items(0, 0) });
    rig.fake.on("auth.test", () => ({ ok: true, user: "essays", user_id: "U0BOT", bot_id: "B0" }));
    // chat:write.public lets it post; only a member may read the history.
    rig.fake.on("conversations.history", () => ({ ok: false, error: "not_in_channel" }));
    const bot = await rig.boot();
    await bot.run();
    failFirst(rig, "chat.postMessage", 1, { httpStatus: 503, body: { ok: false } });
    rig.feed.items = items(0, 1);
    await bot.run();
    await bot.run();
    expect(rig.announced()).toEqual(["essay-1"]);
    const warnings = rig.log.entries.filter(
      (e) => e.level === "warn" && e.fields.code === "not_in_channel",
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain("invite the bot: /invite @essays");
    expect(warnings[0]?.msg).not.toMatch(/scope|channels:history/);
    expect(bot.announcer.status().lastWarning).toMatchObject({ code: "not_in_channel" });
  });

  it.each([
    ["not_in_channel", /\/invite @essay-bot/],
    ["channel_not_found", /ANNOUNCE_CHANNEL is a channel ID/],
    ["invalid_auth", /SLACK_BOT_TOKEN/],
  ])(
    "on %s says once how to fix it, shows it in status, and posts once fixed",
    async (code, fix) => {
      rig = await startRig({ items: items(0, 0) });
      const bot = await rig.boot();
      await bot.run();
      rig.fake.on("chat.postMessage", () => ({ ok: false, error: code }));
      rig.fake.on("conversations.history", () => ({ ok: false, error: code }));
      rig.feed.items = items(0, 2);
      await bot.run();
      await bot.run();
      expect(bot.announcer.status().lastError?.code).toBe(code);
      expect(bot.announcer.status().lastError?.message).toMatch(fix);
      expect(rig.log.entries.filter((e) => e.level === "error" && fix.test(e.msg))).toHaveLength(1);

      rig.fake.on("chat.postMessage", () => undefined);
      rig.fake.on("conversations.history", () => undefined);
      await bot.run();
      expect(rig.announced()).toEqual(["essay-1", "essay-2"]);
      expect(bot.announcer.status().lastError).toBeNull();
    },
  );

  it("when the feed breaks, keeps the index and posts nothing new or repeated", async () => {
    rig = await startRig({ items: items(1, 2) });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = items(1, 3);
    await bot.run();
    const index = rig.index();
    for (const mode of ["500", "bad-xml"] as const) {
      rig.feed.mode = mode;
      await bot.run();
      expect(rig.index()).toBe(index);
      expect(bot.library.status().lastError).toContain(rig.feed.url);
    }
    rig.feed.mode = "ok";
    await bot.run();
    expect(rig.announced()).toEqual(["essay-3"]);
  });
});
