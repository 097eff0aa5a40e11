/**
 * createSlackApp's start-up failures: each must name the setting to fix. (The happy paths are
 * covered end to end in test/e2e/.)
 */

import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { SlackConfig } from "../../src/config.js";
import { createSlackApp } from "../../src/slack/app.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { unreachableUrl } from "../support/feed-server.js";

const logger = pino({ level: "silent" });

function app(slack: Partial<SlackConfig> & Pick<SlackConfig, "mode">, port = 0) {
  return createSlackApp({
    slack: { botToken: "xoxb-test", ...slack },
    port,
    logger,
    getIndex: () => undefined,
    health: () => ({ ready: false }),
  });
}

describe("createSlackApp", () => {
  let fake: FakeSlackApi | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("asks for SLACK_SIGNING_SECRET in HTTP mode", () => {
    expect(() => app({ mode: "http" })).toThrow(/SLACK_SIGNING_SECRET.*Signing Secret/);
  });

  it("asks for SLACK_APP_TOKEN in Socket Mode", () => {
    expect(() => app({ mode: "socket" })).toThrow(/SLACK_APP_TOKEN.*xapp-/);
  });

  it("fails start with the reason when Slack rejects the bot token", async () => {
    fake = await startFakeSlackApi();
    fake.on("auth.test", () => ({ ok: false, error: "invalid_auth" }));
    const bot = app({ mode: "http", signingSecret: "s", apiUrl: fake.apiUrl });
    await expect(bot.start()).rejects.toThrow(/SLACK_BOT_TOKEN.*invalid_auth.*xoxb-/);
    expect(fake.callsTo("auth.test")[0]?.token).toBe("xoxb-test");
  });

  it("fails start within seconds, naming the address, when Slack's Web API cannot be reached", async () => {
    // A port nobody listens on: connection refused on every try.
    const apiUrl = await unreachableUrl("/api/");
    const bot = app({ mode: "http", signingSecret: "s", apiUrl });
    await expect(bot.start()).rejects.toThrow(
      new RegExp(`Could not reach Slack's Web API at ${apiUrl}.*SLACK_API_URL`),
    );
  });

  it("fails start naming SLACK_APP_TOKEN when Slack refuses the Socket Mode connection", async () => {
    fake = await startFakeSlackApi();
    fake.on("apps.connections.open", () => ({ ok: false, error: "invalid_auth" }));
    const bot = app({ mode: "socket", appToken: "xapp-bad", apiUrl: fake.apiUrl });
    await expect(bot.start()).rejects.toThrow(/Socket Mode could not connect.*SLACK_APP_TOKEN/);
    expect(fake.callsTo("apps.connections.open")[0]?.token).toBe("xapp-bad");
    // The /healthz server it had opened is closed again: nothing keeps the process alive.
    await expect(fetch(`http://127.0.0.1:${bot.port}/healthz`)).rejects.toThrow();
  });

  it("fails start naming PORT when the port is taken", async () => {
    fake = await startFakeSlackApi();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const bot = app({ mode: "http", signingSecret: "s", apiUrl: fake.apiUrl }, port);
      await expect(bot.start()).rejects.toThrow(/Port \d+ \(PORT\) is already in use/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it("stops cleanly even if it never started", async () => {
    await expect(app({ mode: "http", signingSecret: "s" }).stop()).resolves.toBeUndefined();
  });
});
