import { describe, expect, it } from "vitest";
import { renderAnnouncement } from "../../src/render/announcement.js";
import { essayOf, expectSafe, HOSTILE, long, meta, sectionOf } from "./factory.js";

type Header = { type: "header"; text: { type: string; text: string } };

describe("renderAnnouncement", () => {
  it("announces the essay: title header, byline, opening, contents and a Read essay button", () => {
    const message = renderAnnouncement(essayOf());
    const all = expectSafe(message);
    expect(message.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "On promotion", emoji: true },
    });
    expect(message.text).toBe("New essay: On promotion");
    // "New essay" is in the message itself, not only in the notification text.
    expect(message.blocks[1]).toMatchObject({ type: "context" });
    expect(JSON.stringify(message.blocks[1])).toContain('"text":"*New essay* · Jono Herrington · ');
    expect(all).toContain(
      "Jono Herrington · <!date^1779094800^{date_short}|18 May 2026> · 4 min read · leadership, career",
    );
    expect(all).toContain("I was passed over twice.");
    expect(all).toContain(
      "*In this essay*\n• <https://forem.com/jono/on-promotion#why-promotion-is-slow|Why promotion is slow>\n• <",
    );
    expect(JSON.stringify(message.blocks)).toContain('"text":"Read essay"');
  });

  it("caps the contents list", () => {
    const headings = Array.from({ length: 30 }, (_, i) => `Part ${i + 1}`);
    const all = expectSafe(renderAnnouncement(essayOf(meta(), headings)));
    expect(all).toContain("Part 8>");
    expect(all).not.toContain("Part 9>");
    expect(all).toContain("…and 22 more");
  });

  it("keeps a hostile title literal in the plain_text header and escaped elsewhere", () => {
    const m = meta({
      title: long(`${HOSTILE} `, 5000),
      author: HOSTILE,
      tags: Array.from({ length: 100 }, (_, i) => `${HOSTILE}${i}`),
    });
    const headings = Array.from({ length: 100 }, () => long(HOSTILE, 2000));
    const opening = sectionOf({
      essay: m,
      heading: "",
      anchor: "",
      position: 0,
      text: long(`${HOSTILE} `, 20_000),
    });
    const rest = headings.map((h, i) =>
      sectionOf({ essay: m, heading: h, anchor: `a${i}`, position: i + 1 }),
    );
    const message = renderAnnouncement({ meta: m, sections: [opening, ...rest] });
    const all = expectSafe(message);
    const header = message.blocks[0] as Header;
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.startsWith("<!channel> hi")).toBe(true);
    expect(message.text).toContain("New essay: &lt;!channel&gt;");
    expect(all).toContain("🎉");
  });

  it("still renders an essay with no title, sections or link", () => {
    const message = renderAnnouncement({ meta: meta({ title: " ", url: "" }), sections: [] });
    expectSafe(message);
    expect((message.blocks[0] as Header).text.text).toBe("Untitled essay");
  });

  it("gives the Read essay button only a well-formed http(s) link of at most 3000 characters", () => {
    const buttonUrl = (url: string) => {
      const message = renderAnnouncement(essayOf(meta({ url })));
      expectSafe(message);
      const actions = message.blocks.find((b) => b.type === "actions");
      return actions && "elements" in actions
        ? (actions.elements[0] as { url?: string }).url
        : undefined;
    };
    for (const bad of [
      "https://exa%mple.com/essay",
      "http://[::1/essay",
      "https://",
      "https:///essay",
      "https://user@/essay",
      "ftp://example.com/essay",
      "/relative/essay",
      `https://example.com/${"a".repeat(3000)}`,
    ]) {
      expect(buttonUrl(bad), bad).toBeUndefined();
    }
    const longButFine = `https://example.com/${"a".repeat(2000)}`;
    expect(buttonUrl(longButFine)).toBe(longButFine);
    expect(buttonUrl("https://forem.com/jono/on-promotion")).toBe(
      "https://forem.com/jono/on-promotion",
    );
  });
});
