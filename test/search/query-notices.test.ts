/**
 * What a reply must say besides the hits: the query as corrected when a typo was forgiven, and
 * the words no section has (the other words found the hits), so "24 sections match *promoton*"
 * never reads as if the typo matched.
 */
import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const index = SearchIndex.build([
  essay({
    title: "The Promotion Happened",
    slug: "the-promotion-happened",
    sections: [
      ["", "The promotion happened. The job did not."],
      ["Runbooks", "Every runbook needs an owner; promotions need one too."],
    ],
  }),
]);

describe("SearchIndex notices", () => {
  it("gives the query as corrected when a typo was forgiven", () => {
    const result = index.search("promoton");
    expect(result.total).toBeGreaterThan(0);
    expect(result.corrected).toBe("promotion");
    expect(index.page("promoton", 0, 3).corrected).toBe("promotion");
    // Only the typo is replaced; the rest of what was typed stays as typed.
    expect(index.search("the promoton owner").corrected).toBe("the promotion owner");
  });

  it("corrects nothing when every word is known or still being typed", () => {
    expect(index.search("promotion").corrected).toBeUndefined();
    expect(index.search("runbo").corrected).toBeUndefined();
    expect(index.search("promotion").unmatched ?? []).toEqual([]);
  });

  it("names the words no section has while the others found hits", () => {
    const result = index.search("promotion zzzkubernetes");
    expect(result.total).toBeGreaterThan(0);
    expect(result.unmatched).toEqual(["zzzkubernetes"]);
    expect(result.corrected).toBeUndefined();
    expect(index.page("Promotion ZZZkubernetes", 0, 3).unmatched).toEqual(["zzzkubernetes"]);
  });
});
