/**
 * Start-up as the person running the bot meets it when something is wrong: the real process
 * against a loopback fake of Slack's Web API. Each failure ends the process with exit code 1 and
 * one sentence saying what to do, never a stack trace (that is logged at debug level); a signal
 * during start-up stops it cleanly.
 */
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BotProcess, killBots, spawnBot } from "../support/bot-process.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";

const FEED = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url).pathname;

let fake: FakeSlackApi | undefined;
let data: TempDataDir | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  killBots();
  await fake?.close();
  fake = undefined;
  await data?.cleanup();
  data = undefined;
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

async function httpModeEnv(extra: Record<string, string> = {}) {
  fake ??= await startFakeSlackApi();
  data ??= await tempDataDir();
  return {
    SLACK_BOT_TOKEN: "xoxb-start-failures",
    SLACK_SIGNING_SECRET: "start-failures-secret",
    SLACK_API_URL: fake.apiUrl,
    FEED_URLS: FEED,
    DATA_DIR: data.dir,
    PORT: "0",
    LOG_LEVEL: "info",
    ...extra,
  };
}

/** Exit 1, and one fatal line holding the sentence: no stack anywhere in what was printed. */
async function expectCleanFailure(bot: BotProcess): Promise<string> {
  const { code } = await bot.exit(30_000);
  expect(code).toBe(1);
  const fatal = bot.lines.filter((l) => l.level === 60);
  expect(fatal).toHaveLength(1);
  expect(fatal[0]?.err).toBeUndefined();
  expect(bot.output()).not.toMatch(/\s+at .+:\d+:\d+/);
  expect(bot.output()).not.toContain('"stack"');
  return String(fatal[0]?.msg);
}

describe("start-up against a Web API that never answers", () => {
  it("gives up within about 10 s with a sentence naming the address", async () => {
    const env = await httpModeEnv();
    fake?.on("auth.test", () => new Promise(() => {}));
    const bot = spawnBot(env);
    const msg = await expectCleanFailure(bot);
    expect(msg).toContain(env.SLACK_API_URL);
    expect(msg).toContain("SLACK_API_URL");
    expect(msg).toMatch(/did not answer/);
  }, 40_000);

  it("stops cleanly on SIGTERM while waiting for Slack, with the stopped line and exit 0", async () => {
    const env = await httpModeEnv();
    fake?.on("auth.test", () => new Promise(() => {}));
    const bot = spawnBot(env);
    await fake?.waitFor("auth.test", 1, 20_000);
    bot.child.kill("SIGTERM");
    const { code } = await bot.exit();
    expect(code).toBe(0);
    expect(bot.lines.map((l) => l.msg)).toContain("stopped");
    expect(bot.lines.map((l) => l.msg)).not.toContain("essay-bot is running");
  }, 40_000);
});

describe("start-up failures print one clean sentence", () => {
  it("a rejected bot token", async () => {
    const env = await httpModeEnv();
    fake?.on("auth.test", () => ({ ok: false, error: "invalid_auth" }));
    const msg = await expectCleanFailure(spawnBot(env));
    expect(msg).toContain("Slack did not accept SLACK_BOT_TOKEN");
    expect(msg).toContain("invalid_auth");
  }, 40_000);

  it("a rejected app token (Socket Mode)", async () => {
    const env = await httpModeEnv({ SLACK_APP_TOKEN: "xapp-start-failures" });
    fake?.on("apps.connections.open", () => ({ ok: false, error: "invalid_auth" }));
    const msg = await expectCleanFailure(spawnBot(env));
    expect(msg).toContain("SLACK_APP_TOKEN");
  }, 40_000);

  it("Slack unreachable, with the stack at debug level", async () => {
    // A port that was just free: nothing listens there, so every connection is refused.
    const closed = await freePort();
    const env = await httpModeEnv({
      SLACK_API_URL: `http://127.0.0.1:${closed}/api/`,
      LOG_LEVEL: "debug",
    });
    const bot = spawnBot(env);
    const { code } = await bot.exit(30_000);
    expect(code).toBe(1);
    const fatal = bot.lines.filter((l) => l.level === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.err).toBeUndefined();
    expect(String(fatal[0]?.msg)).toContain(`http://127.0.0.1:${closed}/api/`);
    // The details are there for whoever turns LOG_LEVEL up.
    const details = bot.lines.find((l) => l.level === 20 && l.err !== undefined);
    expect(JSON.stringify(details?.err)).toContain("stack");
  }, 40_000);

  it("a port in use asks whether essay-bot is already running", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, resolve));
    const port = String((blocker.address() as { port: number }).port);
    const msg = await expectCleanFailure(spawnBot(await httpModeEnv({ PORT: port })));
    expect(msg).toMatch(/^Port \d+ \(PORT\) is already in use: is essay-bot already running\?/);
  }, 40_000);

  it("a port in use in Socket Mode asks the same", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, resolve));
    const port = String((blocker.address() as { port: number }).port);
    const env = await httpModeEnv({ PORT: port, SLACK_APP_TOKEN: "xapp-start-failures" });
    const msg = await expectCleanFailure(spawnBot(env));
    expect(msg).toContain("is essay-bot already running?");
  }, 40_000);
});

describe("a DATA_DIR the bot cannot use stops it at start with one sentence", () => {
  it("not writable (existing essays/ inside, so nothing else would notice at start)", async (ctx) => {
    if (process.platform === "win32") ctx.skip();
    data = await tempDataDir();
    const dir = join(data.dir, "readonly");
    await mkdir(join(dir, "essays"), { recursive: true });
    await chmod(join(dir, "essays"), 0o555);
    await chmod(dir, 0o555);
    await chmod(data.dir, 0o755);
    // Root writes anywhere: meet the directory as an unprivileged user instead.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const bot = spawnBot(await httpModeEnv({ DATA_DIR: dir }), { ...asNobody, cwd: data.dir });
    const msg = await expectCleanFailure(bot);
    expect(msg).toContain(`DATA_DIR=${dir}`);
    expect(msg).toContain("not writable");
    await chmod(dir, 0o755);
    await chmod(join(dir, "essays"), 0o755);
  }, 40_000);

  it("writable, but its essays/ is not", async (ctx) => {
    if (process.platform === "win32") ctx.skip();
    data = await tempDataDir();
    const dir = join(data.dir, "data");
    await mkdir(join(dir, "essays"), { recursive: true });
    await chmod(join(dir, "essays"), 0o555);
    await chmod(dir, 0o777);
    await chmod(data.dir, 0o755);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const bot = spawnBot(await httpModeEnv({ DATA_DIR: dir }), { ...asNobody, cwd: data.dir });
    const msg = await expectCleanFailure(bot);
    expect(msg).toContain(`${join(dir, "essays")} (in DATA_DIR=${dir}) is not writable`);
    await chmod(join(dir, "essays"), 0o755);
  }, 40_000);

  it("below a regular file: says it is a file, not a corrupt archive", async () => {
    data = await tempDataDir();
    const file = join(data.dir, "notes.txt");
    await writeFile(file, "not a directory\n");
    const dir = join(file, "data");
    const msg = await expectCleanFailure(spawnBot(await httpModeEnv({ DATA_DIR: dir })));
    expect(msg).toContain(`DATA_DIR=${dir}`);
    expect(msg).toContain(`${file} is a file, not a directory`);
    expect(msg).not.toMatch(/corrupt|archive/i);
  }, 40_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
