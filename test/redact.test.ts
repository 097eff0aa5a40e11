import { describe, expect, it } from "vitest";
import { CENSOR, scrub, scrubText } from "../src/redact.js";

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

  it("stops at cycles and leaves class instances alone", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(() => scrub(cyclic)).not.toThrow();
    const when = new Date(0);
    expect(scrub({ when }).when).toBe(when);
  });

  it("leaves text without a token as it is", () => {
    const text = "refreshed 12 essays";
    expect(scrubText(text)).toBe(text);
    expect(scrubText("xapp-1-A1-2-abc and xoxp-9")).toBe("xapp-[redacted] and xoxp-[redacted]");
  });
});
