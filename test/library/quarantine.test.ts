/**
 * No essay can stop the others: one that cannot be split or indexed is set aside, named in the
 * status with the reason, not retried while its content is the same, and every other essay is
 * searched and announced as usual — across restarts too.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { draftEssay } from "../../src/essay/split.js";
import type { Essay } from "../../src/feed/types.js";
import { Library } from "../../src/library/library.js";
import { FileEssayStore, fileKey } from "../../src/store/file-essay-store.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { item } from "../support/feed-items.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";

let dataDir: TempDataDir;
let feed: FeedServer;
beforeEach(async () => {
  dataDir = await tempDataDir();
  feed = await startFeedServer([
    item(1),
    item(2, { title: "The bad one", html: "<p>poison pill</p>" }),
    item(3),
  ]);
});
afterEach(async () => {
  await feed.close();
  await dataDir.cleanup();
});

/** A splitter that throws on the poisoned essay and counts its calls. */
function poisonedSplitter() {
  const calls: string[] = [];
  const split = (essay: Essay) => {
    calls.push(essay.id);
    if (essay.html.includes("poison")) throw new RangeError("Maximum call stack size exceeded");
    return draftEssay(essay);
  };
  return { split, calls };
}

async function open(split?: (essay: Essay) => ReturnType<typeof draftEssay>) {
  const store = await FileEssayStore.open(dataDir.dir);
  return new Library({ store, feedUrls: [feed.url], ...(split ? { split } : {}) });
}

describe("an essay that cannot be split", () => {
  it("is set aside with its reason while every other essay is searched and announced", async () => {
    const { split, calls } = poisonedSplitter();
    const library = await open(split);
    await library.refresh();
    const status = library.status();
    expect(status.ready).toBe(true);
    expect(status.essays).toBe(2);
    expect(status.quarantined).toEqual([
      {
        id: "essay-2",
        title: "The bad one",
        link: "https://essays.test/essay-2",
        reason: expect.stringContaining("Maximum call stack size exceeded"),
      },
    ]);
    expect(
      library
        .search("number")
        .hits.map((h) => h.section.essay.id)
        .sort(),
    ).toEqual(["essay-1", "essay-3"]);
    // Announced by title and link alone: a new essay is never lost.
    expect(
      library
        .essays()
        .map((e) => [e.meta.id, e.sections.length])
        .sort(),
    ).toEqual([
      ["essay-1", 1],
      ["essay-2", 0],
      ["essay-3", 1],
    ]);

    // Not retried while it is the same: a later refresh with a new essay splits only that one.
    feed.items = [...feed.items, item(4)];
    calls.length = 0;
    await library.refresh();
    expect(calls).toEqual(["essay-4"]);
    expect(library.status().quarantined).toHaveLength(1);
  });

  it("stays set aside after a restart, which never fails for it and serves the rest at once", async () => {
    await (await open(poisonedSplitter().split)).refresh();
    feed.mode = "500";
    const { split, calls } = poisonedSplitter();
    const restarted = await open(split);
    await restarted.load();
    expect(calls).toEqual([]); // every split came from the store: no essay was split again
    expect(restarted.status()).toMatchObject({ ready: true, essays: 2 });
    expect(restarted.status().quarantined.map((q) => q.id)).toEqual(["essay-2"]);
  });

  it("comes back when the feed fixes it", async () => {
    const library = await open(poisonedSplitter().split);
    await library.refresh();
    feed.items = [item(1), item(2, { title: "The bad one", html: "<p>cured</p>" }), item(3)];
    await library.refresh();
    expect(library.status().quarantined).toEqual([]);
    expect(library.search("cured").hits[0]?.section.essay.id).toBe("essay-2");
  });

  it("is set aside when its body is far larger than any essay", async () => {
    feed.items = [item(1), item(2, { html: `<p>${"word ".repeat(450_000)}</p>` })];
    const library = await open();
    await library.refresh();
    expect(library.status().quarantined).toEqual([
      expect.objectContaining({ id: "essay-2", reason: expect.stringContaining("characters") }),
    ]);
    expect(library.status().essays).toBe(1);
  });
});

describe("what the store holds", () => {
  it("never makes a restart fail: damaged sections are split again from the body, or set aside", async () => {
    const store = await FileEssayStore.open(dataDir.dir);
    await new Library({ store, feedUrls: [feed.url] }).refresh();
    const { records } = await store.loadAll();
    const bad = records.find((r) => r.head.id === "essay-3");
    if (!bad?.split?.ok) throw new Error("expected a split essay");
    // What a hand edit or a bug could leave: sections that are not sections.
    (bad.split as unknown as { drafts: unknown }).drafts = [{ blocks: 42 }];
    await store.write({ put: [{ record: bad }] });

    feed.mode = "500";
    const reopen = async () => {
      const library = new Library({
        store: await FileEssayStore.open(dataDir.dir),
        feedUrls: [feed.url],
      });
      await library.load();
      return library;
    };
    const restarted = await reopen();
    expect(restarted.status()).toMatchObject({ ready: true, essays: 3, quarantined: [] });
    expect(restarted.search("number 3").hits[0]?.section.essay.id).toBe("essay-3");

    // Damaged again, and its body gone too: set aside, the others served.
    await store.write({ put: [{ record: bad }] });
    await rm(join(store.dir, `${fileKey("essay-3")}.html`));
    const without = await reopen();
    expect(without.status()).toMatchObject({ ready: true, essays: 2 });
    expect(without.status().quarantined).toEqual([
      expect.objectContaining({
        id: "essay-3",
        reason: expect.stringContaining("body is missing"),
      }),
    ]);
  });
});
