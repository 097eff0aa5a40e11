import { describe, expect, it } from "vitest";
import { messageWords } from "../../src/slack/message-text.js";

describe("messageWords", () => {
  it("keeps a link's label, drops URLs, mentions, special commands and emoji codes", () => {
    const text =
      "<!here> see <https://evil.example/a|this essay> by <@U0BOB> in <#C0X|general> :tada: https://evil.example/b and <https://evil.example/c>";
    expect(messageWords(text)).toBe("see this essay by in and");
  });

  it("decodes Slack's escapes and survives anything that is not text", () => {
    expect(messageWords("Q&amp;A &lt;b&gt;")).toBe("Q&A <b>");
    expect(messageWords(undefined)).toBe("");
    expect(messageWords(42)).toBe("");
    expect(messageWords("<<>>")).toBe("< >");
  });
});
