import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/search/query.js";
import { editDistance, suggest, VocabularyBuilder } from "../../src/search/suggest.js";
import { normalizeWord, termOf, tokenize } from "../../src/search/text.js";

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

describe("Vocabulary.near", () => {
  it("finds what comparing every word would find (property)", () => {
    // A small alphabet, so words are often within a few edits of each other.
    const wordArb = fc
      .array(fc.constantFrom(..."aeiorstnp"), { minLength: 1, maxLength: 10 })
      .map((c) => c.join(""));
    fc.assert(
      fc.property(fc.array(wordArb, { minLength: 1, maxLength: 60 }), wordArb, (list, typed) => {
        const vocabulary = vocabularyOf(list.join(" "));
        const term = parseQuery(typed).terms[0];
        if (!term) return;
        const max = typed.length <= 4 ? 1 : typed.length <= 8 ? 2 : 3;
        // Each stem shows as its most frequent spelling (ties alphabetical), as in the index.
        const counts = new Map<string, Map<string, number>>();
        for (const w of list) {
          const key = termOf(w);
          if (key === null) continue;
          const forms = counts.get(key) ?? new Map<string, number>();
          forms.set(normalizeWord(w), (forms.get(normalizeWord(w)) ?? 0) + 1);
          counts.set(key, forms);
        }
        const spelling = new Map(
          [...counts].map(([key, forms]) => {
            const sorted = [...forms].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
            return [key, sorted[0]?.[0] ?? key];
          }),
        );
        const expected = [...spelling].filter(
          ([key, word]) =>
            Math.min(
              editDistance(normalizeWord(term.word), word, max),
              editDistance(term.key, key, max),
            ) <= max,
        );
        expect(
          vocabulary
            .near(term, 1_000)
            .map((n) => n.word)
            .sort(),
        ).toEqual(expected.map(([, word]) => word).sort());
      }),
    );
  });
});
