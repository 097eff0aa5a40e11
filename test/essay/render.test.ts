import { describe, expect, it } from "vitest";
import { splitEssay } from "../../src/essay/split.js";
import type { Block } from "../../src/essay/types.js";
import { essayWith } from "./reference-feed.js";

function blocks(html: string): Block[] {
  return splitEssay(essayWith(html)).sections.flatMap((section) => section.blocks);
}

function mrkdwn(html: string): string {
  return blocks(html)
    .map((block) => block.mrkdwn)
    .join("\n\n");
}

function text(html: string): string {
  return blocks(html)
    .map((block) => block.text)
    .join("\n\n");
}

describe("plain text of a block", () => {
  it("decodes entities and normalises whitespace", () => {
    expect(text("<p>Tom &amp; Jerry&nbsp;&mdash;\n   friends &lt;3</p>")).toBe(
      "Tom & Jerry — friends <3",
    );
  });

  it("keeps lists readable as bullet and numbered lines, nested lists indented", () => {
    expect(text("<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>")).toBe(
      "• one\n• two\n    • deep",
    );
    expect(text('<ol start="3"><li><p>three</p></li><li>four</li></ol>')).toBe("3. three\n4. four");
  });

  it("keeps a block quote's text, one line per paragraph", () => {
    expect(text("<blockquote><p>First.</p><p>Second.</p></blockquote>")).toBe("First.\nSecond.");
  });

  it("shows link text, not addresses, and drops images, scripts, styles and iframes", () => {
    const html =
      '<p>Read <a href="https://example.com/x">the post</a><img src="x.png" alt="Image description">.' +
      '<script>alert(1)</script><style>p{}</style><iframe src="https://evil"></iframe></p>';
    expect(text(html)).toBe("Read the post.");
  });

  it("keeps code blocks verbatim", () => {
    expect(text("<pre><code>if (a) {\n  b();\n}\n</code></pre>")).toBe("if (a) {\n  b();\n}");
  });
});

describe("Slack mrkdwn of a block", () => {
  it("renders bold, italic, strike and inline code", () => {
    expect(
      mrkdwn("<p><strong>bold</strong>, <em>it</em>, <del>gone</del>, <code>x()</code></p>"),
    ).toBe("*bold*, _it_, ~gone~, `x()`");
  });

  it("moves whitespace outside the markers so Slack still formats", () => {
    expect(mrkdwn("<p><strong>foo </strong>bar</p>")).toBe("*foo* bar");
    expect(mrkdwn("<p>a<em> b</em></p>")).toBe("a _b_");
  });

  it("drops empty formatting and merges touching spans", () => {
    expect(mrkdwn("<p>a<strong> </strong>b<em></em></p>")).toBe("a b");
    expect(mrkdwn("<p><b>one</b><b>two</b> <b>three</b></p>")).toBe("*onetwo* *three*");
  });

  it("does not double nested emphasis and nests different kinds", () => {
    expect(mrkdwn("<p><strong>a <b>b</b> c</strong></p>")).toBe("*a b c*");
    expect(mrkdwn("<p><strong><em>both</em></strong></p>")).toBe("*_both_*");
  });

  it("shows emphasis glued to a word as plain text, since Slack would print the markers", () => {
    expect(mrkdwn("<p>un<em>believ</em>able</p>")).toBe("unbelievable");
  });

  it("closes and reopens emphasis around line breaks", () => {
    expect(mrkdwn("<p><strong>line one<br>line two</strong></p>")).toBe("*line one*\n*line two*");
  });

  it("renders links as <url|text>, resolving relative ones against the essay", () => {
    expect(mrkdwn('<p>See <a href="https://example.com/a?b=1">this</a>.</p>')).toBe(
      "See <https://example.com/a?b=1|this>.",
    );
    expect(mrkdwn('<p><a href="/t/career">career</a></p>')).toBe(
      "<https://forem.com/t/career|career>",
    );
    expect(mrkdwn('<p><a href="javascript:alert(1)">click</a></p>')).toBe("click");
    expect(mrkdwn('<p><a href="https://example.com"><img src="x.png"></a>after</p>')).toBe("after");
  });

  it("escapes feed text so it cannot mention, link or break out", () => {
    const out = mrkdwn(
      '<p>&lt;!channel&gt; &lt;@U123&gt; a &amp; b <a href="https://x.test/a|b>c">x &lt;y&gt;</a></p>',
    );
    expect(out).toBe(
      "&lt;!channel&gt; &lt;@U123&gt; a &amp; b <https://x.test/a%7Cb%3Ec|x &lt;y&gt;>",
    );
    expect(mrkdwn("<p><code>a&lt;b&gt;</code></p>")).toBe("`a&lt;b&gt;`");
  });

  it("fences code blocks and escapes their content", () => {
    expect(mrkdwn("<pre><code>x &lt; y &amp;&amp; z\n  indented</code></pre>")).toBe(
      "```\nx &lt; y &amp;&amp; z\n  indented\n```",
    );
  });

  it("quotes block quotes line by line", () => {
    expect(mrkdwn("<blockquote><p>One <em>two</em>.</p><p>Three.</p></blockquote>")).toBe(
      "> One _two_.\n> Three.",
    );
  });

  it("renders list items with bullets or numbers and their formatting", () => {
    expect(mrkdwn("<ul><li><strong>0 to 3</strong> = risk</li><li>fine</li></ul>")).toBe(
      "• *0 to 3* = risk\n• fine",
    );
    expect(mrkdwn("<ol><li>Name it.</li><li>Own it.</li></ol>")).toBe("1. Name it.\n2. Own it.");
  });

  it("shows h4–h6 as bold lines inside the section", () => {
    expect(mrkdwn("<h4>Small heading</h4><p>Body</p>")).toBe("*Small heading*\n\nBody");
  });
});

describe("blocks", () => {
  it("makes one block per paragraph, list, quote and code block", () => {
    const html = "<p>a</p><ul><li>b</li></ul><blockquote><p>c</p></blockquote><pre>d</pre>";
    expect(blocks(html).map((block) => block.text)).toEqual(["a", "• b", "c", "d"]);
  });

  it("treats loose text and <br><br> as paragraph breaks when a feed has no <p>", () => {
    expect(
      blocks("First para.<br><br>Second <b>para</b>.<br>Same para.").map((b) => b.mrkdwn),
    ).toEqual(["First para.", "Second *para*.\nSame para."]);
  });

  it("skips blocks with nothing to show", () => {
    expect(
      blocks('<p> </p><p><img src="a.png"></p><hr><div><iframe></iframe></div><p>x</p>'),
    ).toEqual([{ text: "x", mrkdwn: "x" }]);
  });

  it("renders tables one row per line", () => {
    const html =
      "<table><tr><th>Metric</th><th>Target</th></tr><tr><td>MTTR</td><td>1h</td></tr></table>";
    expect(text(html)).toBe("Metric | Target\nMTTR | 1h");
  });
});
