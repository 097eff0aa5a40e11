/**
 * The real process (`npm start`'s entry point under tsx) against hostile signed requests and
 * errors that escape every handler: a `null` body is refused and the bot keeps serving; an escaped
 * rejection is logged at error level and the bot keeps serving; an uncaught exception is logged
 * and the process exits 1 for its supervisor to restart.
 */
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { killBots, spawnBot } from "../support/bot-process.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { post, postSlashCommand } from "../support/slack-requests.js";
import { eventually } from "./payloads.js";

const ESCAPE = new URL("../fixtures/escape-on-signal.mjs", import.meta.url).href;
const FEED = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url).pathname;
const SECRET = "boundary-test-secret";

let fake: FakeSlackApi | undefined;
let data: TempDataDir | undefined;
afterEach(async () => {
  killBots();
  await fake?.close();
  await data?.cleanup();
});

/** Starts the bot in HTTP mode; resolves with its base URL and the JSON lines it logs. */
async function startProcess(escapeMode: "reject" | "throw" = "reject") {
  fake = await startFakeSlackApi();
  data = await tempDataDir();
  const bot = spawnBot(
    {
      SLACK_BOT_TOKEN: "xoxb-boundary-test",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      FEED_URLS: FEED,
      DATA_DIR: data.dir,
      PORT: "0",
      LOG_LEVEL: "info",
      ESCAPE: escapeMode,
    },
    { cwd: data.dir, nodeArgs: ["--import", ESCAPE] },
  );
  // Longer than eventually()'s 5 s: tsx compiles the whole app on a machine shared with others.
  const running = await bot.waitForLog("essay-bot is running", 20_000);
  const base = `http://127.0.0.1:${running.port}`;
  return { proc: bot.child, lines: bot.lines, base, events: `${base}/slack/events` };
}

describe("the bot process at its boundary", () => {
  it("refuses signed null bodies with 400 and keeps answering /essay", async () => {
    const { proc, events } = await startProcess();
    const form = await post(
      events,
      "payload=null",
      "application/x-www-form-urlencoded",
      SECRET,
      {},
    );
    const json = await post(events, "null", "application/json", SECRET, {});
    expect([form.status, json.status]).toEqual([400, 400]);
    const reply = await postSlashCommand(events, SECRET, { text: "promotion" });
    expect(reply.status).toBe(200);
    expect(proc.exitCode).toBeNull();
  });

  it("logs an escaped rejection at error level and keeps serving", async () => {
    const { proc, lines, base } = await startProcess("reject");
    proc.kill("SIGUSR2");
    const logged = await eventually(
      () => lines.find((l) => l.event === "unhandledRejection"),
      "the unhandledRejection line",
    );
    expect(logged.level).toBe(50);
    expect(JSON.stringify(logged.err)).toContain("rejected on purpose by the test");
    expect((await fetch(`${base}/healthz`)).status).toBeLessThan(600);
    expect(proc.exitCode).toBeNull();
  });

  it("logs an uncaught exception and exits 1 for the supervisor to restart", async () => {
    const { proc, lines } = await startProcess("throw");
    proc.kill("SIGUSR2");
    const [code] = await once(proc, "exit");
    expect(code).toBe(1);
    const fatal = lines.find((l) => l.level === 60);
    expect(JSON.stringify(fatal?.err)).toContain("thrown on purpose by the test");
  });
});
