import { beforeAll, describe, expect, it } from "vitest";
import type { SplitEssay } from "../../src/essay/types.js";
import type { Essay } from "../../src/feed/types.js";
import { buildCorpus } from "../../src/library/corpus.js";
import { LayeredIndex } from "../../src/search/layered-index.js";
import { SearchIndex } from "../../src/search/search-index.js";
import type { ServingIndex } from "../../src/search/serving-index.js";
import { essayWith, referenceEssays } from "../essay/reference-feed.js";

/**
 * The overlay must answer as the full rebuild will: the same sections match (old versions of
 * changed essays gone, new essays in), in about the same order.
 */
let before: Essay[];
let after: Essay[];
let layered: LayeredIndex;
let rebuilt: SearchIndex;

beforeAll(async () => {
  before = await referenceEssays();
  const [first, second, ...rest] = before;
  if (!first || !second) throw new Error("the reference feed has essays");
  // One essay rewritten, one removed, one new; the rest as they were.
  const changed: Essay = {
    ...first,
    html: "<p>Quarterly zorblax planning for the promotion cycle.</p><h2>Zorblax</h2><p>More.</p>",
  };
  const added = essayWith("<p>A brand new essay about zorblax and promotion.</p>", {
    id: "new-essay",
    url: "https://forem.com/jono/new-essay",
    title: "Fresh thinking",
    published: "2030-01-01T00:00:00.000Z",
  });
  after = [changed, ...rest, added];
  const base = SearchIndex.build(buildCorpus(before));
  const changedIds = new Set([first.id, second.id, added.id]);
  const top = SearchIndex.build(buildCorpus([changed, added]));
  const weighed = drainSteps(
    SearchIndex.steps(buildCorpus([changed, added]), { weighAgainst: base }),
  );
  expect(weighed.sectionCount).toBe(top.sectionCount);
  layered = new LayeredIndex(base, weighed, changedIds);
  rebuilt = SearchIndex.build(buildCorpus(after));
});

function drainSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

const ids = (index: ServingIndex, query: string) =>
  index
    .search(query)
    .hits.map((h) => h.section.id)
    .sort();

describe("LayeredIndex", () => {
  it("counts what the rebuilt index will count", () => {
    expect(layered.essayCount).toBe(rebuilt.essayCount);
    expect(layered.sectionCount).toBe(rebuilt.sectionCount);
  });

  it.each([
    "zorblax",
    "promotion",
    "engineering leadership",
    "meetings",
    '"pull request"',
    "trust team",
  ])("matches the same sections as the rebuilt index for %s", (query) => {
    expect(ids(layered, query)).toEqual(ids(rebuilt, query));
    expect(layered.search(query).total).toBe(rebuilt.search(query).total);
  });

  it("ranks about as the rebuilt index does", () => {
    for (const query of ["promotion", "zorblax", "feedback"]) {
      const top = (index: ServingIndex) =>
        index
          .search(query, 5)
          .hits.map((h) => h.section.id)
          .sort();
      const shared = top(layered).filter((id) => top(rebuilt).includes(id));
      const expected = Math.min(4, rebuilt.search(query).total);
      expect(shared.length, query).toBeGreaterThanOrEqual(expected);
    }
  });

  it("pages through the merged list without gaps or repeats", () => {
    const all = layered.search("promotion").hits.map((h) => h.section.id);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 3) {
      const page = layered.page("promotion", offset, 3);
      expect(page.total).toBe(all.length);
      paged.push(...page.hits.map((h) => h.section.id));
    }
    expect(paged).toEqual(all);
    const last = layered.page("promotion", 10_000, 3);
    expect(last.offset).toBe(Math.floor((all.length - 1) / 3) * 3);
  });

  it("finds hits, links and the newest essays across both layers", () => {
    const hit = layered.search("zorblax").hits[0];
    expect(hit && layered.hitFor("zorblax", hit.section.id)?.section.id).toBe(hit?.section.id);
    expect(layered.findByUrl("https://forem.com/jono/new-essay")?.essay.meta.id).toBe("new-essay");
    const removed = before[1] as Essay;
    expect(layered.findByUrl(removed.url)).toBeUndefined();
    const latest = (index: ServingIndex) => index.latest(4).map((e: SplitEssay) => e.meta.id);
    expect(latest(layered)).toEqual(latest(rebuilt));
  });

  it("suggests words from either layer when nothing matches", () => {
    expect(layered.search("zorblx").total).toBeGreaterThan(0);
    expect(layered.search("qqqqqq").suggestions).toEqual(rebuilt.search("qqqqqq").suggestions);
  });

  it("says what the rebuilt index says about typos and words no section has", () => {
    for (const query of ["zorblx", "promotion qqqzzzkubernetes", "promoton"]) {
      const { corrected, unmatched } = rebuilt.page(query, 0, 5);
      expect(layered.page(query, 0, 5), query).toMatchObject({
        ...(corrected ? { corrected } : {}),
        ...(unmatched ? { unmatched } : {}),
      });
    }
  });
});
