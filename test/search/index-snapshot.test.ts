import { describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/library/corpus.js";
import {
  decodeSnapshot,
  decodeSnapshotSteps,
  encodeSnapshot,
  encodeSnapshotSteps,
  snapshotFingerprint,
} from "../../src/search/index-snapshot.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { referenceEssays } from "../essay/reference-feed.js";
import { essay } from "./corpus-builder.js";

const referenceCorpus = async () => buildCorpus(await referenceEssays());

/** The chunks as one file's bytes, at an offset of `shift` in their buffer (as a read may give). */
function joined(chunks: Uint8Array[], shift = 0): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(total + shift).subarray(shift);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

const QUERIES = [
  "promotion",
  "pull request size",
  '"rubber stamp"',
  "runbok",
  "PR review",
  "promot",
  "zzzqqq",
  "1:1 structure",
];

describe("index snapshot", () => {
  it("restores an index that answers every query exactly as the built one", async () => {
    const corpus = await referenceCorpus();
    const built = SearchIndex.build(corpus);
    const bytes = joined(encodeSnapshot(built.snapshot(), "fp-1"));
    expect(snapshotFingerprint(bytes)).toBe("fp-1");
    // Read from a buffer where the arrays are not aligned, the snapshot is copied, and still good.
    expect(decodeSnapshot(joined(encodeSnapshot(built.snapshot(), "fp-1"), 3))?.fingerprint).toBe(
      "fp-1",
    );
    const decoded = decodeSnapshot(bytes);
    expect(decoded?.fingerprint).toBe("fp-1");
    if (!decoded) return;
    const restored = SearchIndex.restore(corpus, decoded.snapshot);
    for (const query of QUERIES) {
      const a = built.search(query);
      const b = restored.search(query);
      expect(b.hits.map((h) => [h.section.id, h.score, h.excerpt])).toEqual(
        a.hits.map((h) => [h.section.id, h.score, h.excerpt]),
      );
      expect(b.suggestions).toEqual(a.suggestions);
    }
    expect(restored.latest(3).map((e) => e.meta.id)).toEqual(built.latest(3).map((e) => e.meta.id));
    expect(restored.sectionCount).toBe(built.sectionCount);
  });

  it("encodes and decodes a big vocabulary in steps, and the restored index finds its last word", () => {
    // 9,000 made-up words: more than two parts of term keys and of vocabulary entries.
    const words = Array.from({ length: 9000 }, (_, i) => `zq${i.toString(36)}x`);
    const corpus = Array.from({ length: 30 }, (_, e) =>
      essay({
        title: `Essay ${e}`,
        slug: `essay-${e}`,
        sections: [["", words.slice(e * 300, e * 300 + 300).join(" ")]],
      }),
    );
    const built = SearchIndex.build(corpus);
    const encoding = encodeSnapshotSteps(built.snapshot(), "fp-big");
    let steps = 0;
    let encoded = encoding.next();
    for (; !encoded.done; encoded = encoding.next()) steps++;
    expect(steps).toBeGreaterThan(4);
    const bytes = joined(encoded.value);
    expect(snapshotFingerprint(bytes)).toBe("fp-big");
    const decoding = decodeSnapshotSteps(bytes);
    steps = 0;
    let decoded = decoding.next();
    for (; !decoded.done; decoded = decoding.next()) steps++;
    expect(steps).toBeGreaterThan(4);
    const snapshot = decoded.value?.snapshot;
    expect(snapshot?.meta.ids).toEqual(built.snapshot().meta.ids);
    if (!snapshot) return;
    const restored = SearchIndex.restore(corpus, snapshot);
    const last = words.at(-1) as string;
    expect(restored.search(last).hits.map((h) => h.section.id)).toEqual(
      built.search(last).hits.map((h) => h.section.id),
    );
    expect(restored.search(last).total).toBe(1);
  });

  it("refuses bytes that are not a whole snapshot", async () => {
    const bytes = joined(
      encodeSnapshot(SearchIndex.build(await referenceCorpus()).snapshot(), "fp"),
    );
    expect(decodeSnapshot(bytes.subarray(0, bytes.length / 2))).toBeUndefined();
    expect(decodeSnapshot(new TextEncoder().encode("not an index at all"))).toBeUndefined();
    const otherFormat = bytes.slice();
    otherFormat[8] = 99;
    expect(decodeSnapshot(otherFormat)).toBeUndefined();
  });

  it("will not restore over essays it was not taken of", async () => {
    const corpus = await referenceCorpus();
    const snapshot = SearchIndex.build(corpus).snapshot();
    expect(() => SearchIndex.restore(corpus.slice(1), snapshot)).toThrow(/not theirs/);
  });
});
