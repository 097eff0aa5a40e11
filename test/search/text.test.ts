import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  STOP_WORDS,
  termOf,
  tokenize,
  wordKey,
  words,
  wordsAndGaps,
} from "../../src/search/text.js";

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

describe("words and wordsAndGaps", () => {
  it("read the same words as tokenize, and the gaps between them", () => {
    const text = "Don’t ship 1:1 bus-factor risk… “PRs” café 2.5";
    const tokens = tokenize(text);
    expect(words(text)).toEqual(tokens.map((t) => t.word));
    const parts = wordsAndGaps(text);
    expect(parts.filter((_, i) => i % 2 === 1)).toEqual(tokens.map((t) => t.word));
    expect(parts.join("")).toBe(text);
  });

  it("read text with only ASCII letters the same by the fast path as by the Unicode one (property)", () => {
    // One non-ASCII letter anywhere sends the whole text down the Unicode path: compare the two.
    const chars = fc.constantFrom(..."aZ09 '’:.,-\n…“”—é".split(""));
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 60 }).map((c) => c.join("")),
        (text) => {
          const ascii = text.replace(/é/g, "e");
          expect(words(ascii)).toEqual(words(`${ascii} é`).slice(0, -1));
          expect(tokenize(ascii).map((t) => t.word)).toEqual(words(ascii));
          expect(wordsAndGaps(ascii).join("")).toBe(ascii);
        },
      ),
    );
  });
});
