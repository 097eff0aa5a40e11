import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { CENSOR, CIRCULAR, scrub, scrubText, TOO_DEEP } from "../src/redact.js";

const BOT = "xoxb-1111-2222-topsecretbot";

describe("scrub", () => {
  it("censors secret keys at any depth and in any case, leaving the input untouched", () => {
    const input = {
      mode: "http",
      config: { slack: { botToken: BOT, nested: { deeper: { SigningSecret: "s3cret" } } } },
      req: { headers: { Authorization: `Bearer ${BOT}`, accept: "*/*" } },
    };
    const before = structuredClone(input);
    const out = scrub(input);
    expect(out).toEqual({
      mode: "http",
      config: { slack: { botToken: CENSOR, nested: { deeper: { SigningSecret: CENSOR } } } },
      req: { headers: { Authorization: CENSOR, accept: "*/*" } },
    });
    expect(input).toEqual(before);
  });

  it("returns the very same object when there is nothing to hide", () => {
    const fields = { command: "/essay", user: "U1", list: [1, "two", { three: 3 }] };
    expect(scrub(fields)).toBe(fields);
  });

  it("scrubs tokens out of strings, arrays and error messages, keeping the error an error", () => {
    const error = Object.assign(new Error(`auth failed for ${BOT}`), {
      code: "slack_webapi_platform_error",
      data: { ok: false, token: BOT },
    });
    const out = scrub({ err: error, notes: [`used ${BOT}`] });
    expect(out.err).toBeInstanceOf(Error);
    expect(out.err.message).toBe("auth failed for xoxb-[redacted]");
    expect(out.err.stack).not.toContain(BOT);
    expect(out.err.code).toBe("slack_webapi_platform_error");
    expect(out.err.data).toEqual({ ok: false, token: CENSOR });
    expect(Object.keys(out.err)).not.toContain("message");
    expect(out.notes).toEqual(["used xoxb-[redacted]"]);
    expect(error.message).toContain(BOT);
  });

  it("cuts cycles and what is too deep to check, and prints dates and buffers as JSON would", () => {
    const cyclic: Record<string, unknown> = { name: "loop", token: BOT };
    cyclic.self = cyclic;
    expect(scrub(cyclic)).toEqual({ name: "loop", token: CENSOR, self: CIRCULAR });
    let deep: Record<string, unknown> = { note: "fine" };
    for (let i = 0; i < 15; i++) deep = { next: deep };
    expect(JSON.stringify(scrub(deep))).toContain(TOO_DEEP);
    const when = new Date(0);
    const bytes = Buffer.from(BOT);
    const out = scrub({ when, bytes, seen: new Set([BOT]) });
    expect(out.when).toBe(when.toISOString());
    expect(out.bytes).toBe(bytes);
  });

  it("censors keys that end like a secret's name, however prefixed or spelled", () => {
    const out = scrub({
      env: { SLACK_SIGNING_SECRET: "s1", SLACK_BOT_TOKEN: "t1", LOG_LEVEL: "info" },
      slackSigningSecret: "s2",
      botAccessToken: "t2",
      "x-slack-signature": "v0=abc",
      tokenCount: 3,
    });
    expect(out).toEqual({
      env: { SLACK_SIGNING_SECRET: CENSOR, SLACK_BOT_TOKEN: CENSOR, LOG_LEVEL: "info" },
      slackSigningSecret: CENSOR,
      botAccessToken: CENSOR,
      "x-slack-signature": CENSOR,
      tokenCount: 3,
    });
  });

  it("checks what toJSON returns, calling it once, as JSON.stringify does", () => {
    let calls = 0;
    const inner = { signingSecret: "s3", toJSON: () => ({}) };
    const out = scrub({
      self: {
        a: 1,
        toJSON() {
          calls++;
          return this;
        },
      },
      outer: { toJSON: () => inner },
    });
    expect(calls).toBe(1);
    expect(JSON.parse(JSON.stringify(out))).toEqual({
      self: { a: 1 },
      outer: { signingSecret: CENSOR },
    });
  });

  it("treats an error from another realm as an error", () => {
    const foreign = runInNewContext(`new Error("failed for ${BOT}")`) as Error;
    expect(foreign instanceof Error).toBe(false);
    const out = scrub({ err: foreign });
    expect(out.err.message).toBe("failed for xoxb-[redacted]");
  });

  it("censors secrets held by class instances, printing them as their fields", () => {
    class Client {
      constructor(
        readonly name: string,
        readonly token: string,
      ) {}
    }
    expect(scrub({ client: new Client("web", BOT) })).toEqual({
      client: { name: "web", token: CENSOR },
    });
  });

  it("scrubs a raw Socket Mode payload logged as text at debug level", () => {
    const payload = String.raw`{"payload":{"token":"verif123","response_url":"https:\/\/hooks.slack.com\/commands\/T1\/22\/SECRETURL","text":"promotion"}}`;
    const out = scrubText(`Received a message on the WebSocket: ${payload}`);
    expect(out).not.toContain("verif123");
    expect(out).not.toContain("SECRETURL");
    expect(out).toContain('"text":"promotion"');
  });

  it("scrubs form bodies, Socket Mode URLs and Authorization headers written as text", () => {
    const body =
      "token=VERIF1&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2FHOOK2";
    expect(scrubText(body)).toBe(
      "token=[redacted]&response_url=https%3A%2F%2Fhooks.slack.com/[redacted]",
    );
    expect(scrubText("wss://wss.slack.com/link/?ticket=TICKET3&app_id=A1")).not.toContain(
      "TICKET3",
    );
    expect(scrubText("sent Authorization: Basic dXNlcjpwYXNz")).toBe(
      "sent Authorization: [redacted]",
    );
    expect(scrubText('{"verification_token":"VERIF4"}')).toBe(
      '{"verification_token":"[redacted]"}',
    );
  });

  it("censors a secret held as a property of a Map or Set, which JSON prints", () => {
    const map = Object.assign(new Map([["k", 1]]), { signingSecret: "s5" });
    expect(JSON.stringify(scrub({ map }))).toBe(`{"map":{"signingSecret":"${CENSOR}"}}`);
  });

  it("cuts the credentials out of a URL written as text, keeping the rest of the URL", () => {
    expect(scrubText("Feed https://reader:p%40ss@feeds.example/private failed")).toBe(
      "Feed https://[redacted]@feeds.example/private failed",
    );
    expect(scrubText("write to @essay-bot at user@example.com")).toBe(
      "write to @essay-bot at user@example.com",
    );
  });

  it("leaves text without a token as it is", () => {
    const text = "refreshed 12 essays";
    expect(scrubText(text)).toBe(text);
    expect(scrubText("xapp-1-A1-2-abc and xoxp-9")).toBe("xapp-[redacted] and xoxp-[redacted]");
  });
});
