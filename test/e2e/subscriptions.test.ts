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
});
