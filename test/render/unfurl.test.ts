import { describe, expect, it } from "vitest";
import { renderUnfurl } from "../../src/render/unfurl.js";
import { block, essayOf, expectSafe, HOSTILE, long, meta, sectionOf } from "./factory.js";

describe("renderUnfurl", () => {
  it("previews the essay in one short paragraph: linked title, opening, then a byline line", () => {
    const unfurl = renderUnfurl(essayOf());
    const all = expectSafe(unfurl);
    expect(unfurl.blocks.map((b) => b.type)).toEqual(["section", "context"]);
    expect(all).toBe(
      "*<https://forem.com/jono/on-promotion|On promotion>*\nI was passed over twice. Here is what I learned about promotion. It took years.\nJono Herrington · <!date^1779094800^{date_short}|18 May 2026> · 4 min read",
    );
  });

  it("shows the linked section, with its heading, for #anchor links", () => {
    const essay = essayOf();
    const all = expectSafe(renderUnfurl(essay, essay.sections[2]));
    expect(all).toContain("*<https://forem.com/jono/on-promotion#what-to-do|What to do>*");
    expect(all).toContain("On promotion · Jono Herrington · <!date^");
    expect(all).not.toContain("I was passed over twice.");
  });

  it("links only the title: a passage's own links and markup show as text", () => {
    const s = sectionOf({
      heading: "",
      anchor: "",
      position: 0,
      blocks: [
        { text: "see this and more", mrkdwn: "see <https://example.com/a|this> and more" },
        block(HOSTILE),
      ],
    });
    s.text = s.blocks.map((b) => b.text).join("\n\n");
    const unfurl = renderUnfurl({ meta: meta(), sections: [s] });
    const all = expectSafe(unfurl);
    expect(all).toContain("see this and more");
    expect(all.match(/<http/g)).toHaveLength(1);
    expect(unfurl.blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("keeps a long opening to about 300 characters, one paragraph", () => {
    const sentence =
      "Promotion is a story about the work that people can see and the work they cannot. ";
    const opening = sectionOf({
      heading: "",
      anchor: "",
      position: 0,
      text: sentence.repeat(5).trim(),
      blocks: [block(sentence.repeat(5).trim()), block(sentence), block(sentence)],
    });
    const unfurl = renderUnfurl({ meta: meta(), sections: [opening] });
    const [first] = expectSafe(unfurl).split("\n").slice(1);
    expect(first?.length).toBeLessThanOrEqual(300);
    expect(first?.length).toBeGreaterThan(100);
    expect(JSON.stringify(unfurl.blocks)).not.toContain("\\n\\n");
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
