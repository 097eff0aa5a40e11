import { describe, expect, it } from "vitest";
import type { Essay } from "../../src/feed/types.js";
import { Catalog } from "../../src/library/catalog.js";

const NOW = new Date("2026-01-01T00:00:00.000Z");

function essay(id: string, over: Partial<Essay> = {}): Essay {
  return {
    id,
    feedUrl: "https://forem.com/feed/jonoherrington",
    title: `Essay ${id}`,
    url: `https://forem.com/jonoherrington/${id}`,
    author: "Jono Herrington",
    published: "2025-01-02T03:04:05.000Z",
    tags: ["leadership"],
    html: `<p>Body of ${id}</p>`,
    ...over,
  };
}

/** What a merge reports, as ids. */
function merge(catalog: Catalog, essays: Essay[]) {
  const result = catalog.merge(essays, NOW);
  return {
    added: result.added.map((e) => e.id),
    updated: result.updated.map((e) => e.id),
    saved: result.put.map((p) => p.record.head.id),
    removed: result.removed,
  };
}

const ids = (catalog: Catalog) => catalog.records().map((r) => r.head.id);

describe("Catalog", () => {
  it("adds new essays in the order first seen, keeping those that drop off the feed", () => {
    const catalog = new Catalog();
    expect(merge(catalog, [essay("old"), essay("mid")])).toMatchObject({
      added: ["old", "mid"],
      saved: ["old", "mid"],
    });
    merge(catalog, [essay("mid"), essay("new")]);
    expect(ids(catalog)).toEqual(["old", "mid", "new"]);
    expect(catalog.get("old")?.firstSeen).toBe(NOW.toISOString());
  });

  it("reports and saves an essay whose content changed, and nothing when nothing did", () => {
    const catalog = new Catalog();
    merge(catalog, [essay("a"), essay("b")]);
    const edited = essay("a", { title: "Essay a, revised", tags: ["leadership", "teams"] });
    expect(merge(catalog, [edited, essay("b")])).toEqual({
      added: [],
      updated: ["a"],
      saved: ["a"],
      removed: [],
    });
    expect(merge(catalog, [edited, essay("b")])).toEqual({
      added: [],
      updated: [],
      saved: [],
      removed: [],
    });
    // A changed body is noticed through its hash: bodies are not kept in memory.
    expect(merge(catalog, [essay("b", { html: "<p>new body</p>" })]).updated).toEqual(["b"]);
  });

  it("saves an author or feed change silently, without reporting it as news", () => {
    const catalog = new Catalog();
    merge(catalog, [essay("a")]);
    expect(merge(catalog, [essay("a", { author: "J. H." })])).toMatchObject({
      updated: [],
      saved: ["a"],
    });
  });

  it("replaces an essay whose guid changed but whose link did not, keeping its place", () => {
    const catalog = new Catalog([]);
    merge(catalog, [essay("first"), essay("a", { url: "https://forem.com/jonoherrington/a-1" })]);
    const moved = essay("new-guid", { url: "http://forem.com/jonoherrington/a-1/?utm_source=x" });
    expect(merge(catalog, [moved])).toMatchObject({
      updated: ["new-guid"],
      removed: ["a"],
    });
    expect(ids(catalog)).toEqual(["first", "new-guid"]);
    expect(merge(catalog, [moved])).toMatchObject({ added: [], updated: [], saved: [] });
    // A catalog rebuilt from the saved records has the same order.
    expect(new Catalog(catalog.records()).records().map((r) => r.head.id)).toEqual(ids(catalog));
  });

  it("keeps items whose links differ only in an identifying query parameter apart", () => {
    const catalog = new Catalog();
    const items = [1, 2, 3].map((n) => essay(`wp-${n}`, { url: `https://blog.example/?p=${n}` }));
    expect(merge(catalog, items).added).toHaveLength(3);
  });

  it("keeps the first id of an essay that two feeds carry, whatever order they answer in", () => {
    const catalog = new Catalog();
    const onForem = essay("forem-id", { url: "https://forem.com/jonoherrington/x-1" });
    const onDevTo = essay("devto-id", {
      url: "https://dev.to/jonoherrington/x-1",
      feedUrl: "https://dev.to/feed/jonoherrington",
    });
    merge(catalog, [onForem, onDevTo]);
    expect(merge(catalog, [onDevTo])).toMatchObject({ added: [], updated: [] });
    expect(merge(catalog, [onDevTo, onForem])).toMatchObject({ added: [], updated: [] });
    expect(ids(catalog)).toEqual(["forem-id"]);
  });

  it("counts an id seen twice in one batch as one addition, the last copy winning", () => {
    const catalog = new Catalog();
    const second = essay("a", { title: "from the second feed" });
    expect(catalog.merge([essay("a"), second], NOW).added).toEqual([second]);
    expect(catalog.get("a")?.head.title).toBe("from the second feed");
  });

  it("is not changed by callers mutating what they passed in", () => {
    const catalog = new Catalog();
    const input = essay("a");
    catalog.merge([input], NOW);
    input.tags.push("mutated");
    expect(catalog.get("a")?.head.tags).toEqual(["leadership"]);
  });
});
