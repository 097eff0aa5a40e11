import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/search/query.js";
import { editDistance, suggest, VocabularyBuilder } from "../../src/search/suggest.js";
import { termOf, tokenize } from "../../src/search/text.js";

function vocabularyOf(...texts: string[]) {
  const builder = new VocabularyBuilder();
  texts.forEach((text, section) => {
    for (const { word } of tokenize(text)) {
      const key = termOf(word);
      if (key !== null) builder.add(key, word, section);
    }
  });
  return builder.finish();
}

const vocabulary = vocabularyOf(
  "The promotion happened. Promotions are hard. She was promoted.",
  "Black Friday is not a mood. The runbook is pinned.",
  "Promotion again, and the bus factor.",
);

describe("editDistance", () => {
  it("counts insertions, deletions, substitutions and swapped neighbours", () => {
    expect(editDistance("runbok", "runbook", 3)).toBe(1);
    expect(editDistance("promtoion", "promotion", 3)).toBe(1);
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
  });

  it("gives up past the limit", () => {
    expect(editDistance("abcdef", "uvwxyz", 2)).toBe(3);
  });
});

describe("suggest", () => {
  it("suggests real words from the corpus, the most frequent spelling of the stem", () => {
    expect(suggest(parseQuery("promtion").terms, vocabulary)).toEqual(["promotion"]);
  });

  it("corrects only the unknown words of a multi-word query", () => {
    expect(suggest(parseQuery("blak friday").terms, vocabulary)[0]).toBe("black friday");
  });

  it("ranks closer words first", () => {
    const words = vocabulary.near(parseQuery("runbok").terms[0] ?? { key: "", word: "" }, 3);
    expect(words[0]?.word).toBe("runbook");
  });

  it("says nothing when every word is known or nothing is close", () => {
    expect(suggest(parseQuery("promotion mood").terms, vocabulary)).toEqual([]);
    expect(suggest(parseQuery("xylophone").terms, vocabulary)).toEqual([]);
  });

  it("weighs rare words above common ones", () => {
    expect(vocabulary.idf(termOf("runbook") ?? "")).toBeGreaterThan(
      vocabulary.idf(termOf("promotion") ?? ""),
    );
  });
});
