import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/search/query.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const index = SearchIndex.build([
  essay({
    title: "Notes",
    slug: "notes",
    sections: [
      ["Hand over the keys", "Hand the keys to the team and step back from leadership."],
      [
        "Staying close",
        "Being hands on does not mean writing every line; leadership is judgement.",
      ],
      ["Hands-on leadership", "Stay hands-on: review code weekly and pair once a sprint."],
      ["Inbox", "Answer each email once, at a fixed time."],
      ["Meetings", "Keep the weekly 1:1 agenda short, and keep one running document."],
      ["Counting", "Count 1 to 10 before an agenda item, they say."],
    ],
  }),
]);

const headings = (q: string) => index.search(q).hits.map((h) => h.section.heading);

describe("hyphenated words in a query", () => {
  it("are read whole, as the parts they join", () => {
    expect(parseQuery("hands-on leadership").compounds).toEqual([
      { parts: ["hands", "on"], keys: ["hand", "on"], alternatives: ["handson"] },
    ]);
    expect(parseQuery('"hands-on" leadership').compounds).toEqual([]);
  });

  it("match the whole, hyphenated or not, above the parts on their own", () => {
    expect(headings("hands-on leadership")).toEqual([
      "Hands-on leadership",
      "Staying close",
      "Hand over the keys",
    ]);
  });

  it("match the word written without its hyphen", () => {
    expect(headings("e-mail")).toEqual(["Inbox"]);
    // Found as the word it is, not forgiven as a typo for it.
    expect(index.search("e-mail").corrected).toBeUndefined();
  });

  it("keep a ratio written in words (1-on-1, one-on-one) as the ratio", () => {
    expect(headings("1-on-1 agenda")[0]).toBe("Meetings");
    expect(headings("one-on-one")).toEqual(["Meetings"]);
  });
});
