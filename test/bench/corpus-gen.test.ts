import { beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, type ReferencePools, referencePools } from "../../bench/corpus-gen.js";
import { seeded, ZipfSampler } from "../../bench/prng.js";
import { loadReference } from "../../bench/reference.js";
import { vocabularyOf } from "../../bench/word-swap.js";
import type { SplitEssay } from "../../src/essay/types.js";

let pools: ReferencePools;
let referenceTexts: Set<string>;
let referenceSections: string[];

beforeAll(async () => {
  const reference = await loadReference();
  pools = referencePools(reference.corpus);
  referenceSections = reference.corpus.flatMap((e) => e.sections.map((s) => s.text));
  referenceTexts = new Set(referenceSections);
});

const sectionsOf = (corpus: SplitEssay[]) => corpus.flatMap((e) => e.sections);

describe("seeded", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const r = seeded(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(3).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("ZipfSampler", () => {
  it("draws rank 1 about twice as often as rank 2 and ten times as often as rank 10", () => {
    const random = seeded(9);
    const zipf = new ZipfSampler(1);
    const counts = new Array(100).fill(0);
    for (let i = 0; i < 200_000; i++) counts[zipf.sample(random, 100)]++;
    expect(counts[0] / counts[1]).toBeGreaterThan(1.8);
    expect(counts[0] / counts[1]).toBeLessThan(2.2);
    expect(counts[0] / counts[9]).toBeGreaterThan(8.5);
    expect(counts[0] / counts[9]).toBeLessThan(11.5);
  });

  it("only draws ranks below the size asked for, even after serving a larger size", () => {
    const random = seeded(1);
    const zipf = new ZipfSampler(1);
    zipf.sample(random, 5000);
    for (let i = 0; i < 1000; i++) expect(zipf.sample(random, 3)).toBeLessThan(3);
  });
});

describe("generateCorpus", () => {
  it("generates exactly the number of sections asked for", () => {
    expect(sectionsOf(generateCorpus(pools, { sections: 1000 }))).toHaveLength(1000);
    expect(sectionsOf(generateCorpus(pools, { sections: 37 }))).toHaveLength(37);
  });

  it("is deterministic: the same seed gives the same corpus, another seed another", () => {
    const texts = (seed: number) =>
      sectionsOf(generateCorpus(pools, { sections: 200, seed })).map((s) => s.heading + s.text);
    expect(texts(5)).toEqual(texts(5));
    const other = new Set(texts(6));
    expect(texts(5).filter((t) => other.has(t)).length).toBeLessThan(5);
  });

  it("is not copies of the reference: sections, headings and titles vary", () => {
    const corpus = generateCorpus(pools, { sections: 1000 });
    const sections = sectionsOf(corpus);
    expect(new Set(sections.map((s) => s.text)).size).toBe(1000);
    expect(sections.filter((s) => referenceTexts.has(s.text))).toHaveLength(0);
    const headings = sections.filter((s) => s.heading !== "").map((s) => s.heading);
    expect(new Set(headings).size / headings.length).toBeGreaterThan(0.7);
    expect(new Set(corpus.map((e) => e.meta.title)).size / corpus.length).toBeGreaterThan(0.7);
  });

  it("grows the vocabulary with the corpus, as real archives do (Heaps' law)", () => {
    const words = (n: number) =>
      vocabularyOf(sectionsOf(generateCorpus(pools, { sections: n })).map((s) => s.text)).words
        .length;
    const small = words(200);
    const large = words(2000);
    expect(small).toBeGreaterThan(pools.words.length);
    // √10 ≈ 3.2× the text gives clearly more words, but far fewer than 10×.
    expect(large / small).toBeGreaterThan(1.5);
    expect(large / small).toBeLessThan(6);
  });

  it("keeps topical words as concentrated as the reference has them", () => {
    const share = (texts: string[], word: RegExp) =>
      texts.filter((t) => word.test(t)).length / texts.length;
    const generated = sectionsOf(generateCorpus(pools, { sections: 2000 })).map((s) => s.text);
    for (const word of [/\bpromotion\b/i, /\brunbook\b/i, /\bcalibration\b/i]) {
      const expected = share(referenceSections, word);
      expect(share(generated, word)).toBeGreaterThan(expected * 0.6);
      expect(share(generated, word)).toBeLessThan(expected * 1.5);
    }
  });

  it("keeps the most frequent reference words the most frequent", () => {
    const sections = sectionsOf(generateCorpus(pools, { sections: 500 }));
    const top = vocabularyOf(sections.map((s) => s.text)).words.slice(0, 20);
    const referenceTop = new Set(pools.words.slice(0, 40));
    expect(top.filter((w) => referenceTop.has(w)).length).toBeGreaterThanOrEqual(15);
  });

  it("builds sections the index can take: unique ids, links with anchors, text of the blocks", () => {
    const corpus = generateCorpus(pools, { sections: 300 });
    const sections = sectionsOf(corpus);
    expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length);
    for (const essay of corpus) {
      expect(essay.sections[0]?.heading).toBe("");
      essay.sections.forEach((s, position) => {
        expect(s.position).toBe(position);
        expect(s.essay).toBe(essay.meta);
        expect(s.text).toBe(s.blocks.map((b) => b.text).join("\n\n"));
        expect(s.url).toBe(s.anchor ? `${essay.meta.url}#${s.anchor}` : essay.meta.url);
      });
    }
  });
});
