import { describe, expect, it } from "vitest";
import { boilerplateThreshold } from "../../src/essay/boilerplate.js";
import type { Essay } from "../../src/feed/types.js";
import { buildCorpus } from "../../src/library/corpus.js";
import { essayWith, referenceEssays } from "../essay/reference-feed.js";

/** n essays, each with its own prose, plus whatever `extra(i)` adds. */
function essays(n: number, extra: (i: number) => string = () => ""): Essay[] {
  return Array.from({ length: n }, (_, i) =>
    essayWith(
      `<p>Unique thought number ${i}.</p><h2>Part ${i}</h2><p>More on ${i}.</p>${extra(i)}`,
      {
        id: `essay-${i}`,
        url: `https://example.com/essay-${i}`,
        title: `Essay ${i}`,
      },
    ),
  );
}

function allText(corpus: ReturnType<typeof buildCorpus>): string {
  return corpus.flatMap((e) => e.sections.map((s) => s.text)).join("\n");
}

describe("buildCorpus", () => {
  it("removes the reference feed's newsletter footer from every essay", async () => {
    const corpus = buildCorpus(await referenceEssays());
    const blocks = corpus.flatMap((e) => e.sections.flatMap((s) => s.blocks));
    expect(corpus).toHaveLength(12);
    expect(blocks.some((b) => b.text.includes("One email a week"))).toBe(false);
    expect(blocks.some((b) => b.mrkdwn.includes("jonoherrington.com/newsletter|Subscribe"))).toBe(
      false,
    );
    // …and nothing else: the essays' own prose is all still there.
    expect(allText(corpus)).toContain("Titles are cheap. Scope is expensive.");
    expect(corpus.map((e) => e.sections.at(-1)?.heading)).toContain("This week");
  });

  it("detects boilerplate from the data, whatever its wording", () => {
    const footer = "<p>Follow me on Mastodon for more &amp; subscribe!</p>";
    const corpus = buildCorpus(essays(12, () => footer));
    expect(allText(corpus)).not.toContain("Mastodon");
    expect(allText(corpus)).toContain("Unique thought number 11.");
  });

  it("ignores case and spacing when comparing blocks", () => {
    const variants = [
      "<p>Thanks  for reading.</p>",
      "<p>thanks for\nreading.</p>",
      "<p>THANKS for reading.</p>",
    ];
    const corpus = buildCorpus(essays(3, (i) => variants[i] ?? ""));
    expect(allText(corpus).toLowerCase()).not.toContain("thanks");
  });

  it("keeps a block shared by only two of twelve essays", () => {
    const quote = "<blockquote><p>Culture is what you tolerate.</p></blockquote>";
    const corpus = buildCorpus(essays(12, (i) => (i < 2 ? quote : "")));
    expect(allText(corpus).match(/Culture is what you tolerate/g)).toHaveLength(2);
  });

  it("removes a block in three of twelve essays", () => {
    const promo = "<p>New course out now at example.com.</p>";
    const corpus = buildCorpus(essays(12, (i) => (i % 4 === 0 ? promo : "")));
    expect(allText(corpus)).not.toContain("New course");
  });

  it("in a three-essay corpus removes only what all three share", () => {
    const everywhere = "<p>Subscribe for free.</p>";
    const twice = "<p>A line two essays quote.</p>";
    const corpus = buildCorpus(essays(3, (i) => everywhere + (i < 2 ? twice : "")));
    expect(allText(corpus)).not.toContain("Subscribe");
    expect(allText(corpus).match(/A line two essays quote/g)).toHaveLength(2);
  });

  it("removes nothing from a single essay, even a repeated block", () => {
    const corpus = buildCorpus(
      essays(1, () => "<p>Subscribe for free.</p><h2>Again</h2><p>Subscribe for free.</p>"),
    );
    expect(allText(corpus).match(/Subscribe for free/g)).toHaveLength(2);
  });

  it("counts distinct essays, not repeats within one or duplicate entries", () => {
    const footer = "<p>Subscribe for free.</p>";
    const twice = essays(2, () => footer + footer).map((e, i) => ({
      ...e,
      id: `twice-${i}`,
      url: `https://example.com/twice-${i}`,
    }));
    const corpus = buildCorpus([...twice, ...essays(10)]);
    expect(allText(corpus).match(/Subscribe for free/g)).toHaveLength(4);

    const [first] = essays(1, () => footer);
    if (!first) throw new Error("no essay");
    const same = { ...first, id: "repeated", url: "https://example.com/repeated" };
    // The same essay listed three times is one essay, kept once.
    const repeated = buildCorpus([same, same, same, ...essays(9)]);
    expect(allText(repeated).match(/Subscribe for free/g)).toHaveLength(1);
  });

  it("drops sections left empty but always keeps one section per essay", () => {
    const footer = "<h2>Stay in touch</h2><p>Subscribe for free.</p>";
    const corpus = buildCorpus([
      ...essays(3, () => footer),
      essayWith(footer, { id: "only-footer", url: "https://example.com/only-footer" }),
    ]);
    for (const essay of corpus.slice(0, 3)) {
      expect(essay.sections.map((s) => s.heading)).toEqual(["", expect.stringMatching(/^Part/)]);
    }
    const onlyFooter = corpus[3];
    expect(onlyFooter?.sections).toHaveLength(1);
    expect(onlyFooter?.sections[0]).toMatchObject({
      heading: "",
      url: "https://example.com/only-footer",
      blocks: [],
    });
  });

  it("keeps input order and metadata, with ids unique across the corpus", async () => {
    const input = await referenceEssays();
    const corpus = buildCorpus(input);
    expect(corpus.map((e) => e.meta.id)).toEqual(input.map((e) => e.id));
    const ids = corpus.flatMap((e) => e.sections.map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("boilerplateThreshold", () => {
  it("needs 2 essays for tiny corpora, all of them up to 3, then 3", () => {
    expect([1, 2, 3, 4, 12, 500].map(boilerplateThreshold)).toEqual([2, 2, 3, 3, 3, 3]);
  });
});
