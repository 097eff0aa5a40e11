/**
 * A private feed configured as `https://user:pass@host/feed` (the way most feed readers take
 * one): the whole bot (startBot) loads it by sending the credentials as an Authorization: Basic
 * header, and neither /healthz nor the log shows them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startBot } from "../../src/bot.js";
import { parseConfig } from "../../src/config.js";
import { tempDataDir } from "../support/data-dir.js";
import { startFakeSlackApi } from "../support/fake-slack-api.js";
import { feedXml, items } from "../support/feed-items.js";
import { closeFeedServers, startRawFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";

const USER = "reader";
const PASSWORD = "s3cret pass/word";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await closeFeedServers();
});

describe("a feed URL with credentials", () => {
  it("is fetched with Basic auth, and /healthz and the log never show the password", async () => {
    const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
    const feed = await startRawFeedServer((req, res) => {
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="feed"' }).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(feedXml(items(1, 3)));
    });
    const fake = await startFakeSlackApi();
    const data = await tempDataDir();
    cleanups.push(
      () => fake.close(),
      () => data.cleanup(),
    );
    const feedUrl = feed.url.replace("http://", `http://${USER}:${encodeURIComponent(PASSWORD)}@`);
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: "private-feed-secret",
      SLACK_API_URL: fake.apiUrl,
      FEED_URLS: `${feedUrl}/feed`,
      DATA_DIR: data.dir,
      PORT: "0",
      REFRESH_CRON: "0 0 1 1 *",
    });
    const log = memoryLogger();
    const bot = await startBot({ config, log });
    cleanups.push(() => bot.stop());
    await bot.runJobNow();

    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    const text = await health.text();
    expect(health.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ essays: 3 });
    expect(feed.requests[0]?.headers.authorization).toBe(expected);
    for (const shown of [text, JSON.stringify(log.lines)]) {
      expect(shown).not.toContain(encodeURIComponent(PASSWORD));
      expect(shown).not.toContain(PASSWORD);
      expect(shown).not.toContain(expected.slice("Basic ".length));
    }
  });
});
