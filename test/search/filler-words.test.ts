import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/search/query.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const words = (q: string) => parseQuery(q).terms.map((t) => t.word);

describe("question filler and function words in a query", () => {
  it("are not searched as content when the query has content words", () => {
    expect(words("should managers still code?")).toEqual(["managers", "still", "code"]);
    expect(words("ship fast vs quality")).toEqual(["ship", "fast", "quality"]);
    expect(words("does delegation actually work")).toEqual(["delegation", "work"]);
    expect(words("can you explain about 1:1s")).toEqual(["explain", "1:1s"]);
  });

  it("are searched when the query is made of nothing else", () => {
    expect(words("should")).toEqual(["should"]);
    expect(words("vs")).toEqual(["vs"]);
  });

  it("are kept inside quotes, where the person asked for them", () => {
    const q = parseQuery('"manager vs leader" split');
    expect(q.terms.map((t) => t.word)).toEqual(["manager", "vs", "leader", "split"]);
    expect(q.phrases[0]?.exact).toEqual(["manager", "vs", "leader"]);
  });

  it("leave the word before them open to completion only if it was typed last", () => {
    expect(parseQuery("promo vs").lastTermOpen).toBe(false);
    expect(parseQuery("should promo").lastTermOpen).toBe(true);
  });
});

const index = SearchIndex.build([
  essay({
    title: "Roles",
    slug: "roles",
    sections: [
      ["One", "Pick the manager today leader role for the quarter."],
      ["Two", "Pick the manager vs leader role for the quarter."],
      [
        "The Manager vs Leader Split",
        "Managers guard quality and process; leaders set the direction and the pace.",
      ],
      ["Small changes", "Teams that ship fast keep their quality up with small changes."],
    ],
  }),
]);

const headings = (q: string) => index.search(q).hits.map((h) => h.section.heading);

describe("ranking with filler in the query", () => {
  it("ranks on the content words, not on the filler", () => {
    const result = index.search("ship fast vs quality");
    expect(result.hits[0]?.section.heading).toBe("Small changes");
    expect(result.hits.flatMap((h) => h.matchedTerms)).not.toContain("vs");
    expect(headings("should we ship fast?")[0]).toBe("Small changes");
  });

  it("reads words with only filler between them as side by side", () => {
    // Sections One and Two differ only in the word between "manager" and "leader".
    const order = headings("manager leader role");
    expect(order.indexOf("Two")).toBeLessThan(order.indexOf("One"));
  });

  it("still finds a heading typed out in full, filler included", () => {
    expect(headings("the manager vs leader split")[0]).toBe("The Manager vs Leader Split");
  });
});
