import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/feed/parse.js";
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

describe("invisible and control characters from feeds", () => {
  // U+202E right-to-left override, U+200B zero-width space, U+2066 isolate, U+FEFF, U+0007 bell.
  const HIDDEN = "\u202E\u200B\u2066\uFEFF\u0007\u00AD";

  it("are stripped from titles, authors and tags (plainText)", () => {
    expect(plainText(`Lead${HIDDEN}ership &#x202E;now&#8203;`)).toBe("Leadership now");
  });

  it("keep emoji sequences whole: a zero-width joiner between pictographs stays", () => {
    expect(plainText("Family 👩‍👩‍👧 day\u200D")).toBe("Family 👩‍👩‍👧 day");
  });

  it("are stripped from every field of a parsed item, body HTML included", async () => {
    const feed = await parseFeed(
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title>
<item><title>Evil${HIDDEN} title</title><link>https://example.test/a</link>
<author>jo@example.test (Jo${HIDDEN} Example)</author><category>lead${HIDDEN}ership</category>
<description>&lt;h2&gt;Head${HIDDEN}ing &amp;#x202E;x&amp;zwnj;y&lt;/h2&gt;&lt;p&gt;Body${HIDDEN}
text\tand more&lt;/p&gt;</description></item></channel></rss>`,
      "https://example.test/feed",
    );
    const [essay] = feed.essays;
    expect(essay?.title).toBe("Evil title");
    expect(essay?.author).toBe("Jo Example");
    expect(essay?.tags).toEqual(["leadership"]);
    expect(essay?.html).toContain("Heading xy");
    expect(essay?.html).toContain("Body\ntext\tand more");
    // Line breaks and tabs are the body's layout; every other control or format character goes.
    expect(essay?.html).not.toMatch(/(?![\t\n\r])\p{Cc}|\p{Cf}|&#x202E;|&zwnj;/iu);
  });
});
