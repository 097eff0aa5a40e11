/**
 * Starting with DATABASE_URL, as an operator would meet it: a database that is not up yet is
 * waited for (a deploy may start the bot first); a wrong password or database is a setting to
 * fix, said in one sentence naming DATABASE_URL without its password, and the process exits 1.
 */
import { afterEach, describe, expect, inject, it } from "vitest";
import { killBots, spawnBot } from "../support/bot-process.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { type PostgresServer, startPostgres, testDatabase } from "../support/postgres.js";

const FEED = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url).pathname;
let fake: FakeSlackApi | undefined;
let data: TempDataDir | undefined;
let server: PostgresServer | undefined;
afterEach(async () => {
  killBots();
  await fake?.close();
  await data?.cleanup();
  await server?.destroy();
  server = undefined;
});

async function env(databaseUrl: string) {
  fake = await startFakeSlackApi();
  data = await tempDataDir();
  return {
    SLACK_BOT_TOKEN: "xoxb-database-start",
    SLACK_SIGNING_SECRET: "database-start-secret",
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: FEED,
    DATA_DIR: data.dir,
    DATABASE_URL: databaseUrl,
    PORT: "0",
  };
}

describe("starting on Postgres", () => {
  it("a wrong password: exit 1 with a sentence naming DATABASE_URL, never the password", async () => {
    const url = new URL(inject("postgresAdminUrl"));
    url.password = "not-the-password";
    const bot = spawnBot(await env(url.toString()));
    const { code } = await bot.exit(30_000);
    expect(code).toBe(1);
    const fatal = bot.lines.find((l) => l.level === 60);
    expect(String(fatal?.msg)).toContain("DATABASE_URL");
    expect(String(fatal?.msg)).toContain(`postgres://postgres@127.0.0.1:${url.port}/postgres`);
    expect(bot.output()).not.toContain("not-the-password");
  });

  it("a database not up yet is waited for, and the bot runs once it answers", async () => {
    server = await startPostgres();
    const db = await testDatabase(server.adminUrl);
    await server.stop();
    const bot = spawnBot(await env(db.url));
    await bot.waitForLog("Waiting for Postgres (DATABASE_URL) to answer before starting", 30_000);
    expect(bot.child.exitCode).toBeNull();
    await server.start();
    const running = await bot.waitForLog("essay-bot is running", 60_000);
    expect(running.store).toBe("postgres");
    const health = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    const report = (await health.json()) as Record<string, unknown>;
    expect(report.store).toBe("postgres");
    expect(report.database).toMatchObject({ reachable: true });
  });
});
