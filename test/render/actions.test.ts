import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACTION_IDS,
  ACTION_PATTERNS,
  ANY_ACTION,
  actionId,
  actionKind,
  decodePage,
  decodeShare,
  decodeSuggest,
  encodePage,
  encodeShare,
  encodeSuggest,
} from "../../src/render/actions.js";

describe("button values", () => {
  it("round-trip page, share and suggestion values", () => {
    expect(decodePage(encodePage({ query: "pull request size", offset: 3 }))).toEqual({
      query: "pull request size",
      offset: 3,
    });
    const share = encodeShare({ query: "promotion", sectionId: "https://x/e#why" });
    expect(decodeShare(share)).toEqual({ query: "promotion", sectionId: "https://x/e#why" });
    expect(decodeSuggest(encodeSuggest("promotion"))).toBe("promotion");
  });

  it("cap a 10k-character query so every value fits Slack's 2,000 characters", () => {
    const query = `"${'\u0001💥"<>&'.repeat(2000)}`;
    for (const value of [
      encodePage({ query, offset: 3 }),
      encodeShare({ query, sectionId: `x#${"a".repeat(900)}` }) ?? "",
      encodeSuggest(query),
    ]) {
      expect(value.length).toBeGreaterThan(0);
      expect(value.length).toBeLessThanOrEqual(2000);
      // Cut by code point: no half emoji left behind.
      expect(JSON.parse(value).q).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(decodePage(encodePage({ query, offset: 3 }))?.query.length).toBeLessThanOrEqual(1000);
  });

  it("leave out Share when the section id cannot fit", () => {
    expect(encodeShare({ query: "q", sectionId: "x".repeat(5000) })).toBeUndefined();
  });

  it("decode garbage to undefined without throwing", () => {
    const garbage = [
      undefined,
      null,
      42,
      "",
      "not json",
      "[]",
      "null",
      '{"q":1,"o":2}',
      '{"q":"x","o":-1}',
      '{"q":"x","o":1.5}',
      '{"q":"x","o":"3"}',
      '{"q":"x","s":""}',
      `{"q":"${"x".repeat(3000)}","o":1}`,
    ];
    for (const raw of garbage) {
      expect(decodePage(raw)).toBeUndefined();
      expect(decodeShare(raw)).toBeUndefined();
    }
    expect(decodeSuggest('{"q":"  "}')).toBeUndefined();
    fc.assert(
      fc.property(fc.string(), (raw) => {
        decodePage(raw);
        decodeShare(raw);
        decodeSuggest(raw);
      }),
    );
  });
});

describe("action ids", () => {
  it("number repeated buttons so ids stay unique, and the patterns match every form", () => {
    expect(actionId("share")).toBe(ACTION_IDS.share);
    expect(actionId("share", 2)).toBe("essay_share:2");
    expect(ACTION_PATTERNS.share.test("essay_share")).toBe(true);
    expect(ACTION_PATTERNS.share.test("essay_share:2")).toBe(true);
    expect(ACTION_PATTERNS.share.test("essay_suggest:2")).toBe(false);
    expect(ACTION_PATTERNS.next.test("essay_next")).toBe(true);
  });

  it("route every id the renderers make to its kind, and nothing else", () => {
    for (const kind of Object.keys(ACTION_IDS) as (keyof typeof ACTION_IDS)[]) {
      for (const n of [0, 1, 12]) {
        const id = actionId(kind, n);
        expect(ANY_ACTION.test(id)).toBe(true);
        expect(actionKind(id)).toBe(kind);
      }
    }
    for (const id of ["essay_share:x", "essay_shared", "other_next", "essay_next:", "essay_"]) {
      expect(ANY_ACTION.test(id)).toBe(false);
      expect(actionKind(id)).toBeUndefined();
    }
  });
});
