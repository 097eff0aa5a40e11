/**
 * Subscriptions end to end (startBot): signed /essay commands and events on the real Bolt app,
 * a loopback feed, the fake Slack Web API and a real temp DATA_DIR, restarted by booting again.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Bot, startBot } from "../../src/bot.js";
import { type Env, parseConfig } from "../../src/config.js";
import { tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { type FeedItem, item } from "../support/feed-items.js";
import { startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";
import { postEvent, postInteraction, postSlashCommand } from "../support/slack-requests.js";

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

async function setUp(env: Env = {}, items: FeedItem[] = [item(1), item(2)]) {
  const fake: FakeSlackApi = await startFakeSlackApi();
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
    const started = await startBot({ config, log: memoryLogger() });
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
    expect(await t.health()).toMatchObject({ subscriptions: { channels: 1, alerts: 0 } });
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
    expect((await t.command("notify off", { user_id: "U0BOB" }))?.text).toBe(
      "Your alerts are off.",
    );
    expect((await t.command("notify"))?.text).toContain("Say which topics");
    expect(t.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("lets only SUBSCRIPTION_ADMINS change a channel's subscription when it is set", async () => {
    const t = await setUp({ SUBSCRIPTION_ADMINS: "U0ADMIN, U0BOSS" });
    await t.boot();
    const refused = await t.command("subscribe promotion", { user_id: "U0BOB" });
    expect(refused?.text).toBe(
      "Only <@U0ADMIN> or <@U0BOSS> can change this channel's subscription. You can still get your own alerts: `/essay notify <topic>, …`.",
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
