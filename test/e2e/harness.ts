/**
 * Shared set-up for the end-to-end tests: a real index built from the reference feed, and the
 * real Slack app pointed at the loopback fake Web API, logging to memory (so tests can read what
 * was logged).
 */
import { readFile } from "node:fs/promises";
import { parseFeed } from "../../src/feed/parse.js";
import { buildCorpus } from "../../src/library/corpus.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import type { HealthReport } from "../../src/slack/health.js";
import type { SubscriptionDeps } from "../../src/slack/listeners/subscription-deps.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { memoryLogger } from "../support/logger.js";

export const FIXTURE_FEED = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url);
export const SIGNING_SECRET = "test-signing-secret";

let cached: Promise<SearchIndex> | undefined;

/** The index every e2e test searches: built once per file from the reference feed. */
export function fixtureIndex(): Promise<SearchIndex> {
  cached ??= (async () => {
    const feed = await parseFeed(
      await readFile(FIXTURE_FEED),
      "https://forem.com/feed/jonoherrington",
    );
    return SearchIndex.build(buildCorpus(feed.essays));
  })();
  return cached;
}

export interface BotUnderTest {
  slackApp: SlackApp;
  /** Swap the index the app sees (undefined = still loading). */
  setIndex(index: SearchIndex | undefined): void;
  logLines: Record<string, unknown>[];
}

export function createBot(
  fake: FakeSlackApi,
  mode: { mode: "http" } | { mode: "socket"; appToken: string },
  extra: { subscriptions?: SubscriptionDeps } = {},
): BotUnderTest {
  let index: SearchIndex | undefined;
  const logger = memoryLogger();
  const slackApp = createSlackApp({
    slack: {
      botToken: "xoxb-test-bot-token",
      apiUrl: fake.apiUrl,
      ...(mode.mode === "http"
        ? { mode: "http", signingSecret: SIGNING_SECRET }
        : { mode: "socket", appToken: mode.appToken }),
    },
    port: 0,
    logger,
    getIndex: () => index,
    ...extra,
    health: (): HealthReport =>
      index
        ? { ready: true, essays: index.essayCount, sections: index.sectionCount }
        : { ready: false },
  });
  return {
    slackApp,
    setIndex(next) {
      index = next;
    },
    logLines: logger.lines,
  };
}

/** A fake Web API and the real app in HTTP mode on a real port, serving the fixture index. */
export interface HttpBot {
  fake: FakeSlackApi;
  bot: BotUnderTest;
  /** `http://127.0.0.1:<port>` and its `/slack/events`. */
  base: string;
  events: string;
  stop(): Promise<void>;
}

export async function startHttpBot(
  extra: { subscriptions?: SubscriptionDeps } = {},
): Promise<HttpBot> {
  const fake = await startFakeSlackApi();
  const bot = createBot(fake, { mode: "http" }, extra);
  bot.setIndex(await fixtureIndex());
  await bot.slackApp.start();
  const base = `http://127.0.0.1:${bot.slackApp.port}`;
  return {
    fake,
    bot,
    base,
    events: `${base}/slack/events`,
    async stop() {
      await bot.slackApp.stop();
      await fake.close();
    },
  };
}
