import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const promotion = essay({
  title: "The Promotion Happened. The Job Did Not.",
  slug: "the-promotion-happened",
  published: "2026-05-18T15:36:49.000Z",
  tags: ["leadership", "career"],
  sections: [
    ["", "The promotion happened. The job did not. That gap is where resentment grows quietly."],
    ["The identity threat", "Titles are cheap. Scope is expensive. Pay the bill on purpose."],
    ["This week", "If you were recently promoted, ask for a one page note about your new scope."],
  ],
});
const runbook = essay({
  title: "Your Runbook Is Written. Nobody Runs It.",
  slug: "your-runbook-is-written",
  published: "2026-05-13T19:48:45.000Z",
  sections: [
    ["", "The runbook was pinned. The runbook looked healthy. The runbook was a runbook."],
    ["Owners", "Every runbook needs a named owner who verifies steps before the release."],
    ["Black Friday is not a mood", "Peak plans that depend on adrenaline depend on luck."],
    ["Colours", "A black cat on a Friday is bad luck, they say, and bus drivers factor it in."],
    ["Bus factor", "Hidden bus-factor cost grows when one person holds the context."],
  ],
});
const reviews = essay({
  title: "The Model Fills the Envelope",
  slug: "the-model-fills-the-envelope",
  published: null,
  sections: [
    [
      "",
      "Nobody defined what a reviewable pull request looks like. One pull request, one concern.",
    ],
    [
      "Shallow and Vertical",
      "PRs should be small. PR sizes climb when nobody writes the rule down.",
    ],
    ["Confidence", "We kept promoting confidence over delivery, and the reviews showed it."],
  ],
});
const index = SearchIndex.build([promotion, runbook, reviews]);
const headings = (query: string) => index.search(query).hits.map((h) => h.section.heading);

describe("SearchIndex.search", () => {
  it("finds every inflection of a word and bolds the forms the section uses", () => {
    for (const query of ["promotion", "promoted", "promotions", "promoting"]) {
      const { hits } = index.search(query);
      expect(
        hits.map((h) => h.section.url),
        query,
      ).toContain(promotion.sections[0]?.url);
    }
    const hit = index.search("promotions").hits.find((h) => h.section.heading === "This week");
    expect(hit?.excerpt).toContain("*promoted*");
    expect(hit?.matchedTerms).toEqual(["promotions"]);
  });

  it("tolerates typos, and bolds the word actually found", () => {
    expect(headings("runbok")[0]).toBe("");
    expect(index.search("runbok").hits[0]?.excerpt).toContain("*runbook*");
    expect(index.search("promoton").hits.length).toBeGreaterThan(0);
  });

  it("ranks a subheading match above a passing mention", () => {
    expect(headings("identity")[0]).toBe("The identity threat");
  });

  it("favours sections that match more of the query over one repeating a single word", () => {
    expect(headings("runbook owner")[0]).toBe("Owners");
  });

  it("favours query words side by side", () => {
    expect(headings("bus factor")[0]).toBe("Bus factor");
  });

  it("matches quoted phrases only where the words are adjacent, as written (case aside)", () => {
    expect(headings('"black friday"')).toEqual(["Black Friday is not a mood"]);
    expect(headings("“Promoting confidence”")).toEqual(["Confidence"]);
    expect(headings("“promoted confidence”")).toEqual([]);
    expect(headings('"not a mood"')).toEqual(["Black Friday is not a mood"]);
    expect(headings('"mood a not"')).toEqual([]);
  });

  it("finds abbreviations the corpus spells out (PR = pull request)", () => {
    expect(headings("pull request size")[0]).toBe("Shallow and Vertical");
    expect(index.search("pull request size").hits[0]?.excerpt).toContain("*PR sizes*");
  });

  it("returns hits best first, with plain and mrkdwn excerpts", () => {
    const { hits } = index.search("runbook");
    // Every section of the runbook essay matches through its title; the opening leads.
    expect(hits.length).toBe(5);
    expect(hits[0]?.section.heading).toBe("");
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    for (const hit of hits) {
      expect(hit.excerptText).not.toContain("*");
      expect(JSON.parse(JSON.stringify(hit)).excerpt).toBe(hit.excerpt);
    }
  });

  it("suggests corpus words when nothing matches, and only then", () => {
    const miss = index.search("prmotoino bsu");
    expect(miss.hits).toEqual([]);
    expect(miss.suggestions[0]).toBe("promotion bus");
    expect(index.search("promotion").suggestions).toEqual([]);
  });

  it("answers odd input sensibly without throwing", () => {
    for (const query of ["", "   ", "?!…", "🚀🔥", "日本語のテキスト", "x".repeat(10_000)]) {
      const result = index.search(query);
      expect(result.hits).toEqual([]);
      expect(Array.isArray(result.suggestions)).toBe(true);
    }
    const pasted = `${"lorem ipsum dolor ".repeat(600)} runbook`;
    expect(() => index.search(pasted)).not.toThrow();
    expect(index.search(undefined as unknown as string).hits).toEqual([]);
  });

  it("never throws and always gives well-formed hits, whatever is typed (property)", () => {
    const words = [
      "promotion",
      "runbook",
      '"',
      "PR",
      "black",
      "friday",
      "🚀",
      "1:1",
      "*",
      "<",
      "&",
    ];
    const query = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(" ")),
    );
    fc.assert(
      fc.property(query, (q) => {
        const { hits, suggestions } = index.search(q);
        for (const hit of hits.slice(0, 3)) {
          expect((hit.excerpt.match(/\*/g) ?? []).length % 2).toBe(0);
          expect(hit.excerpt).not.toMatch(/[<>]/);
        }
        expect(hits.length === 0 || suggestions.length === 0).toBe(true);
      }),
    );
  });
});

describe("SearchIndex", () => {
  it("counts essays and sections", () => {
    expect(index.essayCount).toBe(3);
    expect(index.sectionCount).toBe(11);
  });

  it("lists the latest essays newest first, undated last", () => {
    expect(index.latest(5).map((e) => e.meta.title)).toEqual([
      promotion.meta.title,
      runbook.meta.title,
      reviews.meta.title,
    ]);
    expect(index.latest(1)).toHaveLength(1);
    expect(index.latest(0)).toEqual([]);
  });

  it("finds an essay or section by a pasted link", () => {
    expect(
      index.findByUrl("http://dev.to/author/your-runbook-is-written/?utm_source=x")?.essay.meta
        .title,
    ).toBe(runbook.meta.title);
    expect(
      index.findByUrl("https://forem.com/author/your-runbook-is-written#owners")?.section?.heading,
    ).toBe("Owners");
    expect(index.findByUrl("https://forem.com/author/unknown")).toBeUndefined();
  });

  it("is immutable: building another index, or reusing the input arrays, changes nothing", () => {
    const corpus = [promotion, runbook];
    const live = SearchIndex.build(corpus);
    const before = live.search("runbook").hits.map((h) => h.section.id);
    corpus.pop();
    corpus.push(reviews);
    const next = SearchIndex.build(corpus);
    expect(next.search("runbook").hits).toEqual([]);
    expect(live.search("runbook").hits.map((h) => h.section.id)).toEqual(before);
    expect(live.essayCount).toBe(2);
    expect(live.findByUrl(runbook.meta.url)?.essay.meta.title).toBe(runbook.meta.title);
  });
});
