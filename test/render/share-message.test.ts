import { describe, expect, it } from "vitest";
import { renderSharedPassage } from "../../src/render/share-message.js";
import { expectSafe, HOSTILE, hit, long, meta, sectionOf } from "./factory.js";

describe("renderSharedPassage", () => {
  it("says who shared which essay, with the heading linked, the excerpt and a link to read on", () => {
    const message = renderSharedPassage(hit(), "U0ABC123");
    const all = expectSafe(message);
    expect(all).toContain("<@U0ABC123> shared a passage from *On promotion*");
    expect(all).toContain(
      "*<https://forem.com/jono/on-promotion#why-promotion-is-slow|Why promotion is slow>*",
    );
    expect(all).toContain("*Promotion* rewards the work people can see.");
    expect(all).toContain(
      "<https://forem.com/jono/on-promotion#why-promotion-is-slow|Read the section>",
    );
    // Slack shows the date in the reader's own time zone and format; the fallback is UTC.
    expect(all).toContain("<!date^1779094800^{date_short}|18 May 2026>");
  });

  it("names the essay once when the passage is its opening", () => {
    const opening = sectionOf({ heading: "", anchor: "", position: 0 });
    const message = renderSharedPassage(hit(opening), "U0ABC123");
    expect(expectSafe(message)).toContain(
      "<@U0ABC123> shared a passage from *<https://forem.com/jono/on-promotion|On promotion>*",
    );
    expect(JSON.stringify(message.blocks).match(/On promotion/g)).toHaveLength(1);
  });

  it("mentions only a well-formed user id", () => {
    for (const bad of ["<!channel>", "U123> <!here", "here", "", "u0abc", "C0ABC"]) {
      const all = expectSafe(renderSharedPassage(hit(), bad));
      expect(all).toContain("Someone shared a passage");
      // Slack's own date token is the only `<!…>` allowed.
      expect(all).not.toMatch(/<[@#]|<!(?!date\^)/);
    }
    expect(expectSafe(renderSharedPassage(hit(), "W0ENTERPRISE"))).toContain("<@W0ENTERPRISE>");
  });

  it("escapes hostile essay text and stays within limits", () => {
    const m = meta({
      title: long(HOSTILE, 5000),
      tags: Array.from({ length: 100 }, () => HOSTILE),
    });
    const s = sectionOf({
      essay: m,
      heading: long(HOSTILE, 4000),
      text: long(`${HOSTILE} promotion `, 10_000),
    });
    const all = expectSafe(renderSharedPassage(hit(s), "U0ABC"));
    expect(all).toContain("shared a passage from *&lt;!channel&gt; hi &lt;@U123&gt;");
    expect(all).toContain("日本語の文章");
  });
});
