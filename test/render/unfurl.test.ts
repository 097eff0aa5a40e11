import { describe, expect, it } from "vitest";
import { renderUnfurl } from "../../src/render/unfurl.js";
import { block, essayOf, expectSafe, HOSTILE, long, meta, sectionOf } from "./factory.js";

describe("renderUnfurl", () => {
  it("previews the essay: linked title, byline, opening passage and a Read essay button", () => {
    const unfurl = renderUnfurl(essayOf());
    const all = expectSafe(unfurl);
    expect(all).toContain("*<https://forem.com/jono/on-promotion|On promotion>*");
    expect(all).toContain(
      "Jono Herrington · <!date^1779094800^{date_short}|18 May 2026> · 4 min read · leadership, career",
    );
    expect(all).toContain("I was passed over twice.");
    expect(JSON.stringify(unfurl.blocks)).toContain('"url":"https://forem.com/jono/on-promotion"');
    expect(JSON.stringify(unfurl.blocks)).toContain('"text":"Read essay"');
  });

  it("shows the linked section, with its heading, for #anchor links", () => {
    const essay = essayOf();
    const all = expectSafe(renderUnfurl(essay, essay.sections[2]));
    expect(all).toContain("*<https://forem.com/jono/on-promotion#what-to-do|What to do>*");
    expect(all).not.toContain("I was passed over twice.");
  });

  it("keeps the essay's own links but no mentions from a section's mrkdwn", () => {
    const s = sectionOf({
      blocks: [
        { text: "see", mrkdwn: "see <https://example.com/a|this> and <!channel> <@U123>" },
        block(HOSTILE),
      ],
    });
    const all = expectSafe(renderUnfurl({ meta: meta(), sections: [s] }, s));
    expect(all).toContain("<https://example.com/a|this>");
    expect(all).toContain("&lt;!channel>");
  });

  it("leaves out the link and button for a URL that is not http(s)", () => {
    const unfurl = renderUnfurl(essayOf(meta({ url: "javascript:alert(1)" })));
    expectSafe(unfurl);
    expect(JSON.stringify(unfurl.blocks)).not.toContain("javascript:");
    expect(unfurl.blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("stays within limits with hostile, huge essays and empty ones", () => {
    const m = meta({
      title: long(HOSTILE, 5000),
      author: long(HOSTILE, 5000),
      tags: Array.from({ length: 100 }, () => long(HOSTILE, 300)),
    });
    const huge = sectionOf({
      essay: m,
      heading: long(HOSTILE, 3000),
      blocks: Array.from({ length: 200 }, () => block(long(HOSTILE, 500))),
    });
    expect(expectSafe(renderUnfurl({ meta: m, sections: [huge] }, huge))).toContain("日本語");
    expectSafe(renderUnfurl({ meta: meta({ title: "" }), sections: [] }));
  });
});
