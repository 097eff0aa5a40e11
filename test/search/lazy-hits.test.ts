import { describe, expect, it } from "vitest";
import type { SplitEssay } from "../../src/essay/types.js";
import { EAGER_HITS, lazyHits } from "../../src/search/lazy-hits.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { termOf, words } from "../../src/search/text.js";
import { essay } from "./corpus-builder.js";

function counted(count: number, eager = 10) {
  const made: number[] = [];
  const hits = lazyHits(
    count,
    (i) => {
      made.push(i);
      return { i };
    },
    eager,
  );
  return { hits, made };
}

describe("lazyHits", () => {
  it("makes a hit only when it is read, and the same object every time", () => {
    const { hits, made } = counted(1_000);
    expect(hits.length).toBe(1_000);
    expect(made).toEqual([]);
    expect(hits[5]).toBe(hits[5]);
    expect(made).toEqual([5]);
    expect(hits.slice(10, 13)).toEqual([{ i: 10 }, { i: 11 }, { i: 12 }]);
    expect(hits.find((h) => h.i === 20)).toEqual({ i: 20 });
    expect(made).toHaveLength(1 + 3 + 21 - 4); // 10, 11, 12 and 5 were made already
  });

  it("reads like a plain array: membership, iteration, JSON, keys", () => {
    const { hits } = counted(50);
    const plain = Array.from({ length: 50 }, (_, i) => ({ i }));
    expect(Array.isArray(hits)).toBe(true);
    expect(3 in hits).toBe(true);
    expect(50 in hits).toBe(false);
    expect(hits[50]).toBeUndefined();
    expect(hits[-1]).toBeUndefined();
    expect([...hits]).toEqual(plain);
    expect(JSON.parse(JSON.stringify(hits))).toEqual(plain);
    expect(Object.keys(hits)).toHaveLength(50);
    expect(hits.map((h) => h.i).at(-1)).toBe(49);
    expect(hits).toEqual(plain);
  });

  it("makes small results at once, as a plain array", () => {
    const { hits, made } = counted(5, 10);
    expect(made).toEqual([0, 1, 2, 3, 4]);
    expect(hits).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
  });
});

/** A corpus where a common word matches more sections than are made at once. */
function bigCorpus(): SplitEssay[] {
  // biome-ignore format: one word per line would make the list unreadable
  const vocabulary = [
    "team", "teams", "leader", "review", "runbook", "owner", "scope", "the", "of", "promotion",
    "calibration", "sprint", "incident", "mood", "ship", "quiet", "hero", "bus", "factor",
  ];
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const sentence = (length: number) =>
    Array.from({ length }, () => vocabulary[next(vocabulary.length)]).join(" ");
  return Array.from({ length: 150 }, (_, e) =>
    essay({
      title: `Essay ${e} ${sentence(3)}`,
      slug: `essay-${e}`,
      sections: Array.from({ length: 10 }, (_, s): [string, string] => [
        s === 0 ? "" : `Part ${s} ${sentence(2)}`,
        `${sentence(5 + next(30))}. ${sentence(5 + next(20))}.`,
      ]),
    }),
  );
}

describe("SearchIndex with more hits than are made at once", () => {
  const corpus = bigCorpus();
  const index = SearchIndex.build(corpus);
  const sections = corpus.flatMap((e) => e.sections);
  // Every section is found under its essay's title too (as heading or as title).
  const holding = (key: string) =>
    sections.filter((s) =>
      words(`${s.heading} ${s.essay.title} ${s.text}`).some((w) => termOf(w) === key),
    );

  it.each(["team ", "team leader ", "quiet hero bus "])(
    "returns every hit, best first: %s",
    (q) => {
      const { hits } = index.search(q);
      expect(hits.length).toBeGreaterThan(EAGER_HITS);
      const all = [...hits];
      const expected = new Set(
        q
          .trim()
          .split(" ")
          .flatMap((w) => holding(termOf(w) ?? "")),
      );
      expect(all.map((h) => h.section.id).sort()).toEqual([...expected].map((s) => s.id).sort());
      for (let i = 1; i < all.length; i++) {
        expect(all[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(all[i]?.score ?? 0);
      }
      // Equal scores keep corpus order.
      const position = new Map(sections.map((s, i) => [s, i]));
      for (let i = 1; i < all.length; i++) {
        if (all[i - 1]?.score === all[i]?.score) {
          const [a, b] = [all[i - 1]?.section, all[i]?.section];
          expect(position.get(a as never) ?? 0).toBeLessThan(position.get(b as never) ?? 0);
        }
      }
    },
  );

  it("pages deep into the list the same way whatever was read before", () => {
    const paged = index.search("team ").hits.slice(700, 705);
    const whole = [...index.search("team ").hits].slice(700, 705);
    expect(paged.map((h) => h.section.id)).toEqual(whole.map((h) => h.section.id));
    expect(paged.map((h) => h.score)).toEqual(whole.map((h) => h.score));
    expect(paged[0]?.excerpt).toContain("*");
  });
});
