/**
 * Related words (WordNet 3.1, compiled by `npm run build` into dist/related-words.json): a reader's
 * word finds the author's word for the same idea, below the reader's own word, and the reply says
 * which word stood in for which.
 */
import { describe, expect, it } from "vitest";
import { LayeredIndex } from "../../src/search/layered-index.js";
import { relatedWords } from "../../src/search/related-words.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { termOf } from "../../src/search/text.js";
import { essay } from "./corpus-builder.js";

const index = SearchIndex.build([
  essay({
    title: "Coaching",
    slug: "coaching",
    sections: [
      ["", "Notes on coaching engineers."],
      [
        "Holding the line",
        "Most managers can have one hard conversation. Fewer hold the standard.",
      ],
      ["Naming it", "Difficult conversations get easier when the gap is named early."],
      ["Rotas", "On-call rotations need a clear owner and a written handover."],
    ],
  }),
  // Other essays, so that no word above is in more than a tenth of the sections (see below).
  ...Array.from({ length: 8 }, (_, i) =>
    essay({ title: `Log ${i}`, slug: `log-${i}`, sections: [["", `Plain entry ${i}.`]] }),
  ),
]);

const headings = (query: string) => index.search(query).hits.map((h) => h.section.heading);

describe("the related-words table", () => {
  it("was built from WordNet, keyed and valued by the index's stems", () => {
    const related = relatedWords();
    const hard = related.of("difficult");
    expect(hard.map((r) => r.key)).toContain(termOf("hard"));
    for (const { share } of hard) expect(share).toBeGreaterThan(0);
    expect(related.of("zzzkubernetes")).toEqual([]);
    // By word, inflections taken off, and never the relations of another word with its stem.
    expect(related.of("conversations")).toEqual(related.of("conversation"));
    expect(related.of("quitting")).toEqual(related.of("quit"));
    expect(related.of("quit").map((r) => r.key)).not.toContain(termOf("rather"));
    expect(related.isEnglish("sale")).toBe(true);
    expect(related.isEnglish("sales")).toBe(true);
    expect(related.isEnglish("mentroing")).toBe(false);
    // A name WordNet has is no English word; nor is an untagged rarity a typo can spell.
    expect(related.isEnglish("peron")).toBe(false);
    expect(related.isEnglish("stope")).toBe(false);
  });
});

describe("search with related words", () => {
  it("finds the author's word for the reader's, ranked below the reader's own word", () => {
    expect(headings("difficult conversations")).toEqual(["Naming it", "Holding the line"]);
    // The related word alone reaches the section that never says "difficult".
    expect(headings("difficult")).toContain("Holding the line");
    expect(headings("difficult")[0]).toBe("Naming it");
  });

  it("says which word stood in, with the query as typed", () => {
    const result = index.page("Difficult conversations", 0, 5);
    expect(result.related).toBe("hard conversations");
    expect(result.corrected).toBeUndefined();
    expect(result.unmatched).toBeUndefined();
  });

  it("names no related word when every best hit holds the word itself", () => {
    expect(index.page("handover", 0, 5).related).toBeUndefined();
    expect(index.page("conversations", 0, 5).related).toBeUndefined();
  });

  it("keeps a quoted word as written: no related word", () => {
    expect(headings('"difficult" conversations')).toEqual(["Naming it"]);
    expect(index.page('"difficult" conversations', 0, 5).related).toBeUndefined();
  });

  it("does not count a related word as the query's own in matchedTerms", () => {
    const hit = index
      .search("difficult conversations")
      .hits.find((h) => h.section.heading === "Holding the line");
    expect(hit?.matchedTerms).toEqual(["conversations"]);
  });
});

describe("a word many sections hold", () => {
  /** `n` of 20 sections say "difficult"; one says "hard conversation". */
  const withDifficultIn = (n: number) =>
    SearchIndex.build([
      essay({
        title: "Notes",
        slug: "notes",
        sections: Array.from({ length: 20 }, (_, i): [string, string] => [
          `Part ${i}`,
          i === 0
            ? "One hard conversation a week."
            : i <= n
              ? `A difficult week number ${i}.`
              : `Plain notes number ${i}.`,
        ]),
      }),
    ]);

  it("gets no related words: the essays use the reader's word themselves", () => {
    const common = withDifficultIn(3)
      .search("difficult")
      .hits.map((h) => h.section.heading);
    expect(common).not.toContain("Part 0");
    const rare = withDifficultIn(1)
      .search("difficult")
      .hits.map((h) => h.section.heading);
    expect(rare).toContain("Part 0");
  });
});

describe("related words over a layered index", () => {
  it("decide a word's commonness on the full index, as the rebuild will", () => {
    // 4 of 20 sections say "difficult": common in the archive, absent from the changed essay.
    const old = Array.from({ length: 20 }, (_, i) =>
      essay({
        title: `Old ${i}`,
        slug: `old-${i}`,
        sections: [["", i < 4 ? `A difficult week number ${i}.` : `Plain notes number ${i}.`]],
      }),
    );
    const fresh = essay({
      title: "Fresh",
      slug: "fresh",
      sections: [
        ["", "Opening words."],
        ["Talk", "One hard conversation a week."],
      ],
    });
    const base = SearchIndex.build(old);
    const steps = SearchIndex.steps([fresh], { weighAgainst: base });
    let step = steps.next();
    while (!step.done) step = steps.next();
    const layered = new LayeredIndex(base, step.value, new Set([fresh.meta.id]));
    const rebuilt = SearchIndex.build([...old, fresh]);
    const headingsOf = (ix: { page: SearchIndex["page"] }) =>
      ix.page("difficult", 0, 10).hits.map((h) => h.section.heading || h.section.essay.title);
    expect(headingsOf(layered)).toEqual(headingsOf(rebuilt));
    expect(headingsOf(layered)).not.toContain("Talk");
  });
});

describe("a query both corrected and related", () => {
  it("names the stand-in with the corrected words, for the corrected query", () => {
    const result = index.page("difficult handovr", 0, 5);
    expect(result.corrected).toBe("difficult handover");
    expect(result.related).toBe("hard handover");
  });
});

describe("an English word the essays lack", () => {
  const words = SearchIndex.build([
    essay({
      title: "Words",
      slug: "words",
      sections: [
        ["B", "The same."],
        ["D", "Save it."],
      ],
    }),
  ]);

  it("is not read as a typo for a look-alike", () => {
    // "sale" is English: not "same" or "save" misspelt.
    const result = words.search("sale");
    expect(result.total).toBe(0);
    expect(words.search("same sale").unmatched).toEqual(["sale"]);
    // A misspelling is still forgiven.
    expect(words.search("saev").corrected).toBe("save");
  });
});
