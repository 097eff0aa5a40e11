import { describe, expect, it } from "vitest";
import { STOP_WORDS, termOf, tokenize, wordKey } from "../../src/search/text.js";

describe("tokenize", () => {
  it("returns each word with where it sits, so excerpts can bold the original characters", () => {
    const text = "The promotion happened.";
    expect(tokenize(text).map((t) => [t.word, text.slice(t.start, t.end)])).toEqual([
      ["The", "The"],
      ["promotion", "promotion"],
      ["happened", "happened"],
    ]);
  });

  it('keeps "1:1", "2.5" and "1,200" whole but splits hyphenated words', () => {
    expect(
      tokenize("A better 1:1 in 2.5 years, 1,200 lines, bus-factor risk").map((t) => t.word),
    ).toEqual([
      "A",
      "better",
      "1:1",
      "in",
      "2.5",
      "years",
      "1,200",
      "lines",
      "bus",
      "factor",
      "risk",
    ]);
  });

  it("keeps contractions and possessives whole, with straight or curly apostrophes", () => {
    expect(tokenize("don't team’s 'quoted'").map((t) => t.word)).toEqual([
      "don't",
      "team’s",
      "quoted",
    ]);
  });

  it("handles other scripts and emoji without throwing", () => {
    expect(tokenize("日本語 の テキスト 🚀 café").map((t) => t.word)).toEqual([
      "日本語",
      "の",
      "テキスト",
      "café",
    ]);
  });
});

describe("termOf", () => {
  it("gives inflections of a word the same key", () => {
    const keys = ["promotion", "promotions", "promoted", "promoting", "Promote"].map(termOf);
    expect(new Set(keys).size).toBe(1);
  });

  it("folds case, accents and possessives", () => {
    expect(termOf("Café")).toBe(termOf("cafe"));
    expect(termOf("team’s")).toBe(termOf("team"));
    expect(termOf("1:1s")).toBe(termOf("1:1"));
  });

  it("drops stop words and absurdly long tokens", () => {
    for (const word of STOP_WORDS) expect(termOf(word)).toBeNull();
    expect(termOf("x".repeat(100))).toBeNull();
  });

  it("keeps stop words in wordKey, which phrase checks compare", () => {
    expect(wordKey("The")).toBe("the");
    expect(wordKey("Promotions")).toBe(termOf("promotion"));
  });
});
