/**
 * The real entry point (`npm start` runs the same file compiled) in a child process, with tokens
 * for the loopback fake Web API: it answers signed /essay requests, serves /healthz, and exits 0
 * on SIGTERM after letting the running job finish.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { postSlashCommand } from "../support/slack-requests.js";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
const TSX = import.meta.resolve("tsx");
const FEED = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url).pathname;
const SECRET = "process-test-secret";

let child: ChildProcess | undefined;
let fake: FakeSlackApi | undefined;
let data: TempDataDir | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await fake?.close();
  await data?.cleanup();
});

/** Resolves with the first JSON log line matching `msg`, collecting every line in `lines`. */
function waitForLog(proc: ChildProcess, msg: string, lines: Record<string, unknown>[]) {
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(
      () => reject(new Error(`no "${msg}" log line; got ${JSON.stringify(lines)}`)),
      15_000,
    );
    proc.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const part of parts) {
        if (!part.trim()) continue;
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === msg) {
          clearTimeout(timer);
          resolve(line);
        }
      }
    });
  });
}

describe("the bot process", () => {
  it("answers signed /essay requests in HTTP mode and stops cleanly on SIGTERM", async () => {
    fake = await startFakeSlackApi();
    data = await tempDataDir();
    const dataDir = data.dir;
    child = spawn(process.execPath, ["--import", TSX, MAIN], {
      cwd: dataDir,
      env: {
        PATH: process.env.PATH ?? "",
        SLACK_BOT_TOKEN: "xoxb-process-test",
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        FEED_URLS: FEED,
        DATA_DIR: dataDir,
        PORT: "0",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    const running = await waitForLog(child, "essay-bot is running", lines);
    const base = `http://127.0.0.1:${running.port}`;

    // The first refresh runs right after start; wait until the index is loaded.
    let health: Response | undefined;
    for (let i = 0; i < 100; i++) {
      health = await fetch(`${base}/healthz`);
      if (health.status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!health) throw new Error("/healthz never answered");
    expect(health.status).toBe(200);
    expect(((await health.json()) as { essays: number }).essays).toBe(12);

    const reply = await postSlashCommand(`${base}/slack/events`, SECRET, { text: "promotion" });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain("The Promotion Happened");
    // Tokens never reach the log.
    expect(JSON.stringify(lines)).not.toContain("xoxb-process-test");
    expect(JSON.stringify(lines)).not.toContain(SECRET);

    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(lines.map((l) => l.msg)).toContain("stopped");
  });
});
