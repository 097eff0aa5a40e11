/**
 * Subscriptions end to end (startBot): signed /essay commands and events on the real Bolt app,
 * a loopback feed, the fake Slack Web API and a real temp DATA_DIR, restarted by booting again.
 */

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Bot, startBot } from "../../src/bot.js";
import { type Env, parseConfig } from "../../src/config.js";
import { fileAnnounceState } from "../../src/store/file-stores.js";
import { tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { type FeedItem, item } from "../support/feed-items.js";
import { startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";
import { postEvent, postInteraction, postSlashCommand } from "../support/slack-requests.js";
import { eventually } from "./payloads.js";

const SECRET = "subs-test-signing-secret";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An essay whose one subheading is about `topic`. */
function topical(n: number, heading: string, body: string): FeedItem {
  return item(n, {
    html: `<p>An opening paragraph of essay ${n} about work in general.</p><h2 id="${heading.toLowerCase().replace(/\s+/g, "-")}">${heading}</h2><p>${body}</p>`,
  });
}

async function setUp(
  env: Env = {},
  items: FeedItem[] = [item(1), item(2)],
  digestClock?: () => Date,
) {
  // Slack's clock is the digests' clock: a digest's history window lines up with its post.
  const fake: FakeSlackApi = await startFakeSlackApi(digestClock ? { now: digestClock } : {});
  const feed = await startFeedServer(items);
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
    DATA_DIR: data.dir,
    PORT: "0",
    REFRESH_CRON: "0 0 1 1 *",
    DIGEST_CRON: "0 0 1 1 *",
    ...env,
  });
  let bot: Bot | undefined;
  const boot = async (): Promise<Bot> => {
    const started = await startBot({
      config,
      log: memoryLogger(),
      ...(digestClock ? { digestClock } : {}),
    });
    bot = started;
    cleanups.push(() => started.stop());
    await started.runJobNow();
    return started;
  };
  const base = () => `http://127.0.0.1:${bot?.port}`;
  const command = async (text: string, fields: { user_id?: string; channel_id?: string } = {}) => {
    const res = await postSlashCommand(`${base()}/slack/events`, SECRET, {
      text,
      user_id: "U0ALICE",
      channel_id: "C0ONE",
      response_url: fake.responseUrl(),
      ...fields,
    });
    expect(res.status).toBe(200);
    return res.json as { text?: string; blocks?: unknown[] } | undefined;
  };
  const event = (ev: Record<string, unknown>) => postEvent(`${base()}/slack/events`, SECRET, ev);
  const interaction = (payload: Record<string, unknown>) =>
    postInteraction(`${base()}/slack/events`, SECRET, payload);
  const health = async () =>
    (await (await fetch(`${base()}/healthz`)).json()) as Record<string, unknown>;
  /** Essay ids posted to `target` (a channel or a user's DM), in order. */
  const received = (target: string) =>
    (fake.messages.get(target) ?? []).flatMap((m) => {
      const meta = m.metadata as { event_payload?: { id?: string } } | undefined;
      return meta?.event_payload?.id ? [meta.event_payload.id] : [];
    });
  return { fake, feed, data, boot, command, event, interaction, health, received };
}

describe("subscriptions", () => {
  it("/healthz counts channel subscriptions (ANNOUNCE_CHANNEL among them) and alerts", async () => {
    const t = await setUp({ ANNOUNCE_CHANNEL: "C0OPSCHAN" });
    await t.boot();
    expect(await t.health()).toMatchObject({
      store: "files",
      leader: true,
      subscriptions: { channels: 1, alerts: 0 },
    });
  });

  it("subscribes a channel, says so in the channel, replaces it saying what changed, and unsubscribes", async () => {
    const t = await setUp();
    await t.boot();
    expect(
      await t.command("subscribe promotion, &lt;b&gt;hiring&lt;/b&gt; &amp; <@U0X|x>"),
    ).toBeUndefined();
    const posts = () => (t.fake.messages.get("C0ONE") ?? []).map((m) => m.text);
    expect(posts()).toEqual([
      "<@U0ALICE> subscribed this channel to essays about *promotion* or *&lt;b&gt;hiring&lt;/b&gt; &amp; @x*.",
    ]);
    expect(await t.command("subscribe daily", { user_id: "U0BOB" })).toBeUndefined();
    expect(posts()[1]).toBe(
      "<@U0BOB> changed this channel's subscription from essays about *promotion* or *&lt;b&gt;hiring&lt;/b&gt; &amp; @x* to a daily digest of all new essays.",
    );
    const listing = await t.command("subscriptions", { user_id: "U0CAROL" });
    expect(JSON.stringify(listing)).toContain("a daily digest of all new essays (set by <@U0BOB>)");
    expect(JSON.stringify(listing)).toContain("You have no alerts");
    expect(await t.health()).toMatchObject({ subscriptions: { channels: 1, alerts: 0 } });

    expect(await t.command("unsubscribe")).toBeUndefined();
    expect(posts()[2]).toBe(
      "<@U0ALICE> unsubscribed this channel from a daily digest of all new essays.",
    );
    expect((await t.command("unsubscribe"))?.text).toContain("no subscription");
    expect(await t.health()).toMatchObject({ subscriptions: { channels: 0, alerts: 0 } });
    expect(t.fake.limitProblems).toEqual([]);
  });

  it("keeps subscriptions across a restart, and answers a quoted word with a search", async () => {
    const t = await setUp();
    const first = await t.boot();
    await t.command("subscribe weekly promotion");
    await t.command("notify hiring", { user_id: "U0BOB" });
    await first.stop();
    await t.boot();
    expect(await t.health()).toMatchObject({ subscriptions: { channels: 1, alerts: 1 } });
    const reply = await t.command('"subscribe"');
    expect(JSON.stringify(reply)).not.toContain("subscribed");
    expect(t.fake.messages.get("C0ONE")).toHaveLength(1);
  });

  it("sets and stops personal alerts privately, for anyone, even with SUBSCRIPTION_ADMINS", async () => {
    const t = await setUp({ SUBSCRIPTION_ADMINS: "U0ADMIN" });
    await t.boot();
    const set = await t.command("notify promotion, code review", { user_id: "U0BOB" });
    expect(set?.text).toBe(
      "You'll get a direct message for each new essay about *promotion* or *code review*. `/essay notify off` stops them.",
    );
    const changed = await t.command("notify hiring", { user_id: "U0BOB" });
    expect(changed?.text).toContain("(was *promotion* or *code review*)");
    const listing = await t.command("subscriptions", { user_id: "U0BOB" });
    expect(JSON.stringify(listing)).toContain(
      "Your alerts: a direct message for each new essay about *hiring*",
    );
    // Each change republishes the person's Home tab, which lists their alerts.
    const home = await t.fake.waitFor("views.publish", 2);
    expect(home.at(-1)?.params).toMatchObject({ user_id: "U0BOB" });
    expect(JSON.stringify(home.at(-1)?.params)).toContain("hiring");
    expect((await t.command("notify off", { user_id: "U0BOB" }))?.text).toBe(
      "Your alerts are off.",
    );
    await t.fake.waitFor("views.publish", 3);
    expect(JSON.stringify(t.fake.callsTo("views.publish").at(-1)?.params)).not.toContain("hiring");
    expect((await t.command("notify"))?.text).toContain("Say which topics");
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("lets only SUBSCRIPTION_ADMINS change a channel's subscription when it is set", async () => {
    const t = await setUp({ SUBSCRIPTION_ADMINS: "U0ADMIN, U0BOSS" });
    await t.boot();
    const refused = await t.command("subscribe promotion", { user_id: "U0BOB" });
    expect(refused?.text).toBe(
      "Only <@U0ADMIN> or <@U0BOSS> can change this channel's subscription. You can still get your own alerts: `/essay notify &lt;topic&gt;, …`.",
    );
    expect((await t.command("unsubscribe", { user_id: "U0BOB" }))?.text).toContain(
      "Only <@U0ADMIN>",
    );
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(await t.command("subscribe promotion", { user_id: "U0BOSS" })).toBeUndefined();
    expect(t.fake.messages.get("C0ONE")?.[0]?.text).toBe(
      "<@U0BOSS> subscribed this channel to essays about *promotion*.",
    );
  });

  it("asks to be invited to a private channel it is not in, and subscribes nothing", async () => {
    const t = await setUp();
    t.fake.on("conversations.info", (params) =>
      params.channel === "G0SECRET"
        ? { ok: false, error: "channel_not_found" }
        : params.channel === "C0PRIV"
          ? { ok: true, channel: { id: "C0PRIV", is_private: true, is_member: false } }
          : undefined,
    );
    t.fake.on("chat.postMessage", (params) =>
      params.channel === "C0PUBLIC" ? { ok: false, error: "not_in_channel" } : undefined,
    );
    await t.boot();
    for (const channel of ["G0SECRET", "C0PRIV", "C0PUBLIC"]) {
      const reply = await t.command("subscribe", { channel_id: channel });
      expect(reply?.text).toBe(
        "I can't post in this channel: invite me first: `/invite @essay-bot`, then subscribe again.",
      );
    }
    expect(await t.health()).toMatchObject({ subscriptions: { channels: 0 } });
  });

  it("remembers that a channel is private, so App Home lists it only to whoever subscribed it", async () => {
    const t = await setUp();
    t.fake.on("conversations.info", (params) =>
      params.channel === "C0PRIV"
        ? { ok: true, channel: { id: "C0PRIV", is_private: true, is_member: true } }
        : undefined,
    );
    await t.boot();
    expect(await t.command("subscribe hiring", { channel_id: "C0PRIV" })).toBeUndefined();
    expect(await t.command("subscribe", { channel_id: "C0OPEN" })).toBeUndefined();
    const saved = JSON.parse(await readFile(join(t.data.dir, "subscriptions.json"), "utf8"));
    expect(saved.channels.C0PRIV).toMatchObject({ private: true, createdBy: "U0ALICE" });
    expect(saved.channels.C0OPEN.private).toBeUndefined();
  });

  it("refuses to change ANNOUNCE_CHANNEL's subscription and says subscriptions are for channels in a DM", async () => {
    const t = await setUp({ ANNOUNCE_CHANNEL: "C0OPSCHAN" });
    await t.boot();
    expect((await t.command("unsubscribe", { channel_id: "C0OPSCHAN" }))?.text).toContain(
      "ANNOUNCE_CHANNEL",
    );
    expect((await t.command("subscribe", { channel_id: "D0DM" }))?.text).toContain(
      "Subscriptions are for channels",
    );
    const listing = await t.command("subscriptions", { channel_id: "C0OPSCHAN" });
    expect(JSON.stringify(listing)).toContain(
      "every new essay (set by the operator (ANNOUNCE_CHANNEL))",
    );
  });
});

const PROMOTION = topical(
  3,
  "Internal mobility is still promotion work",
  "Moving teams is a promotion case in disguise: the same evidence, the same sponsors.",
);
const HIRING = topical(4, "Hiring loops", "Every hiring loop should test the work itself.");
const NEITHER = topical(5, "On call", "Pager rotations and their quiet costs.");

describe("delivery to subscriptions and alerts", () => {
  it("matches a topic's whole words (with word forms), never a longer word that starts with one", async () => {
    const t = await setUp();
    const bot = await t.boot();
    await t.command("subscribe code", { channel_id: "C0ONE" });
    await t.command("notify lead", { user_id: "U0BOB" });
    t.feed.items.push(
      topical(6, "Codebase tours", "The leadership team reads the codebase every quarter."),
      topical(7, "Reviews that land", "Good code reviews lead to calm teams."),
    );
    await bot.runJobNow();
    expect(t.received("C0ONE")).toEqual(["essay-7"]);
    expect(t.received("U0BOB")).toEqual(["essay-7"]);
  });

  it("matches a topic by its own words: a related word finds it in search, but is no subscription match", async () => {
    // Enough essays that "difficult" is in under a tenth of the sections: it gets related words.
    const t = await setUp(
      {},
      Array.from({ length: 12 }, (_, i) => item(i + 1)),
    );
    const bot = await t.boot();
    await t.command("subscribe difficult conversations", { channel_id: "C0ONE" });
    t.feed.items.push(
      topical(13, "Holding the line", "Most managers can have one hard conversation."),
      topical(14, "Naming it", "Difficult conversations get easier when named early."),
    );
    await bot.runJobNow();
    // Search finds the essay that says "hard conversation"…
    const reply = JSON.stringify(await t.command("difficult conversations"));
    expect(reply).toContain("Holding the line");
    expect(reply).toContain("Also showing");
    // …but only the essay in the topic's own words is posted.
    expect(t.received("C0ONE")).toEqual(["essay-14"]);
  });

  it("routes each new essay to the channels and people whose topics it matches, once, across a restart", async () => {
    const t = await setUp({ ANNOUNCE_CHANNEL: "C0OPSCHAN" });
    const first = await t.boot();
    await t.command("subscribe promotion", { channel_id: "C0ONE" });
    await t.command("subscribe hiring, interviews", { channel_id: "C0TWO" });
    await t.command("notify hiring", { user_id: "U0BOB" });
    t.feed.items.push(PROMOTION, HIRING, NEITHER);
    await first.runJobNow();

    expect(t.received("C0ONE")).toEqual(["essay-3"]);
    expect(t.received("C0TWO")).toEqual(["essay-4"]);
    expect(t.received("U0BOB")).toEqual(["essay-4"]);
    expect(t.received("C0OPSCHAN")).toEqual(["essay-3", "essay-4", "essay-5"]);
    const post = JSON.stringify(t.fake.messages.get("C0ONE")?.at(-1)?.blocks);
    expect(post).toContain(
      "matched *promotion* in: <https://essays.test/essay-3#internal-mobility-is-still-promotion-work|Internal mobility is still promotion work>",
    );
    const alert = t.fake.messages.get("U0BOB")?.[0];
    expect(JSON.stringify(alert?.blocks)).toContain("Stop these alerts");
    expect(t.fake.limitProblems).toEqual([]);

    await first.stop();
    const second = await t.boot();
    await second.runJobNow();
    expect(t.received("C0ONE")).toEqual(["essay-3"]);
    expect(t.received("U0BOB")).toEqual(["essay-4"]);
    expect(t.received("C0OPSCHAN")).toEqual(["essay-3", "essay-4", "essay-5"]);

    // An edited essay is never sent again, even where the edit makes it match.
    t.feed.items[4] = topical(5, "On call", "Pager rotations decide who gets the promotion.");
    await second.runJobNow();
    expect(t.received("C0ONE")).toEqual(["essay-3"]);
    expect(t.received("C0OPSCHAN")).toEqual(["essay-3", "essay-4", "essay-5"]);
  });

  it("gives a new subscription no backlog, and stops after unsubscribe and Stop these alerts", async () => {
    const t = await setUp({}, [item(1), PROMOTION, HIRING]);
    const bot = await t.boot();
    await t.command("subscribe", { channel_id: "C0NEW" });
    await t.command("notify promotion", { user_id: "U0BOB" });
    await bot.runJobNow();
    expect(t.received("C0NEW")).toEqual([]);
    expect(t.received("U0BOB")).toEqual([]);

    t.feed.items.push(topical(6, "Promotion packets", "What a promotion packet should hold."));
    await bot.runJobNow();
    expect(t.received("C0NEW")).toEqual(["essay-6"]);
    expect(t.received("U0BOB")).toEqual(["essay-6"]);

    await t.command("unsubscribe", { channel_id: "C0NEW" });
    const res = await t.interaction({
      type: "block_actions",
      api_app_id: "A0APP",
      token: "legacy",
      trigger_id: "1.2.3",
      team: { id: "T0FAKE", domain: "fake" },
      user: { id: "U0BOB", username: "bob", team_id: "T0FAKE" },
      channel: { id: "D0BOB", name: "directmessage" },
      container: { type: "message", message_ts: "1700000000.000100", channel_id: "D0BOB" },
      response_url: t.fake.responseUrl("stop"),
      actions: [
        {
          type: "button",
          block_id: "b",
          action_ts: "1700000001.0",
          action_id: "essay_alerts_stop",
          value: "stop",
        },
      ],
    });
    expect(res.status).toBe(200);
    const answered = await t.fake.waitFor("response_url");
    expect(answered[0]?.params).toMatchObject({
      response_type: "ephemeral",
      text: "Your alerts are off. `/essay notify &lt;topic&gt;, …` sets them again.",
    });
    expect(await t.health()).toMatchObject({ subscriptions: { channels: 0, alerts: 0 } });

    t.feed.items.push(topical(7, "Promotion again", "More on promotion."));
    await bot.runJobNow();
    expect(t.received("C0NEW")).toEqual(["essay-6"]);
    expect(t.received("U0BOB")).toEqual(["essay-6"]);

    // Subscribing again later: still only what appears after that.
    await t.command("subscribe", { channel_id: "C0NEW" });
    await bot.runJobNow();
    expect(t.received("C0NEW")).toEqual(["essay-6"]);
  });

  it("keeps ANNOUNCE_CHANNEL's existing announce state: nothing is announced again", async () => {
    const t = await setUp({ ANNOUNCE_CHANNEL: "C0OPSCHAN" }, [item(1), item(2)]);
    // The announcer as it ran before subscriptions, on the same DATA_DIR.
    const { createAnnouncer } = await import("../../src/jobs/announce.js");
    const { createAnnouncePoster } = await import("../../src/slack/announce-poster.js");
    const { Library } = await import("../../src/library/library.js");
    const { FileEssayStore } = await import("../../src/store/file-essay-store.js");
    const store = await FileEssayStore.open(t.data.dir);
    const library = new Library({ store, feedUrls: [t.feed.url] });
    const old = createAnnouncer({
      channel: "C0OPSCHAN",
      state: fileAnnounceState(t.data.dir),
      poster: createAnnouncePoster({ token: "xoxb-test", apiUrl: t.fake.apiUrl }),
      feedOf: (id) => library.feedOf(id),
    });
    await library.refresh();
    await old.run(library.essays());
    t.feed.items.push(item(3));
    await library.refresh();
    await old.run(library.essays());
    await library.close();
    expect(t.received("C0OPSCHAN")).toEqual(["essay-3"]);

    const bot = await t.boot();
    t.feed.items.push(item(4));
    await bot.runJobNow();
    expect(t.received("C0OPSCHAN")).toEqual(["essay-3", "essay-4"]);
  });

  it("never lets one failing channel hold back the others, and shows its failure on its subscription", async () => {
    const t = await setUp();
    let slow = 0;
    t.fake.on("chat.postMessage", (params) => {
      if (params.metadata === undefined) return undefined; // confirmations
      if (params.channel === "C0BAD") return { ok: false, error: "restricted_action" };
      if (params.channel === "C0SLOW" && slow++ === 0) {
        return { httpStatus: 429, headers: { "retry-after": "120" }, body: { ok: false } };
      }
      return undefined;
    });
    const bot = await t.boot();
    for (const channel of ["C0BAD", "C0SLOW", "C0GOOD"])
      await t.command("subscribe", { channel_id: channel });
    t.feed.items.push(item(3));
    await bot.runJobNow();
    expect(t.received("C0GOOD")).toEqual(["essay-3"]);
    expect(t.received("C0BAD")).toEqual([]);
    expect(t.received("C0SLOW")).toEqual([]);
    const listing = JSON.stringify(await t.command("subscriptions", { channel_id: "C0BAD" }));
    expect(listing).toContain("Posting fails");
    expect(listing).toContain("does not allow the bot to post");

    await bot.runJobNow();
    expect(t.received("C0SLOW")).toEqual(["essay-3"]);
    expect(t.received("C0GOOD")).toEqual(["essay-3"]);
  });
});

describe("alerts after a crash", () => {
  it("finds an alert that landed when its answer was lost in the person's DM, and does not send it twice", async () => {
    const t = await setUp();
    t.fake.on("conversations.open", (params) =>
      params.users === "U0BOB" ? { ok: true, channel: { id: "D0BOB" } } : undefined,
    );
    let lost = false;
    t.fake.on("chat.postMessage", (params) => {
      if (params.channel !== "U0BOB" || lost) return undefined;
      lost = true;
      // Slack files it in the DM (D…), and the answer never reaches the bot.
      const list = t.fake.messages.get("D0BOB") ?? [];
      list.push({
        ts: `${Math.floor(Date.now() / 1000)}.000009`,
        channel: "D0BOB",
        metadata: params.metadata,
      });
      t.fake.messages.set("D0BOB", list);
      return { httpStatus: 500, body: { ok: false } };
    });
    const first = await t.boot();
    await t.command("notify promotion", { user_id: "U0BOB" });
    t.feed.items.push(PROMOTION);
    await first.runJobNow();
    await first.stop();
    const second = await t.boot();
    await second.runJobNow();
    expect(t.fake.callsTo("conversations.open")).toHaveLength(1);
    expect(t.received("D0BOB")).toEqual(["essay-3"]);
    expect(t.received("U0BOB")).toEqual([]);
  });
});

describe("paused subscriptions", () => {
  it("pauses when the bot is removed, the channel archived or Slack refuses posts, and resumes by subscribing again", async () => {
    const t = await setUp();
    let refuseGone = true;
    t.fake.on("chat.postMessage", (params) =>
      refuseGone && params.channel === "C0GONE" && params.metadata !== undefined
        ? { ok: false, error: "channel_not_found" }
        : undefined,
    );
    const bot = await t.boot();
    for (const channel of ["C0LEFT", "G0LEFT", "C0ARCH", "C0GONE", "C0OK"]) {
      await t.command("subscribe", { channel_id: channel });
    }
    // What Slack really sends the removed bot (slackapi/bolt-js#1847): channel_left for a
    // public channel, group_left for a private one; never member_left_channel with its own ID.
    await t.event({ type: "channel_left", channel: "C0LEFT", actor_id: "U0ALICE" });
    await t.event({ type: "group_left", channel: "G0LEFT", actor_id: "U0ALICE" });
    await t.event({ type: "channel_archive", channel: "C0ARCH", user: "U0ALICE" });
    const paused = async (channel: string) =>
      JSON.stringify(await t.command("subscriptions", { channel_id: channel })).includes(
        "*Paused.*",
      );
    await eventually(async () => ((await paused("C0ARCH")) ? true : undefined), "a pause");
    await eventually(async () => ((await paused("G0LEFT")) ? true : undefined), "a pause");
    expect(await paused("C0LEFT")).toBe(true);
    expect(JSON.stringify(await t.command("subscriptions", { channel_id: "C0LEFT" }))).toContain(
      "The bot was removed from this channel",
    );
    expect(await paused("C0OK")).toBe(false);

    t.feed.items.push(item(3));
    await bot.runJobNow();
    expect(t.received("C0OK")).toEqual(["essay-3"]);
    expect(t.received("C0LEFT")).toEqual([]);
    expect(t.received("C0ARCH")).toEqual([]);
    expect(await paused("C0GONE")).toBe(true);
    expect(JSON.stringify(await t.command("subscriptions", { channel_id: "C0GONE" }))).toContain(
      "Slack answered channel_not_found",
    );

    t.feed.items.push(item(4));
    await bot.runJobNow();
    expect(t.received("C0OK")).toEqual(["essay-3", "essay-4"]);
    expect(
      t.fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0GONE"),
    ).toHaveLength(
      2, // the confirmation and the one refused post
    );

    expect(await t.command("subscribe", { channel_id: "C0LEFT" })).toBeUndefined();
    expect(t.fake.messages.get("C0LEFT")?.at(-1)?.text).toBe(
      "<@U0ALICE> resumed this channel's subscription, now to every new essay.",
    );
    expect(await paused("C0LEFT")).toBe(false);
    await bot.runJobNow();
    expect(t.received("C0LEFT")).toEqual([]); // nothing from while it was paused
    t.feed.items.push(item(5));
    await bot.runJobNow();
    expect(t.received("C0LEFT")).toEqual(["essay-5"]);
    expect(t.received("C0ARCH")).toEqual([]);

    // Resuming the channel whose post was refused: that old post is not sent now, a quiet run
    // does not pause it again, and the next new essay arrives.
    refuseGone = false;
    await t.command("subscribe", { channel_id: "C0GONE" });
    await bot.runJobNow();
    expect(t.received("C0GONE")).toEqual([]);
    expect(await paused("C0GONE")).toBe(false);
    t.feed.items.push(item(6));
    await bot.runJobNow();
    expect(t.received("C0GONE")).toEqual(["essay-6"]);
  });
});

describe("posting failures in a subscribed channel", () => {
  it("are explained for that channel in /essay subscriptions, not as ANNOUNCE_CHANNEL's", async () => {
    const t = await setUp({ ANNOUNCE_CHANNEL: "C0OPSCHAN" });
    t.fake.on("chat.postMessage", (params) =>
      params.metadata === undefined
        ? undefined
        : params.channel === "C0LOCKED" || params.channel === "C0OPSCHAN"
          ? { ok: false, error: "restricted_action" }
          : params.channel === "C0GONE"
            ? { ok: false, error: "channel_not_found" }
            : undefined,
    );
    const bot = await t.boot();
    await t.command("subscribe", { channel_id: "C0LOCKED" });
    await t.command("subscribe", { channel_id: "C0GONE" });
    t.feed.items.push(item(3));
    await bot.runJobNow();
    const listing = async (channel: string) =>
      JSON.stringify(await t.command("subscriptions", { channel_id: channel }));
    const locked = await listing("C0LOCKED");
    expect(locked).toContain("Posting fails");
    expect(locked).toContain("ask a workspace admin to let the bot post here");
    expect(locked).not.toContain("ANNOUNCE_CHANNEL");
    const gone = await listing("C0GONE");
    expect(gone).toContain("was not found");
    expect(gone).not.toContain("ANNOUNCE_CHANNEL");
    // The operator's channel still names the setting to change.
    expect(await listing("C0OPSCHAN")).toContain("set ANNOUNCE_CHANNEL to another channel");
  });
});

describe("digests", () => {
  it("posts daily digests on every run and weekly ones on the first run of each ISO week, each essay once", async () => {
    let today = new Date("2026-11-23T09:00:00Z"); // a Monday
    const t = await setUp({}, [item(1)], () => today);
    const first = await t.boot();
    await t.command("subscribe daily", { channel_id: "C0DAILY" });
    await t.command("subscribe weekly hiring", { channel_id: "C0WEEKLY" });
    const digests = (channel: string) =>
      (t.fake.messages.get(channel) ?? []).filter((m) => String(m.text).includes("digest:"));
    t.feed.items.push(PROMOTION, HIRING);
    await first.runJobNow();
    expect(t.received("C0DAILY")).toEqual([]); // no post per essay
    await first.runDigestsNow();
    const daily = digests("C0DAILY");
    expect(daily.map((m) => m.text)).toEqual(["Daily digest: 2 new essays"]);
    const dailyText = JSON.stringify(daily[0]?.blocks);
    expect(dailyText).toContain("<https://essays.test/essay-3|Essay number 3>");
    expect(dailyText).toContain("<https://essays.test/essay-4|Essay number 4>");
    const weekly = digests("C0WEEKLY");
    expect(weekly.map((m) => m.text)).toEqual(["Weekly digest: 1 new essay"]);
    expect(JSON.stringify(weekly[0]?.blocks)).toContain("matched *hiring*");
    expect(JSON.stringify(weekly[0]?.blocks)).not.toContain("essay-3");

    // Tuesday, nothing new: no daily digest. A restart in between repeats nothing.
    today = new Date("2026-11-24T09:00:00Z");
    await first.stop();
    const second = await t.boot();
    await second.runDigestsNow();
    expect(digests("C0DAILY")).toHaveLength(1);

    // Wednesday, a new hiring essay: daily lists it; weekly waits for Monday.
    today = new Date("2026-11-25T09:00:00Z");
    t.feed.items.push(topical(6, "Hiring managers", "The hiring manager owns the loop."));
    await second.runJobNow();
    await second.runDigestsNow();
    expect(digests("C0DAILY").map((m) => m.text)).toEqual([
      "Daily digest: 2 new essays",
      "Daily digest: 1 new essay",
    ]);
    expect(digests("C0WEEKLY")).toHaveLength(1);

    today = new Date("2026-11-30T09:00:00Z"); // the next Monday
    await second.runDigestsNow();
    await second.runDigestsNow();
    expect(digests("C0WEEKLY").map((m) => m.text)).toEqual([
      "Weekly digest: 1 new essay",
      "Weekly digest: 1 new essay",
    ]);
    expect(JSON.stringify(digests("C0WEEKLY")[1]?.blocks)).toContain("essay-6");
    expect(digests("C0DAILY")).toHaveLength(2);
    expect(t.fake.limitProblems).toEqual([]);
  });

  it("does not repeat a digest that landed when its confirmation was lost, nor lose one that failed", async () => {
    const today = new Date("2026-11-23T09:00:00Z");
    const t = await setUp({}, [item(1)], () => today);
    const bot = await t.boot();
    await t.command("subscribe daily", { channel_id: "C0LOST" });
    await t.command("subscribe daily", { channel_id: "C0FAIL" });
    let failures = 0;
    t.fake.on("chat.postMessage", (params) => {
      if (params.metadata === undefined || failures >= 2) return undefined;
      failures++;
      if (params.channel === "C0LOST") {
        // It lands in the channel, but the answer never reaches the bot.
        const list = t.fake.messages.get("C0LOST") ?? [];
        list.push({
          ts: `${today.getTime() / 1000}.000009`,
          channel: "C0LOST",
          text: params.text,
          metadata: params.metadata,
        });
        t.fake.messages.set("C0LOST", list);
      }
      return { httpStatus: 500, body: { ok: false } };
    });
    t.feed.items.push(item(2));
    await bot.runJobNow();
    await bot.runDigestsNow();
    await bot.stop();
    const again = await t.boot();
    await again.runDigestsNow();
    const digestsIn = (channel: string) =>
      (t.fake.messages.get(channel) ?? []).filter((m) => String(m.text).includes("digest:"));
    expect(digestsIn("C0LOST")).toHaveLength(1);
    expect(digestsIn("C0FAIL")).toHaveLength(1);
    expect(JSON.stringify(digestsIn("C0FAIL")[0]?.blocks)).toContain("essay-2");
  });
});
