import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const index = SearchIndex.build([
  essay({
    title: "Teams",
    slug: "teams",
    sections: [
      ["Onboarding new hires", "The first week of onboarding decides how fast a new hire ships."],
      ["Inboard engines", "Boats with an inboard engine are quieter than the rest."],
      ["Mentoring", "Mentoring is a habit: an hour of mentoring a week compounds."],
      ["Repeat incidents", "The same incidents come back when nobody owns the fix."],
      ["Sales", "The holiday sale doubles the traffic on checkout."],
      ["Saving", "Same plan, same day: save the date and keep it the same."],
    ],
  }),
]);

const headings = (q: string) => index.search(q).hits.map((h) => h.section.heading);

describe("typo matching", () => {
  it("counts swapped neighbouring letters as one typo", () => {
    expect(headings("onbaording")[0]).toBe("Onboarding new hires");
    expect(headings("mentroing")).toEqual(["Mentoring"]);
    expect(headings("incidnets")).toEqual(["Repeat incidents"]);
  });

  it("keeps only the closest words: one typo away beats two", () => {
    // "inboard" is two edits from "onbaord", "onboard" one.
    expect(headings("onbaording")).toEqual(["Onboarding new hires"]);
  });

  it("of equally close words, keeps the two most sections hold", () => {
    const words = SearchIndex.build([
      essay({
        title: "Words",
        slug: "words",
        sections: [
          ["A", "A sale."],
          ["B", "The same."],
          ["C", "The same again."],
          ["D", "Save it."],
          ["E", "Save it twice, the same way."],
        ],
      }),
    ]);
    // "sabe" (no English word) is one edit from "sale" (1 section), "save" (2) and "same" (3).
    const found = words.search("sabe").hits.map((h) => h.section.heading);
    expect(found.sort()).toEqual(["B", "C", "D", "E"]);
  });

  it("says which word it read the typo as", () => {
    expect(index.search("onbaording").corrected).toBe("onboarding");
  });

  it("never reads a word the essays contain as a typo for another", () => {
    expect(headings("sale")).toEqual(["Sales"]);
  });
});
