import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Library } from "../../src/library/library.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { FileEssayStore } from "../../src/store/file-essay-store.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { feedXml, item } from "../support/feed-items.js";
import {
  type FeedMode,
  type FeedServer,
  startFeedServer,
  startRawFeedServer,
  unreachableUrl,
} from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";

let dataDir: TempDataDir;
let feed: FeedServer;
beforeEach(async () => {
  dataDir = await tempDataDir();
  feed = await startFeedServer([item(1), item(2)]);
});
afterEach(async () => {
  await feed.close();
  await dataDir.cleanup();
});

async function setup(feedUrls = [feed.url]) {
  const store = await FileEssayStore.open(dataDir.dir);
  const log = memoryLogger();
  const library = new Library({ store, feedUrls, log, timeoutMs: 300, maxBytes: 50_000 });
  const indexes = () => new Set(swaps);
  // Every index the library has served, in order: sampled after each refresh.
  const swaps: NonNullable<ReturnType<Library["index"]>>[] = [];
  const refresh = async () => {
    const report = await library.refresh();
    const index = library.index();
    if (index && swaps.at(-1) !== index) swaps.push(index);
    return report;
  };
  return { library, refresh, indexes, log, store, current: () => library.index() };
}

describe("library refresh", () => {
  it("polls many feeds a few at a time, with every outcome in FEED_URLS order", async () => {
    // Thirty feeds answered only after a short wait: all thirty at once filled the thread pool
    // and hashed every body in one burst while /essay waited.
    let inFlight = 0;
    let most = 0;
    const server = await startRawFeedServer((req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const n = Number(req.url?.slice(1));
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "content-type": "application/rss+xml" });
        res.end(feedXml([item(n)]));
      }, 30);
    });
    try {
      const urls = Array.from({ length: 30 }, (_, n) => `${server.url}/${n}`);
      const { refresh, current } = await setup(urls);
      const report = await refresh();
      expect(report.feeds.map((f) => f.feedUrl)).toEqual(urls);
      expect(report.feeds.every((f) => f.outcome === "ok")).toBe(true);
      expect(most).toBeLessThanOrEqual(8);
      expect(current()?.essayCount).toBe(30);
    } finally {
      await server.close();
    }
  });

  it("loads the feed into the store on disk and serves a searchable index", async () => {
    const { library, refresh, current } = await setup();
    const report = await refresh();
    expect(report).toMatchObject({ added: 2, rebuilt: true });
    expect(current()?.essayCount).toBe(2);
    expect(current()?.search("number").hits.length).toBeGreaterThan(0);
    const reopened = await (await FileEssayStore.open(dataDir.dir)).loadAll();
    expect(reopened.records.map((r) => r.head.id).sort()).toEqual(["essay-1", "essay-2"]);
    const status = library.status();
    expect(status.lastError).toBeNull();
    expect(status.lastRefreshAt).not.toBeNull();
    expect(status.feeds[0]).toMatchObject({ feedUrl: feed.url, lastError: null });
    expect(status.feeds[0]?.lastSuccessAt).not.toBeNull();
  });

  it("asks with If-None-Match and keeps what it has on a 304", async () => {
    const { refresh, indexes, library } = await setup();
    await refresh();
    const report = await refresh();
    expect(feed.requests.at(-1)).toMatchObject({ status: 304 });
    expect(feed.requests.at(-1)?.ifNoneMatch).toBeTruthy();
    expect(report.feeds[0]?.outcome).toBe("not-modified");
    expect(report.rebuilt).toBe(false);
    expect(library.essays()).toHaveLength(2);
    expect(indexes().size).toBe(1);
  });

  it("keeps the first feed's copy of an essay two feeds carry under one id, refresh after refresh", async () => {
    const second = await startFeedServer([item(1, { title: "The second feed's title" })]);
    try {
      const { refresh, current } = await setup([feed.url, second.url]);
      await refresh();
      const title = () => current()?.findByUrl("https://essays.test/essay-1")?.essay.meta.title;
      expect(title()).toBe("Essay number 1");
      // Both feeds change (so both are merged again): the shared essay stays as it was.
      feed.items = [item(1), item(2), item(3)];
      second.items = [item(1, { title: "The second feed's title" }), item(4)];
      const report = await refresh();
      expect(report.added).toBe(2);
      expect(report.updated).toBe(0);
      expect(title()).toBe("Essay number 1");
    } finally {
      await second.close();
    }
  });

  it("rebuilds with new essays and keeps those that left the feed", async () => {
    const { refresh, current } = await setup();
    await refresh();
    feed.items = [item(2), item(3)];
    const report = await refresh();
    expect(report.added).toBe(1);
    expect(current()?.essayCount).toBe(3);
    expect(current()?.findByUrl("https://essays.test/essay-1")).toBeDefined();
  });

  it("serves a changed essay before the full index is rebuilt, then the rebuilt index", async () => {
    const store = await FileEssayStore.open(dataDir.dir);
    const log = memoryLogger();
    // Slices of no length: every step of the rebuild waits a turn, so the test can look between.
    const library = new Library({ store, feedUrls: [feed.url], log, sliceMs: 0 });
    await library.refresh();
    const full = library.index();
    feed.items = [item(1), item(2, { title: "Essay about quuxification" }), item(3)];
    let settled = false;
    const refreshing = library.refresh().then((report) => {
      settled = true;
      return report;
    });
    const layered = () =>
      log.entries.some((e) => e.msg.startsWith("Changed essays are searchable"));
    while (!layered() && !settled) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(library.index()).not.toBe(full);
    expect(library.search("quuxification").hits[0]?.section.essay.id).toBe("essay-2");
    expect(library.findByUrl("https://essays.test/essay-3")).toBeDefined();
    expect(library.status().essays).toBe(3);
    const report = await refreshing;
    expect(report).toMatchObject({ added: 1, updated: 1, rebuilt: true });
    expect(library.search("quuxification").hits[0]?.section.essay.id).toBe("essay-2");
    expect(library.index()).toBeInstanceOf(SearchIndex);
  });

  it.each<[string, FeedMode | "unreachable", RegExp]>([
    ["a 500", "500", /http/],
    ["a timeout", "hang", /timeout/],
    ["bad XML", "bad-xml", /bad-xml|not-a-feed/],
    ["a feed too large", "huge", /too-large/],
    ["an unreachable host", "unreachable", /unreachable/],
  ])(
    "after %s keeps serving the last good index and reports the feed URL",
    async (_n, mode, code) => {
      const url = mode === "unreachable" ? await unreachableUrl() : feed.url;
      const { refresh, indexes, log, library } = await setup([url, feed.url]);
      if (mode === "unreachable") {
        await refresh(); // the working feed fills the index; the dead one fails throughout
      } else {
        await refresh();
        feed.mode = mode;
        await refresh();
      }
      expect(indexes().size).toBeGreaterThan(0);
      for (const index of indexes()) expect(index.essayCount).toBe(2);
      const status = library.status();
      expect(status.feeds[0]?.lastError?.code).toMatch(code);
      expect(status.feeds[0]?.lastError?.message).toContain(url);
      expect(status.lastError).toContain(url);
      const warning = log.entries.find((e) => e.level === "warn");
      expect(warning?.fields.feedUrl).toBe(url);

      feed.mode = "ok";
      if (mode !== "unreachable") {
        await refresh();
        expect(library.status().lastError).toBeNull();
      }
    },
  );

  it("is not ready until the first refresh has tried the feeds, nor while no feed could load", async () => {
    feed.mode = "500";
    const { library, refresh } = await setup();
    await library.load();
    expect(library.status().ready).toBe(false);
    expect(library.loadProblem()).toBeUndefined();
    await refresh();
    // Nothing to serve, because the only feed failed: not ready, and saying why.
    expect(library.status()).toMatchObject({ ready: false, essays: 0 });
    expect(library.status().lastError).toContain(feed.url);
    expect(library.status().notReady).toContain(feed.url);
    expect(library.loadProblem()).toContain(feed.url);
    feed.mode = "ok";
    await refresh();
    expect(library.status()).toMatchObject({ ready: true, essays: 2 });
    expect(library.status().notReady).toBeUndefined();
    expect(library.loadProblem()).toBeUndefined();
  });

  it("after a restart with the feed down, serves the store from disk before any refresh", async () => {
    await (await setup()).refresh();
    feed.mode = "500";
    const { library } = await setup();
    await library.load();
    expect(library.index()?.essayCount).toBe(2);
    expect(library.essays()).toHaveLength(2);
  });

  it("shares one run between overlapping callers", async () => {
    const { library } = await setup();
    const [a, b] = await Promise.all([library.refresh(), library.refresh()]);
    expect(a).toBe(b);
    expect(feed.requests).toHaveLength(1);
  });
});
