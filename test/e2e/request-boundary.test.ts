/**
 * What reaches /slack/events before Bolt does: hostile or malformed signed payloads are answered
 * 400 (never a 500 or a crash), timestamps outside five minutes either way are refused, and a
 * body larger than anything Slack sends is refused with 413 without being read to the end.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeSlackApi } from "../support/fake-slack-api.js";
import {
  post,
  postInteraction,
  postSlashCommand,
  signatureHeaders,
} from "../support/slack-requests.js";
import { type BotUnderTest, type HttpBot, SIGNING_SECRET, startHttpBot } from "./harness.js";
import { buttonClick } from "./payloads.js";

const FORM = "application/x-www-form-urlencoded";
/** The limit the bot sets (1 MiB, see src/slack/request-guard.ts); Bolt's own default is 4 MB. */
const SLACK_BODY_LIMIT = 1024 * 1024;

describe("the /slack/events boundary", () => {
  let fake: FakeSlackApi;
  let bot: BotUnderTest;
  let base: string;
  let events: string;
  let app: HttpBot;

  beforeAll(async () => {
    app = await startHttpBot();
    ({ fake, bot, base, events } = app);
  });

  afterAll(() => app?.stop());

  async function stillAnswers() {
    const reply = await postSlashCommand(events, SIGNING_SECRET, { text: "promotion" });
    expect(reply.status).toBe(200);
  }

  it.each([
    ["a form payload of null", "payload=null", FORM],
    ["a JSON body of null", "null", "application/json"],
    ["a JSON array", "[1,2]", "application/json"],
    ["a form payload that is a string", `payload=${encodeURIComponent('"x"')}`, FORM],
    [
      "an event that is null",
      JSON.stringify({ type: "event_callback", event: null }),
      "application/json",
    ],
    ["a command sent twice in one form", "command=%2Fessay&command=%2Fessay&text=a", FORM],
  ])("answers 400 to %s and keeps serving", async (_what, body, type) => {
    const res = await post(events, body, type, SIGNING_SECRET, {});
    expect(res.status).toBe(400);
    await stillAnswers();
  });

  it("checks the request however its URL is spelled (absolute form, a query string)", async () => {
    const query = await post(`${events}?x=1`, "null", "application/json", SIGNING_SECRET, {});
    expect(query.status).toBe(400);
    const absolute = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: bot.slackApp.port,
          method: "POST",
          path: `${base}/slack/events`,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.setHeader("content-type", "application/json");
      for (const [name, value] of Object.entries(signatureHeaders("null", SIGNING_SECRET))) {
        req.setHeader(name, value);
      }
      req.end("null");
    });
    expect(absolute).toBe(400);
  });

  it("answers 400 to a block_actions payload without a user, and logs why", async () => {
    const click = buttonClick({ action_id: "essay_next", value: "x" }, fake.responseUrl("nouser"));
    const { user: _user, ...withoutUser } = click;
    const res = await postInteraction(events, SIGNING_SECRET, withoutUser);
    expect(res.status).toBe(400);
    expect(bot.logLines.some((l) => String(l.msg).includes("malformed Slack request"))).toBe(true);
    await stillAnswers();
  });

  it.each([
    ["six minutes ahead", Math.floor(Date.now() / 1000) + 6 * 60],
    ["a day ahead", Math.floor(Date.now() / 1000) + 24 * 60 * 60],
    ["in milliseconds", Date.now()],
    ["six minutes old", Math.floor(Date.now() / 1000) - 6 * 60],
  ])("refuses a correctly signed request dated %s", async (_what, timestamp) => {
    const res = await postSlashCommand(
      events,
      SIGNING_SECRET,
      { text: "promotion" },
      { timestamp },
    );
    expect(res.status).toBe(401);
  });

  it("still answers Slack's unsigned SSL check", async () => {
    const res = await fetch(events, {
      method: "POST",
      headers: { "content-type": FORM },
      body: "ssl_check=1&token=legacy",
    });
    expect(res.status).toBe(200);
  });

  it("accepts a request dated four minutes ahead (clocks drift)", async () => {
    const timestamp = Math.floor(Date.now() / 1000) + 4 * 60;
    const res = await postSlashCommand(
      events,
      SIGNING_SECRET,
      { text: "promotion" },
      { timestamp },
    );
    expect(res.status).toBe(200);
  });

  /**
   * Sends headers and `chunks` but never ends the body, so only a server that answers without
   * reading to the end answers at all; resolves with the status.
   */
  function uploadWithoutEnd(headers: Record<string, string | number>, chunks: Buffer[]) {
    return new Promise<number>((resolve, reject) => {
      let answered = false;
      const req = request(events, { method: "POST", headers }, (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      // The server may close the connection once it has answered; that is the point.
      req.on("error", (error) => (answered ? undefined : reject(error)));
      for (const chunk of chunks) req.write(chunk);
    });
  }

  const chunk = Buffer.alloc(64 * 1024, "a");
  const unsigned = { "content-type": FORM, "x-slack-signature": "v0=00" };

  it("refuses a body announced as larger than the limit with 413, without reading it", async () => {
    const headers = { ...unsigned, "content-length": SLACK_BODY_LIMIT * 2 };
    expect(await uploadWithoutEnd(headers, [chunk])).toBe(413);
  });

  it("stops reading a chunked body at the limit and answers 413", async () => {
    const chunks = Array.from({ length: SLACK_BODY_LIMIT / chunk.length + 1 }, () => chunk);
    expect(await uploadWithoutEnd(unsigned, chunks)).toBe(413);
    await stillAnswers();
  });
});
