import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRefresher } from "../../src/jobs/refresh.js";
import type { SearchIndex } from "../../src/search/search-index.js";
import { Archive } from "../../src/store/archive.js";
import {
  type FeedMode,
  type FeedServer,
  item,
  recordingLogger,
  startFeedServer,
  tempDataDir,
  unreachableUrl,
} from "./support.js";

let dataDir: Awaited<ReturnType<typeof tempDataDir>>;
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
  const archive = await Archive.open(dataDir.dir);
  const indexes: SearchIndex[] = [];
  const log = recordingLogger();
  const refresher = createRefresher({
    feedUrls,
    archive,
    log,
    onIndex: (index) => indexes.push(index),
    timeoutMs: 300,
    maxBytes: 50_000,
  });
  return { refresher, indexes, log, archive, current: () => indexes.at(-1) };
}

describe("refresher", () => {
  it("loads the feed into the archive on disk and hands over a searchable index", async () => {
    const { refresher, current } = await setup();
    const report = await refresher.run();
    expect(report).toMatchObject({ added: 2, rebuilt: true });
    expect(current()?.essayCount).toBe(2);
    expect(current()?.search("number").hits.length).toBeGreaterThan(0);
    const reopened = await Archive.open(dataDir.dir);
    expect(
      reopened
        .all()
        .map((e) => e.id)
        .sort(),
    ).toEqual(["essay-1", "essay-2"]);
    const status = refresher.status();
    expect(status.lastError).toBeNull();
    expect(status.lastRefreshAt).not.toBeNull();
    expect(status.feeds[0]).toMatchObject({ feedUrl: feed.url, lastError: null });
    expect(status.feeds[0]?.lastSuccessAt).not.toBeNull();
  });

  it("asks with If-None-Match and keeps what it has on a 304", async () => {
    const { refresher, indexes } = await setup();
    await refresher.run();
    const report = await refresher.run();
    expect(feed.requests.at(-1)).toMatchObject({ status: 304 });
    expect(feed.requests.at(-1)?.ifNoneMatch).toBeTruthy();
    expect(report.feeds[0]?.outcome).toBe("not-modified");
    expect(report.rebuilt).toBe(false);
    expect(report.corpus).toHaveLength(2);
    expect(indexes).toHaveLength(1);
  });

  it("rebuilds with new essays and keeps those that left the feed", async () => {
    const { refresher, current } = await setup();
    await refresher.run();
    feed.items = [item(2), item(3)];
    const report = await refresher.run();
    expect(report.added).toBe(1);
    expect(current()?.essayCount).toBe(3);
    expect(current()?.findByUrl("https://essays.test/essay-1")).toBeDefined();
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
      const { refresher, indexes, log } = await setup([url, feed.url]);
      if (mode === "unreachable") {
        await refresher.run(); // the working feed fills the index; the dead one fails throughout
      } else {
        await refresher.run();
        feed.mode = mode;
        await refresher.run();
      }
      expect(indexes.length).toBeGreaterThan(0);
      for (const index of indexes) expect(index.essayCount).toBe(2);
      const status = refresher.status();
      expect(status.feeds[0]?.lastError?.code).toMatch(code);
      expect(status.feeds[0]?.lastError?.message).toContain(url);
      expect(status.lastError).toContain(url);
      const warning = log.entries.find((e) => e.level === "warn");
      expect(warning?.fields.feedUrl).toBe(url);

      feed.mode = "ok";
      if (mode !== "unreachable") {
        await refresher.run();
        expect(refresher.status().lastError).toBeNull();
      }
    },
  );

  it("never hands over an empty index when the very first refresh fails", async () => {
    feed.mode = "500";
    const { refresher, indexes } = await setup();
    const report = await refresher.run();
    expect(indexes).toHaveLength(0);
    expect(report.corpus).toBeUndefined();
    expect(refresher.status().lastError).toContain(feed.url);
  });

  it("after a restart with the feed down, serves the archive from disk", async () => {
    await (await setup()).refresher.run();
    feed.mode = "500";
    const { refresher, current } = await setup();
    const report = await refresher.run();
    expect(current()?.essayCount).toBe(2);
    expect(report.corpus).toHaveLength(2);
  });

  it("shares one run between overlapping callers", async () => {
    const { refresher } = await setup();
    const [a, b] = await Promise.all([refresher.run(), refresher.run()]);
    expect(a).toBe(b);
    expect(feed.requests).toHaveLength(1);
  });
});
