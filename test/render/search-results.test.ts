import { describe, expect, it } from "vitest";
import { decodePage, decodeShare } from "../../src/render/actions.js";
import { renderSearchReply } from "../../src/render/search-results.js";
import type { SearchResult } from "../../src/search/types.js";
import { expectSafe, HOSTILE, hit, long, meta, result, searchPage, sectionOf } from "./factory.js";

/** What /essay does: the page SearchIndex.page gives for `at`, rendered. */
const reply = (r: SearchResult, at: { offset: number; pageSize?: number }) =>
  renderSearchReply(searchPage(r, at), at);

const hits = (n: number) =>
  Array.from({ length: n }, (_, i) => hit(sectionOf({ heading: `Heading ${i + 1}` })));

type Element = { type: string; action_id?: string; value?: string; text?: { text: string } };
const buttons = (blocks: unknown[]): Element[] =>
  JSON.parse(JSON.stringify(blocks)).flatMap((b: { accessory?: Element; elements?: Element[] }) =>
    [b.accessory, ...(b.elements ?? [])].filter((e): e is Element => e?.type === "button"),
  );

describe("renderSearchReply", () => {
  it("says how many sections matched, shows the first page and offers Next", () => {
    const message = reply(result(hits(5)), { offset: 0 });
    const all = expectSafe(message);
    expect(all).toContain("5 sections match *promotion*");
    expect(all).toContain("<https://forem.com/jono/on-promotion#heading-1|Heading 1>");
    expect(all).toContain("<https://forem.com/jono/on-promotion#heading-3|Heading 3>");
    expect(all).not.toContain("Heading 4");
    expect(all).toContain(
      "On promotion · <!date^1779094800^{date_short}|18 May 2026> · 4 min read · leadership, career",
    );
    expect(all).toContain("*Promotion* rewards the work people can see.");
    expect(all).toContain("Showing 1–3 of 5");
    const labels = buttons(message.blocks).map((b) => b.text?.text);
    expect(labels).toEqual(["Share", "Share", "Share", "Next"]);
    const next = buttons(message.blocks).find((b) => b.text?.text === "Next");
    expect(decodePage(next?.value)).toEqual({ query: "promotion", offset: 3 });
    expect(message.blocks.filter((b) => b.type === "divider")).toHaveLength(4);
  });

  it("names the essay once for an opening section: its linked title, then the byline", () => {
    const opening = sectionOf({ heading: "", anchor: "", position: 0 });
    const message = reply(result([hit(opening)]), { offset: 0 });
    const all = expectSafe(message);
    expect(all).toContain("*<https://forem.com/jono/on-promotion|On promotion>*");
    expect(all.match(/On promotion/g)).toHaveLength(1);
    expect(all).toContain("<!date^1779094800^{date_short}|18 May 2026> · 4 min read");
  });

  it("uses the singular for one match and shows no paging buttons", () => {
    const message = reply(result(hits(1)), { offset: 0 });
    const all = expectSafe(message);
    expect(all).toContain("1 section matches *promotion*");
    expect(all).toContain("Showing 1–1 of 1");
    expect(buttons(message.blocks).map((b) => b.text?.text)).toEqual(["Share"]);
  });

  it("offers Previous on the last page, and clamps an offset past the end", () => {
    const message = reply(result(hits(5)), { offset: 99 });
    const all = expectSafe(message);
    expect(all).toContain("Showing 4–5 of 5");
    const prev = buttons(message.blocks).find((b) => b.text?.text === "Previous");
    expect(decodePage(prev?.value)).toEqual({ query: "promotion", offset: 0 });
    expect(buttons(message.blocks).some((b) => b.text?.text === "Next")).toBe(false);
  });

  it("Share carries the query and section id", () => {
    const message = reply(result(hits(2)), { offset: 0 });
    const shares = buttons(message.blocks).filter((b) => b.text?.text === "Share");
    expect(decodeShare(shares[1]?.value)).toEqual({
      query: "promotion",
      sectionId: "https://forem.com/jono/on-promotion#heading-2",
    });
  });

  it("names the opening section by its essay title and nested ones as Parent › Heading", () => {
    const opening = hit(sectionOf({ heading: "", anchor: "" }));
    const nested = hit(sectionOf({ heading: "Ask early", parentHeading: "What to do" }));
    const all = expectSafe(reply(result([opening, nested]), { offset: 0 }));
    expect(all).toContain("*<https://forem.com/jono/on-promotion|On promotion>*");
    expect(all).toContain("|What to do › Ask early>*");
  });

  it("omits the date when the feed gave none", () => {
    const h = hit(sectionOf({ essay: meta({ published: null }) }));
    const all = expectSafe(reply(result([h]), { offset: 0 }));
    expect(all).toContain("On promotion · 4 min read · leadership, career");
  });

  it("falls back to the no-match message for an empty result", () => {
    const all = expectSafe(reply(result([], "zzz", ["buzz"]), { offset: 0 }));
    expect(all).toContain("No section matches *zzz*.");
  });

  it("stays within Slack's limits and escapes everything with hostile input", () => {
    const m = meta({
      title: long(`${HOSTILE} `, 5000),
      url: `https://forem.com/${"p".repeat(4000)}`,
      tags: Array.from({ length: 100 }, (_, i) => `${HOSTILE}${i}`),
      author: long(HOSTILE, 3000),
    });
    const text = long(`${HOSTILE} promotion `, 8000);
    const h = (i: number) =>
      hit(
        sectionOf({
          essay: m,
          heading: long(`${HOSTILE} `, 3000 + i),
          parentHeading: HOSTILE,
          text,
        }),
      );
    const query = long(`${HOSTILE} `, 10_000);
    const message = reply(
      result(
        Array.from({ length: 40 }, (_, i) => h(i)),
        query,
      ),
      {
        offset: 3,
        pageSize: 50,
      },
    );
    const all = expectSafe(message);
    expect(all).toContain("&lt;!channel&gt;");
    expect(all).toContain("Q&amp;A");
    expect(all).toContain("日本語の文章");
    expect(all).toContain("🎉");
    expect(all).toMatch(/ \+9\d more/);
    // A link that long is dropped rather than eating the message budget.
    expect(all).not.toContain("pppppppppp");
  });

  it("defangs an excerpt that arrives unescaped", () => {
    const bad = { ...hit(), excerpt: "<!channel> <@U123> <https://evil|click> *promotion*" };
    const all = expectSafe(reply(result([bad]), { offset: 0 }));
    expect(all).toContain("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt; *promotion*");
  });
});
