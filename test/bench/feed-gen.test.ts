import { beforeAll, describe, expect, it } from "vitest";
import { type FeedPools, feedPools, generateFeed } from "../../bench/feed-gen.js";
import { loadReference } from "../../bench/reference.js";
import { parseFeed } from "../../src/feed/parse.js";
import { buildCorpus } from "../../src/library/corpus.js";

let pools: FeedPools;

beforeAll(async () => {
  pools = feedPools((await loadReference()).essays);
});

describe("generateFeed", () => {
  it("writes a feed that parses into the number of items asked for, each its own essay", async () => {
    const feed = await parseFeed(generateFeed(pools, { items: 60 }), "https://bench.example/feed");
    expect(feed.essays).toHaveLength(60);
    expect(new Set(feed.essays.map((e) => e.id)).size).toBe(60);
    expect(new Set(feed.essays.map((e) => e.html)).size).toBe(60);
    expect(feed.essays.every((e) => e.published !== null && e.tags.length > 0)).toBe(true);
  });

  it("is deterministic for a seed", () => {
    expect(generateFeed(pools, { items: 20, seed: 3 })).toBe(
      generateFeed(pools, { items: 20, seed: 3 }),
    );
    expect(generateFeed(pools, { items: 20, seed: 3 })).not.toBe(
      generateFeed(pools, { items: 20, seed: 4 }),
    );
  });

  it("keeps real markup and headings, so splitting has sections to find", async () => {
    const feed = await parseFeed(generateFeed(pools, { items: 30 }), "https://bench.example/feed");
    const corpus = buildCorpus(feed.essays);
    const sections = corpus.flatMap((e) => e.sections);
    expect(sections.length).toBeGreaterThan(30 * 3);
    expect(feed.essays.some((e) => e.html.includes("<a href="))).toBe(true);
  });

  it("ends every item with the reference's sign-off, which the corpus removes as boilerplate", async () => {
    expect(pools.signOff).toContain("One email a week");
    const feed = await parseFeed(generateFeed(pools, { items: 30 }), "https://bench.example/feed");
    expect(feed.essays.every((e) => e.html.includes("One email a week"))).toBe(true);
    const texts = buildCorpus(feed.essays).flatMap((e) => e.sections.map((s) => s.text));
    expect(texts.some((t) => t.includes("One email a week"))).toBe(false);
  });
});
