/**
 * A "quoted phrase" matches as written: the same words side by side, whatever the case, accents
 * or apostrophe style, but no other word forms and no acronym standing in for it.
 */
import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const index = SearchIndex.build([
  essay({
    title: "Review Load",
    slug: "review-load",
    sections: [
      ["", "Review every pull request before lunch. A pull request waits."],
      ["Plural", "Our pull requests got bigger every quarter."],
      ["Acronym", "Keep each PR small: a PR of forty lines reviews fast. Pull Request etiquette."],
      ["Cafe", "The Café Team’s rules."],
    ],
  }),
]);
const headings = (query: string) =>
  index
    .search(query)
    .hits.map((h) => h.section.heading)
    .sort();

describe("quoted phrases", () => {
  it("match the words as written, not other forms of them", () => {
    expect(headings('"pull request"')).toEqual(["", "Acronym"]);
    expect(headings('"pull requests"')).toEqual(["Plural"]);
  });

  it("ignore case, accents and the apostrophe's style", () => {
    expect(headings('"cafe team\'s"')).toEqual(["Cafe"]);
    expect(headings('"café team"')).toEqual([]);
  });

  it("bold the phrase's own words, not the acronym or another form", () => {
    const hit = index.search('"pull request"').hits.find((h) => h.section.heading === "Acronym");
    expect(hit?.excerpt).toContain("*Pull Request*");
    expect(hit?.excerpt).not.toContain("*PR*");
    // Loose words still match every form and the acronym.
    const loose = index.search("pull request").hits.find((h) => h.section.heading === "Acronym");
    expect(loose?.excerpt).toContain("*PR*");
  });
});
