import { describe, expect, it } from "vitest";
import { keysOf, learnAcronyms } from "../../src/search/acronyms.js";
import { termOf } from "../../src/search/text.js";
import { essay } from "./corpus-builder.js";

const reviews = essay({
  title: "Review",
  slug: "review",
  sections: [
    [
      "",
      "Nobody defined what a reviewable pull request looks like. One pull request, one concern.",
    ],
    ["Sizes", "PRs should be small. PR sizes climb when nobody writes the rule down."],
  ],
});

describe("learnAcronyms", () => {
  it("learns an acronym the essays spell out", () => {
    const acronyms = learnAcronyms([reviews]);
    expect(acronyms.get(termOf("PR") ?? "")).toEqual([termOf("pull"), termOf("request")]);
    expect(keysOf("PRs", acronyms)).toEqual([termOf("PR"), termOf("pull"), termOf("request")]);
  });

  it("leaves a lower-case word alone even when it spells an acronym", () => {
    expect(keysOf("pr", learnAcronyms([reviews]))).toEqual([termOf("pr")]);
  });

  it("ignores chance pairs seen once and pairs of short words", () => {
    const chance = essay({
      title: "HR",
      slug: "hr",
      sections: [["", "HR called. He replied. Then he replaced me. Heavy rain. HR again."]],
    });
    expect(learnAcronyms([chance]).size).toBe(0);
  });
});
