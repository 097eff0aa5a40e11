/** Search over the real reference feed, built exactly as the bot builds it (parse → corpus). */
import { beforeAll, describe, expect, it } from "vitest";
import { loadReferenceCorpus } from "../../bench/evaluate.js";
import type { SplitEssay } from "../../src/essay/types.js";
import { EXCERPT_MAX } from "../../src/search/excerpt.js";
import { SearchIndex } from "../../src/search/search-index.js";

const PROMOTION = "https://forem.com/jonoherrington/the-promotion-happened-the-job-did-not-7i6";
const RUNBOOK = "https://forem.com/jonoherrington/your-runbook-is-written-nobody-runs-it-3lb3";

let corpus: SplitEssay[];
let index: SearchIndex;

beforeAll(async () => {
  corpus = await loadReferenceCorpus();
  index = SearchIndex.build(corpus);
});

const topEssays = (query: string, n: number) =>
  index
    .search(query)
    .hits.slice(0, n)
    .map((h) => h.section.essay.url);

describe("search over the reference feed", () => {
  it("indexes every essay and its sections", () => {
    expect(index.essayCount).toBe(12);
    expect(index.sectionCount).toBe(corpus.reduce((n, e) => n + e.sections.length, 0));
  });

  it("finds the promotion essay for every inflection of the word", () => {
    for (const query of ["promotion", "promoted", "promotions", "promoting"]) {
      expect(topEssays(query, 3), query).toContain(PROMOTION);
    }
  });

  it("finds the runbook essays through typos", () => {
    expect(topEssays("runbok", 3)).toContain(RUNBOOK);
    expect(topEssays("promoton", 3)).toContain(PROMOTION);
  });

  it("bolds the matched words, including inflected forms, in short escaped excerpts", () => {
    const hits = index.search("promoted").hits.slice(0, 10);
    for (const hit of hits) {
      expect(hit.excerptText.length).toBeLessThanOrEqual(EXCERPT_MAX + 2);
      expect((hit.excerpt.match(/\*/g) ?? []).length % 2).toBe(0);
      expect(hit.excerpt).not.toMatch(/[<>]/);
    }
    expect(hits.some((h) => /\*promot\w*\*/i.test(h.excerpt))).toBe(true);
  });

  it("matches a quoted phrase only where its words are adjacent", () => {
    const { hits } = index.search('"black friday"');
    expect(hits.map((h) => h.section.heading)).toEqual(["Black Friday is not a mood"]);
  });

  it("never shows the newsletter footer repeated under every essay", () => {
    for (const query of ["subscribe", "one email a week", "frameworks blind spots", "leader"]) {
      for (const hit of index.search(query).hits) {
        expect(hit.excerptText).not.toMatch(/Subscribe for free|One email a week from/);
      }
    }
  });

  it("suggests corpus words when nothing matches", () => {
    // Three edits from "promotion": past what search forgives (two), within what it suggests.
    const result = index.search("prmotoino");
    expect(result.hits).toEqual([]);
    expect(result.suggestions).toContain("promotion");
  });

  it("finds essays and sections by the links people paste", () => {
    const section = corpus.flatMap((e) => e.sections).find((s) => s.anchor !== "");
    if (!section) throw new Error("the reference feed should have subheadings");
    const devTo = section.url.replace("https://forem.com", "http://dev.to");
    expect(index.findByUrl(devTo)?.section?.id).toBe(section.id);
    expect(index.findByUrl(`${PROMOTION}/?utm_source=slack`)?.essay.meta.url).toBe(PROMOTION);
    expect(index.findByUrl("https://forem.com/jonoherrington/not-an-essay")).toBeUndefined();
  });

  it("lists the newest essays first", () => {
    expect(index.latest(2).map((e) => e.meta.url)[0]).toBe(PROMOTION);
  });
});
