/**
 * Essays on a host the manifest's unfurl_domains does not cover never unfurl, and Slack says
 * nothing about it: the bot must. The whole bot (startBot) reading the real manifest.yml,
 * against loopback feeds and the fake Slack Web API.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startBot } from "../../src/bot.js";
import { parseConfig } from "../../src/config.js";
import { tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { item } from "../support/feed-items.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function warningsFor(feeds: FeedServer[]) {
  const fake: FakeSlackApi = await startFakeSlackApi();
  const data = await tempDataDir();
  cleanups.push(
    () => fake.close(),
    () => data.cleanup(),
    ...feeds.map((f) => () => f.close()),
  );
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: "unfurl-domains-secret",
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: feeds.map((f) => f.url).join(","),
    DATA_DIR: data.dir,
    PORT: "0",
    REFRESH_CRON: "0 0 1 1 *",
  });
  const log = memoryLogger();
  const bot = await startBot({ config, log });
  cleanups.push(() => bot.stop());
  await bot.runJobNow();
  await bot.runJobNow();
  return log.entries.filter((e) => e.level === "warn" && e.msg.includes("unfurl_domains"));
}

describe("unfurl_domains check at start", () => {
  it("warns once, naming the essays' hosts manifest.yml does not cover and what to add", async () => {
    const elsewhere = await startFeedServer([
      item(1, { link: "https://www.essays.test/essay-1" }),
      item(2, { link: "https://blog.example.test/essay-2" }),
    ]);
    const forem = await startFeedServer([
      item(3, { link: "https://dev.to/author/essay-3" }),
      item(4, { link: "https://community.forem.com/author/essay-4" }),
    ]);
    const warnings = await warningsFor([elsewhere, forem]);
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning?.fields.missing).toEqual(["blog.example.test", "www.essays.test"]);
    expect(warning?.msg).toContain("essays.test");
    expect(warning?.msg).toContain("blog.example.test");
    expect(warning?.msg).not.toContain("dev.to,");
    expect(warning?.msg).toContain("manifest");
  });

  it("says nothing when the manifest covers every essay's host", async () => {
    const forem = await startFeedServer([item(1, { link: "https://forem.com/author/essay-1" })]);
    expect(await warningsFor([forem])).toEqual([]);
  });
});
