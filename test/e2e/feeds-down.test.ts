/**
 * A first start whose feeds all fail (mistyped, down): the whole bot (startBot) against a
 * loopback feed host answering 404, the fake Slack Web API and a real temp DATA_DIR. /essay and
 * `latest` must say the essays could not be loaded and why, /healthz must not claim ready, and
 * the log must say it at error level, until a feed loads.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Bot, startBot } from "../../src/bot.js";
import { parseConfig } from "../../src/config.js";
import { tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { feedXml, item } from "../support/feed-items.js";
import { closeFeedServers, startRawFeedServer, unreachableUrl } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";
import { postSlashCommand } from "../support/slack-requests.js";

const SECRET = "feeds-down-signing-secret";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await closeFeedServers();
});

async function boot(feedUrls: string) {
  const fake: FakeSlackApi = await startFakeSlackApi();
  const data = await tempDataDir();
  cleanups.push(
    () => fake.close(),
    () => data.cleanup(),
  );
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: feedUrls,
    DATA_DIR: data.dir,
    PORT: "0",
    REFRESH_CRON: "0 0 1 1 *",
  });
  const log = memoryLogger();
  const bot: Bot = await startBot({ config, log });
  cleanups.push(() => bot.stop());
  await bot.runJobNow();
  const base = `http://127.0.0.1:${bot.port}`;
  const essay = async (text: string) => {
    const res = await postSlashCommand(`${base}/slack/events`, SECRET, { text });
    expect(res.status).toBe(200);
    return JSON.stringify(res.json);
  };
  const health = async () => {
    const res = await fetch(`${base}/healthz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { bot, log, essay, health };
}

describe("every feed failing on a first start", () => {
  it("says so in /essay, latest, /healthz and the log, then serves once a feed loads", async () => {
    let mode: "404" | "ok" = "404";
    const host = await startRawFeedServer((_req, res) => {
      if (mode === "404") res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      else res.writeHead(200, { "content-type": "application/rss+xml" }).end(feedXml([item(1)]));
    });
    const feedUrl = `${host.url}/feed/mistyped`;
    const { bot, log, essay, health } = await boot(feedUrl);

    for (const text of ["promotion", "latest"]) {
      const reply = await essay(text);
      expect(reply).toContain("could not be loaded");
      expect(reply).toContain(feedUrl);
      expect(reply).toContain("404");
      expect(reply).not.toContain("No section matches");
    }

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ready: false, essays: 0 });
    expect(String(down.body.notReady)).toContain(feedUrl);

    const errors = log.entries.filter((e) => e.level === "error");
    expect(errors.some((e) => e.msg.includes("No essays could be loaded"))).toBe(true);

    mode = "ok";
    await bot.runJobNow();
    expect((await health()).status).toBe(200);
    expect(await essay("number")).toContain("Essay number");
    expect(await essay("latest")).not.toContain("could not be loaded");
  });

  it("names an unreachable feed without the secret in its query string", async () => {
    const url = `${await unreachableUrl("/feed")}?key=s3cret`;
    const { essay, health } = await boot(url);
    const reply = await essay("promotion");
    expect(reply).toContain("could not be loaded");
    expect(reply).not.toContain("s3cret");
    expect(JSON.stringify((await health()).body)).not.toContain("s3cret");
  });
});
