import { describe, expect, it } from "vitest";
import { plainText } from "../../src/feed/text.js";

describe("plainText (titles, authors, tags)", () => {
  it("strips real HTML tags and decodes entities", () => {
    expect(plainText("1930ft<sup>2</sup> &amp; <b class='x'>more</b><br/>")).toBe("1930ft2 & more");
  });

  it("keeps Slack-looking markup as the text the author wrote (render escapes it later)", () => {
    expect(plainText("Click <https://evil.example|here> now")).toBe(
      "Click <https://evil.example|here> now",
    );
    expect(plainText("Hey <!channel> and <@U123>")).toBe("Hey <!channel> and <@U123>");
  });
});
