/**
 * One DATA_DIR, one bot: two real processes on the same directory would each run the scheduler
 * and post every new essay twice, so the second refuses to start. A lock left by a crash is
 * recovered; a clean stop releases it.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { killBots, spawnBot } from "../support/bot-process.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";

const FEED = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url).pathname;

let fake: FakeSlackApi | undefined;
let data: TempDataDir | undefined;
afterEach(async () => {
  killBots();
  await fake?.close();
  fake = undefined;
  await data?.cleanup();
  data = undefined;
});

async function env() {
  fake ??= await startFakeSlackApi();
  data ??= await tempDataDir();
  return {
    SLACK_BOT_TOKEN: "xoxb-lock-test",
    SLACK_SIGNING_SECRET: "lock-test-secret",
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: FEED,
    DATA_DIR: data.dir,
    ANNOUNCE_CHANNEL: "C0LOCKTEST",
    PORT: "0",
    LOG_LEVEL: "info",
  };
}

describe("the DATA_DIR lock", () => {
  it("refuses a second bot on the same DATA_DIR, naming the first, and is released on stop", async () => {
    const settings = await env();
    const first = spawnBot(settings);
    await first.waitForLog("essay-bot is running");

    const second = spawnBot(settings);
    const { code } = await second.exit(30_000);
    expect(code).toBe(1);
    const fatal = second.lines.find((l) => l.level === 60);
    expect(fatal?.msg).toContain(`essay-bot is already running with DATA_DIR=${settings.DATA_DIR}`);
    expect(fatal?.msg).toContain(`pid ${first.child.pid}`);
    expect(second.lines.map((l) => l.msg)).not.toContain("essay-bot is running");
    // The first bot is untouched by the refusal.
    expect(first.child.exitCode).toBeNull();
    await stat(join(settings.DATA_DIR, "lock"));

    first.child.kill("SIGTERM");
    expect((await first.exit()).code).toBe(0);
    await expect(stat(join(settings.DATA_DIR, "lock"))).rejects.toMatchObject({ code: "ENOENT" });
  }, 60_000);

  it("recovers a lock left by a process that is gone (a crash)", async () => {
    const settings = await env();
    // A pid that was alive a moment ago and is not any more.
    const gone = spawn(process.execPath, ["-e", ""]);
    await once(gone, "exit");
    const stale = { pid: gone.pid, hostname: hostname(), startedAt: "2026-01-01T00:00:00.000Z" };
    await writeFile(join(settings.DATA_DIR, "lock"), `${JSON.stringify(stale)}\n`);

    const bot = spawnBot(settings);
    await bot.waitForLog("essay-bot is running");
    const warning = bot.lines.find((l) => String(l.msg).includes("stale lock"));
    expect(warning?.level).toBe(40);
    const lock = JSON.parse(await readFile(join(settings.DATA_DIR, "lock"), "utf8"));
    expect(lock).toMatchObject({ pid: bot.child.pid, hostname: hostname() });
    bot.child.kill("SIGTERM");
    expect((await bot.exit()).code).toBe(0);
  }, 60_000);
});
