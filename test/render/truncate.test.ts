import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeMrkdwn } from "../../src/mrkdwn/escape.js";
import { truncateMrkdwn, truncatePlain } from "../../src/render/truncate.js";

describe("truncatePlain", () => {
  it("leaves text that fits alone", () => {
    expect(truncatePlain("short", 10)).toBe("short");
  });

  it("cuts on a word boundary and adds …", () => {
    expect(truncatePlain("the quick brown fox jumps", 16)).toBe("the quick brown…");
  });

  it("cuts mid-word when the text has no spaces near the limit (CJK, long words)", () => {
    const out = truncatePlain("日本語の文章はスペースを使わないのでどこでも切れる", 10);
    expect(out).toBe("日本語の文章はスペ…");
  });

  it("never splits an emoji", () => {
    const out = truncatePlain("👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", 12);
    expect(out).toBe("👩‍👩‍👧…");
  });
});

describe("truncateMrkdwn", () => {
  it("never cuts inside an entity", () => {
    const text = escapeMrkdwn("R&D R&D R&D R&D");
    for (let max = 4; max < text.length; max++) {
      const out = truncateMrkdwn(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.replace(/&(amp|lt|gt);/g, "")).not.toContain("&");
    }
  });

  it("never cuts inside a link: keeps it whole or leaves it out", () => {
    const text = "Read <https://forem.com/jono/essay|the whole essay> before the meeting tomorrow";
    for (let max = 1; max < text.length; max++) {
      const out = truncateMrkdwn(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      const opens = out.split("<").length - 1;
      const closes = out.split(">").length - 1;
      expect(opens).toBe(closes);
    }
  });

  it("keeps the label of a link too long to fit", () => {
    const url = `https://x.example/${"a".repeat(500)}`;
    expect(truncateMrkdwn(`<${url}|a label here> and more`, 40)).toBe("a label here and more");
  });

  it("closes bold it cut open, so the matched words stay bold", () => {
    const out = truncateMrkdwn("They said *promotion is about visibility* and I believed it", 31);
    expect(out).toBe("They said *promotion is about*…");
  });

  it("leaves a literal star alone when the text never closed it", () => {
    const out = truncateMrkdwn("5 *3 is fifteen and that is all there is to say", 20);
    expect(out).toBe("5 *3 is fifteen and…");
  });

  it("does not treat underscores inside words as italics", () => {
    const out = truncateMrkdwn("call snake_case_name and then some more words", 25);
    expect(out).toBe("call snake_case_name and…");
  });

  it("drops a marker that would open right at the cut", () => {
    const out = truncateMrkdwn("alpha beta *gamma delta epsilon*", 14);
    expect(out).toBe("alpha beta…");
  });

  it("always fits and keeps markup balanced (property)", () => {
    const piece = fc.constantFrom(
      "word",
      "日本語",
      "🎉",
      " ",
      "&amp;",
      "&lt;",
      "*bold text*",
      "_it_",
      "<https://a.example/x|link label>",
      "`code`",
      `<https://a.example/${"x".repeat(300)}|long link>`,
      "a".repeat(150),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.integer({ min: 1, max: 400 }),
        (parts, max) => {
          const text = parts.join(" ");
          const out = truncateMrkdwn(text, max);
          expect(out.length).toBeLessThanOrEqual(Math.max(max, 0));
          expect(out.replace(/&(amp|lt);/g, "")).not.toContain("&");
          expect(out.split("<").length).toBe(out.split(">").length);
          const outside = out.replace(/<[^>]*>/g, "");
          expect((outside.match(/\*/g) ?? []).length % 2).toBe(0);
        },
      ),
    );
  });
});
