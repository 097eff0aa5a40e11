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
