import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const index = SearchIndex.build([
  essay({
    title: "Measuring teams",
    slug: "measuring-teams",
    sections: [
      [
        "Spread of skills",
        "Plot each engineer against the skills the team needs and read the distribution. " +
          "A single score summarises how concentrated the knowledge is, and the team " +
          "watches it move every quarter as people pair and rotate through the work.",
      ],
      [
        "The scorecard",
        "A scorecard lists the scorecard items. The scorecard is reviewed monthly.",
      ],
    ],
  }),
]);

const headings = (q: string) => index.search(q).hits.map((h) => h.section.heading);

describe("the last word of a query", () => {
  it("ranks the word itself above longer words it begins, when it is a word of the essays", () => {
    expect(headings("score")).toEqual(["Spread of skills", "The scorecard"]);
  });

  it("is still completed while it is no word of the essays yet", () => {
    expect(headings("scor")).toEqual(expect.arrayContaining(["Spread of skills", "The scorecard"]));
  });
});
