import { describe, expect, it } from "vitest";
import { MAX_TERMS, parseQuery } from "../../src/search/query.js";
import { termOf, wordKey } from "../../src/search/text.js";

describe("parseQuery", () => {
  it("turns words into distinct keys, stop words dropped, words kept as typed (lower-cased)", () => {
    const q = parseQuery("What to MEASURE when measuring");
    expect(q.terms).toEqual([{ key: termOf("measure"), word: "measure" }]);
    expect(q.phrases).toEqual([]);
  });

  it("reads quoted phrases, straight or curly, keeping their small words", () => {
    for (const raw of ['"not a mood" friday', "“not a mood” friday"]) {
      const q = parseQuery(raw);
      expect(q.phrases).toEqual([
        {
          keys: ["not", "a", "mood"].map(wordKey),
          indexed: ["not", "mood"].map((w) => termOf(w)),
          exact: ["not", "a", "mood"],
        },
      ]);
      expect(q.terms.map((t) => t.word)).toEqual(["not", "mood", "friday"]);
      // Words typed only inside quotes match only as written; loose ones match every form.
      expect(q.terms.map((t) => (t.exact ? [...t.exact] : undefined))).toEqual([
        ["not"],
        ["mood"],
        undefined,
      ]);
    }
  });

  it("reads a dangling quote as loose words, not a phrase", () => {
    const q = parseQuery('black "friday');
    expect(q.phrases).toEqual([]);
    expect(q.terms.map((t) => t.word)).toEqual(["black", "friday"]);
  });

  it("prefix-searches only a last word still being typed", () => {
    expect(parseQuery("promo").lastTermOpen).toBe(true);
    expect(parseQuery("promo ").lastTermOpen).toBe(false);
    expect(parseQuery('"black friday"').lastTermOpen).toBe(false);
    expect(parseQuery("promotion the").lastTermOpen).toBe(false);
  });

  it("caps a pasted essay to a bounded number of terms", () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(" ");
    expect(parseQuery(words).terms.length).toBe(MAX_TERMS);
  });

  it("returns no terms for empty, punctuation-only or emoji-only input", () => {
    for (const raw of ["", "   ", "?!…—", "🚀🔥", '""']) {
      expect(parseQuery(raw).terms).toEqual([]);
    }
  });
});
