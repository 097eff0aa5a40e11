import { describe, expect, it } from "vitest";
import { MAX_QUERY_CHARS, parseEssayText, slackTextToQuery } from "../../src/slack/command-text.js";

describe("parseEssayText", () => {
  it("treats empty text, 'help' and '?' as a request for help", () => {
    for (const text of ["", "   ", "help", "HELP", " ? "]) {
      expect(parseEssayText(text)).toEqual({ kind: "help" });
    }
  });

  it("recognises 'latest' in any case", () => {
    expect(parseEssayText("Latest")).toEqual({ kind: "latest" });
  });

  it("searches for anything else, whitespace collapsed", () => {
    expect(parseEssayText("  engineering \n  leadership ")).toEqual({
      kind: "search",
      query: "engineering leadership",
    });
  });

  it("searches for phrases that merely start with a keyword", () => {
    expect(parseEssayText("latest thinking on hiring")).toEqual({
      kind: "search",
      query: "latest thinking on hiring",
    });
  });
});

describe("parseEssayText: subscriptions", () => {
  it("reads subscribe with a mode and comma-separated topics", () => {
    expect(parseEssayText("subscribe")).toEqual({
      kind: "subscribe",
      delivery: "each",
      topics: [],
    });
    expect(parseEssayText("Subscribe weekly")).toEqual({
      kind: "subscribe",
      delivery: "weekly",
      topics: [],
    });
    expect(parseEssayText("subscribe daily promotion,  code review , Promotion,")).toEqual({
      kind: "subscribe",
      delivery: "daily",
      topics: ["promotion", "code review"],
    });
    expect(parseEssayText('subscribe "pull request", hiring')).toEqual({
      kind: "subscribe",
      delivery: "each",
      topics: ['"pull request"', "hiring"],
    });
  });

  it("reads a delivery word followed by a comma as the delivery word", () => {
    for (const text of [
      "subscribe daily, hiring",
      "subscribe DAILY ,hiring",
      "subscribe daily,hiring",
    ]) {
      expect(parseEssayText(text)).toEqual({
        kind: "subscribe",
        delivery: "daily",
        topics: ["hiring"],
      });
    }
    expect(parseEssayText("subscribe weekly,")).toEqual({
      kind: "subscribe",
      delivery: "weekly",
      topics: [],
    });
    expect(parseEssayText("subscribe dailyness, hiring")).toEqual({
      kind: "subscribe",
      delivery: "each",
      topics: ["dailyness", "hiring"],
    });
  });

  it("reads unsubscribe, subscriptions, notify and notify off", () => {
    expect(parseEssayText("unsubscribe")).toEqual({ kind: "unsubscribe" });
    expect(parseEssayText("subscriptions")).toEqual({ kind: "subscriptions" });
    expect(parseEssayText("notify hiring, on-call")).toEqual({
      kind: "notify",
      topics: ["hiring", "on-call"],
    });
    expect(parseEssayText("notify OFF")).toEqual({ kind: "notify-off" });
  });

  it("searches for a quoted subscription word", () => {
    expect(parseEssayText('"subscribe"')).toEqual({ kind: "search", query: '"subscribe"' });
    expect(parseEssayText('"notify" off')).toEqual({ kind: "search", query: '"notify" off' });
  });

  it("says what is wrong with unusable topics", () => {
    const problem = (text: string) => {
      const intent = parseEssayText(text);
      return intent.kind === "invalid" ? intent.problem : `not invalid: ${intent.kind}`;
    };
    expect(problem("notify")).toContain("/essay notify promotion");
    expect(problem("subscribe , ,")).toContain("empty");
    expect(problem("subscribe ***")).toContain("no letters");
    expect(problem(`notify ${"x".repeat(61)}`)).toContain("at most 60 characters");
    expect(problem(`notify ${Array.from({ length: 11 }, (_, i) => `t${i}`).join(",")}`)).toContain(
      "At most 10 topics",
    );
    expect(problem("unsubscribe hiring")).toContain('"unsubscribe"');
  });

  it("refuses a topic of common words only, which the search skips and so could never match", () => {
    const intent = parseEssayText("subscribe the, how to");
    expect(intent.kind).toBe("invalid");
    expect(intent.kind === "invalid" && intent.problem).toContain(
      '"the" is only common words that searches skip',
    );
    expect(parseEssayText("notify promotion, how to")).toMatchObject({ kind: "invalid" });
    expect(parseEssayText('notify "to be"')).toMatchObject({ kind: "invalid" });
    // The topic is shown escaped: what was typed as text never becomes a Slack link or mention.
    const escaped = parseEssayText("subscribe &lt;!to&gt; the");
    expect(escaped.kind === "invalid" && escaped.problem).toContain('"&lt;!to&gt; the"');
    // A topic with one real word among common ones is fine.
    expect(parseEssayText("notify how to lead")).toEqual({
      kind: "notify",
      topics: ["how to lead"],
    });
  });

  it("drops control and format characters from topics as typed", () => {
    expect(parseEssayText("subscribe pro\u202Emotion, co\u200Bde re\u0007view")).toEqual({
      kind: "subscribe",
      delivery: "each",
      topics: ["promotion", "code review"],
    });
    expect(parseEssayText("notify \u200B\u202E")).toMatchObject({ kind: "invalid" });
    // A family emoji keeps its zero-width joiners.
    expect(parseEssayText("notify parents 👩‍👩‍👧")).toEqual({
      kind: "notify",
      topics: ["parents 👩‍👩‍👧"],
    });
  });
});

describe("slackTextToQuery", () => {
  it("decodes Slack's escapes back to what the user typed", () => {
    expect(slackTextToQuery("R&amp;D &lt;script&gt;")).toBe("R&D <script>");
  });

  it("reduces escaped mentions, channels, broadcasts and links to readable words", () => {
    expect(slackTextToQuery("<@U123|alice> in <#C9|general> <!here> <https://x.test/a|docs>")).toBe(
      "@alice in #general @here docs",
    );
    expect(slackTextToQuery("<@U123> <https://x.test/a> <mailto:a@b.test|a@b.test>")).toBe(
      "@U123 https://x.test/a a@b.test",
    );
  });

  it("keeps emoji and non-Latin text intact", () => {
    expect(slackTextToQuery("リーダーシップ 🚀 :tada: Führung")).toBe(
      "リーダーシップ 🚀 :tada: Führung",
    );
  });

  it("caps very long queries without splitting an emoji", () => {
    const query = slackTextToQuery("🚀".repeat(MAX_QUERY_CHARS + 50));
    expect(Array.from(query)).toHaveLength(MAX_QUERY_CHARS);
    expect(query).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});
