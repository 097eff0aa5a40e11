/**
 * A restart loads the index the last run saved instead of building it, but only when it indexes
 * exactly the essays about to be served; anything else (a changed essay, a damaged file) means a
 * build, as if there were no saved index.
 */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Library } from "../../src/library/library.js";
import { FileEssayStore } from "../../src/store/file-essay-store.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { item } from "../support/feed-items.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";

let dataDir: TempDataDir;
let feed: FeedServer;
beforeEach(async () => {
  dataDir = await tempDataDir();
  feed = await startFeedServer([item(1), item(2), item(3)]);
});
afterEach(async () => {
  await feed.close();
  await dataDir.cleanup();
});

async function open() {
  const log = memoryLogger();
  const library = new Library({
    store: await FileEssayStore.open(dataDir.dir),
    feedUrls: [feed.url],
    log,
  });
  const said = (msg: string) => log.entries.some((e) => e.msg === msg);
  return { library, said };
}

describe("the saved index", () => {
  it("is saved at a clean stop and loaded, not built, at the next start", async () => {
    const first = await open();
    await first.library.refresh();
    await first.library.close();
    expect(await readdir(dataDir.dir)).toContain("index.snapshot");

    const second = await open();
    await second.library.load();
    expect(second.said("Search index loaded from the store")).toBe(true);
    expect(second.said("Search index rebuilt")).toBe(false);
    expect(second.library.search("number 2").hits[0]?.section.essay.id).toBe("essay-2");
  });

  it("is built anew when an essay changed since it was saved", async () => {
    const first = await open();
    await first.library.refresh();
    await first.library.close();
    feed.items = [item(1), item(2, { html: "<p>An essay about zeppelins now.</p>" }), item(3)];
    await first.library.refresh(); // the store changes; the saved index is now out of date
    // …and the process dies before a clean stop.

    const second = await open();
    await second.library.load();
    expect(second.said("Search index rebuilt")).toBe(true);
    expect(second.library.search("zeppelins").hits[0]?.section.essay.id).toBe("essay-2");
  });

  it("is built anew when the saved file is damaged", async () => {
    const first = await open();
    await first.library.refresh();
    await first.library.close();
    await writeFile(join(dataDir.dir, "index.snapshot"), "ESSAYIDX garbage");
    const second = await open();
    await second.library.load();
    expect(second.said("Search index rebuilt")).toBe(true);
    expect(second.library.status().essays).toBe(3);
  });
});
