import { describe, expect, it } from "vitest";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

describe("SearchIndex result cache", () => {
  const index = SearchIndex.build([
    essay({
      title: "Promotions",
      slug: "promotions-1",
      sections: [["", "The promotion happened."]],
    }),
  ]);

  it("answers a repeated query with the same result, excerpts and all", () => {
    const first = index.search("promotion");
    const excerpt = first.hits[0]?.excerpt;
    const again = index.search("promotion");
    expect(again).toBe(first);
    expect(again.hits[0]?.excerpt).toBe(excerpt);
  });

  it("keeps results per index: a rebuilt index answers from its own corpus", () => {
    const other = SearchIndex.build([
      essay({ title: "Runbooks", slug: "runbooks-1", sections: [["", "Write the runbook."]] }),
    ]);
    expect(other.search("promotion").hits).toHaveLength(0);
    expect(index.search("promotion").hits).toHaveLength(1);
  });

  it("can be turned off, so a benchmark times the search itself", () => {
    const uncached = SearchIndex.build(
      [essay({ title: "Promotions", slug: "promotions-2", sections: [["", "A promotion."]] })],
      { recentResults: 0 },
    );
    expect(uncached.search("promotion")).not.toBe(uncached.search("promotion"));
    expect(uncached.search("promotion").hits).toHaveLength(1);
  });
});
