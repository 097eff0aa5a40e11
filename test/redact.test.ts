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

  it("cuts cycles and what is too deep to check, and leaves dates and buffers as they are", () => {
    const cyclic: Record<string, unknown> = { name: "loop", token: BOT };
    cyclic.self = cyclic;
    expect(scrub(cyclic)).toEqual({ name: "loop", token: CENSOR, self: CIRCULAR });
    let deep: Record<string, unknown> = { note: "fine" };
    for (let i = 0; i < 15; i++) deep = { next: deep };
    expect(JSON.stringify(scrub(deep))).toContain(TOO_DEEP);
    const when = new Date(0);
    const bytes = Buffer.from(BOT);
    const out = scrub({ when, bytes, seen: new Set([BOT]) });
    expect(out.when).toBe(when);
    expect(out.bytes).toBe(bytes);
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

  it("leaves text without a token as it is", () => {
    const text = "refreshed 12 essays";
    expect(scrubText(text)).toBe(text);
    expect(scrubText("xapp-1-A1-2-abc and xoxp-9")).toBe("xapp-[redacted] and xoxp-[redacted]");
  });
});
