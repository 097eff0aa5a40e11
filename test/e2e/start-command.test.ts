/** `npm start` as a newcomer runs it: the real entry point in a child process. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
// Resolved here: the child runs in an empty temp directory with no node_modules of its own.
const TSX = import.meta.resolve("tsx");

function start(env: Record<string, string>, dotEnv?: string | { directory: true }) {
  // An empty working directory, so a developer's own .env can't leak into the test.
  const cwd = mkdtempSync(join(tmpdir(), "essay-bot-start-"));
  if (typeof dotEnv === "string") writeFileSync(join(cwd, ".env"), dotEnv);
  else if (dotEnv) mkdirSync(join(cwd, ".env"));
  return spawnSync(process.execPath, ["--import", TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 15_000,
  });
}

describe("the start command", () => {
  it("with no Slack tokens says what to set and where to get it, without a stack trace", () => {
    const run = start({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SLACK_BOT_TOKEN");
    expect(run.stderr).toContain("SLACK_APP_TOKEN");
    expect(run.stderr).toContain("https://api.slack.com/apps");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("with bad settings names every wrong variable in one message", () => {
    const run = start({
      SLACK_BOT_TOKEN: "not-a-bot-token",
      SLACK_APP_TOKEN: "xoxb-wrong-kind",
      REFRESH_CRON: "every ten minutes",
      PORT: "http",
    });
    expect(run.status).toBe(1);
    for (const name of ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "REFRESH_CRON", "PORT"]) {
      expect(run.stderr).toContain(name);
    }
    expect(run.stderr).not.toContain("not-a-bot-token");
  });

  it("lets a variable set empty in the environment win over .env (it counts as unset)", () => {
    // The bad bot token makes the start stop at the settings, listing every problem there is.
    const run = start(
      { SLACK_BOT_TOKEN: "not-a-bot-token", SLACK_APP_TOKEN: "xapp-1", PORT: "", LOG_LEVEL: "" },
      "PORT=not-a-port\nLOG_LEVEL=chatty\nREFRESH_CRON=never\n",
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("SLACK_BOT_TOKEN");
    expect(run.stderr).toContain("REFRESH_CRON"); // the file is read
    expect(run.stderr).not.toContain("PORT");
    expect(run.stderr).not.toContain("LOG_LEVEL");
  });

  it("with an unreadable .env says so in one sentence, without a stack trace", () => {
    const run = start({}, { directory: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Could not read .env");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a token pasted with the README's placeholder, naming the variable", () => {
    const run = start({ SLACK_BOT_TOKEN: "xoxb-…", SLACK_APP_TOKEN: "xapp-… " });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SLACK_BOT_TOKEN holds characters no Slack credential has/);
    expect(run.stderr).toMatch(/SLACK_APP_TOKEN holds characters no Slack credential has/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
