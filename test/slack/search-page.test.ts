import { describe, expect, it } from "vitest";
import { buildCorpus } from "../../src/library/corpus.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { searchReply } from "../../src/slack/listeners/search-page.js";
import { referenceEssays } from "../essay/reference-feed.js";

describe("searchReply", () => {
  it("answers a repeated query or page from its recent replies, per index", async () => {
    const corpus = buildCorpus(await referenceEssays());
    const index = SearchIndex.build(corpus);
    const first = searchReply(index, "promotion");
    expect(searchReply(index, "promotion")).toBe(first);
    expect(searchReply(index, "promotion", 3)).not.toBe(first);
    // A new index (a refresh) answers anew, never from the old one's replies.
    const next = SearchIndex.build(corpus);
    const fresh = searchReply(next, "promotion");
    expect(fresh).not.toBe(first);
    expect(fresh).toEqual(first);
  });

  it("keeps only the most recent replies", async () => {
    const index = SearchIndex.build(buildCorpus(await referenceEssays()));
    const first = searchReply(index, "promotion");
    for (let i = 0; i < 64; i++) searchReply(index, `query ${i}`);
    expect(searchReply(index, "promotion")).not.toBe(first);
  });

  it("adds no entry for a tampered offset: any offset past the end is the last page's entry", async () => {
    const index = SearchIndex.build(buildCorpus(await referenceEssays()));
    const first = searchReply(index, "promotion");
    const last = searchReply(index, "promotion", 1_000_000);
    for (let offset = 2_000; offset < 4_000; offset++) {
      expect(searchReply(index, "promotion", offset)).toBe(last);
    }
    expect(searchReply(index, "promotion", 1)).toBe(first);
    // 2,000 tampered offsets evicted nothing: the first page is still the cached reply.
    expect(searchReply(index, "promotion")).toBe(first);
  });
});
