/**
 * Socket Mode end to end: the real app asks the fake Web API for a WebSocket URL
 * (apps.connections.open), connects to a local `ws` server standing in for Slack's, receives a
 * slash command envelope and must answer it in the envelope's ack.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { slashCommandFields } from "../support/slack-requests.js";
import { type BotUnderTest, createBot, fixtureIndex } from "./harness.js";
import { eventually } from "./payloads.js";

const APP_TOKEN = "xapp-1-test-app-token";

describe("Socket Mode", () => {
  let fake: FakeSlackApi;
  let wss: WebSocketServer;
  let bot: BotUnderTest;
  let slackSide: WebSocket;
  /** Every message the app sent over the socket, parsed. */
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await once(wss, "listening");
    const { port } = wss.address() as AddressInfo;
    fake.on("apps.connections.open", () => ({ ok: true, url: `ws://127.0.0.1:${port}/link` }));
    wss.on("connection", (socket) => {
      slackSide = socket;
      socket.on("message", (data) => received.push(JSON.parse(String(data))));
      // Slack greets every new connection; the client counts as connected only after this.
      socket.send(
        JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0APP" } }),
      );
    });
    bot = createBot(fake, { mode: "socket", appToken: APP_TOKEN });
    await bot.slackApp.start();
  });

  afterAll(async () => {
    await bot?.slackApp.stop();
    for (const client of wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => wss?.close(() => resolve()));
    await fake?.close();
  });

  function ackFor(envelopeId: string) {
    return eventually(
      () =>
        received.find((m) => m.envelope_id === envelopeId) as
          | { envelope_id: string; payload: Record<string, unknown> }
          | undefined,
      `the ack of envelope ${envelopeId}`,
    );
  }

  function sendCommand(envelopeId: string, text: string) {
    slackSide.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: "slash_commands",
        accepts_response_payload: true,
        payload: slashCommandFields({ text, response_url: fake.responseUrl() }),
      }),
    );
  }

  it("verified the bot token and opened the connection with the app token, both at the fake", () => {
    expect(fake.callsTo("auth.test")[0]?.token).toBe("xoxb-test-bot-token");
    expect(fake.callsTo("apps.connections.open")[0]?.token).toBe(APP_TOKEN);
  });

  it("serves /healthz on its own port: 503 while loading, 200 JSON after", async () => {
    const url = `http://127.0.0.1:${bot.slackApp.port}/healthz`;
    expect((await fetch(url)).status).toBe(503);
    bot.setIndex(await fixtureIndex());
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, essays: expect.any(Number) });
  });

  it("answers a slash command in the envelope ack, ephemerally", async () => {
    bot.setIndex(await fixtureIndex());
    sendCommand("env-search", "engineering leadership");
    const ack = await ackFor("env-search");
    expect(ack.payload.response_type).toBe("ephemeral");
    expect(JSON.stringify(ack.payload.blocks)).toMatch(/\*[^*]+\*/);
    expect(fake.limitProblems).toEqual([]);
  });

  it("answers politely while the index is still loading", async () => {
    bot.setIndex(undefined);
    sendCommand("env-loading", "hiring");
    const ack = await ackFor("env-loading");
    expect(ack.payload).toMatchObject({ response_type: "ephemeral" });
    expect(String(ack.payload.text)).toMatch(/still loading/i);
  });

  it.each([
    ["a null payload", { envelope_id: "env-null", type: "events_api", payload: null }],
    [
      "an event without a type",
      { envelope_id: "env-notype", type: "events_api", payload: { event: {} } },
    ],
    [
      "a click without a user",
      {
        envelope_id: "env-nouser",
        type: "interactive",
        payload: { type: "block_actions", actions: [{}] },
      },
    ],
  ])("acks and drops a frame with %s, and keeps answering", async (_what, frame) => {
    bot.setIndex(await fixtureIndex());
    slackSide.send(JSON.stringify(frame));
    const ack = await ackFor(frame.envelope_id);
    expect(ack.payload).toEqual({});
    expect(bot.logLines.some((l) => l.msg === "dropped a malformed Socket Mode frame")).toBe(true);
    sendCommand(`after-${frame.envelope_id}`, "hiring");
    expect((await ackFor(`after-${frame.envelope_id}`)).payload.response_type).toBe("ephemeral");
  });
});
