/**
 * Two libraries on one Postgres, as two bot processes: the leader refreshes from the feed and
 * stores; the follower takes up what was stored through the incremental path (the changed
 * essays laid over its index at once, then a rebuild), without writing anything itself.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Library } from "../../src/library/library.js";
import { openDatabase } from "../../src/store/postgres/database.js";
import { PgEssayStore } from "../../src/store/postgres/essay-store.js";
import { migrate } from "../../src/store/postgres/migrations.js";
import { item } from "../support/feed-items.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";
import { migratedDatabasePerTest, startPostgres } from "../support/postgres.js";

const pg = migratedDatabasePerTest();
let feed: FeedServer;
beforeEach(async () => {
  feed = await startFeedServer([item(1), item(2)]);
});
afterEach(() => feed.close());

async function library(feedUrls: string[]) {
  const log = memoryLogger();
  const store = await PgEssayStore.open(pg.db);
  return { library: new Library({ store, feedUrls, log }), log };
}

const maxVersion = async () =>
  (await pg.db.pool.query<{ v: string }>("SELECT coalesce(max(version), 0)::text AS v FROM essays"))
    .rows[0]?.v;

describe("a library following a shared store", () => {
  it("takes up what another process stored: new, changed and replaced essays, laid over its index first", async () => {
    const leader = await library([feed.url]);
    // The follower has no feed: everything it knows comes from the store.
    const follower = await library([]);
    await leader.library.refresh();
    await follower.library.load();
    expect(follower.library.index()?.essayCount).toBe(2);

    feed.items.push(item(3, { title: "Essay on the pangolin" }));
    feed.items[0] = item(1, { title: "Essay one, now on the narwhal" });
    // Item 2 moves to a new guid under the same link: the leader replaces it.
    feed.items[1] = item(2, { guid: "essay-2-moved" });
    await leader.library.refresh();

    const before = await maxVersion();
    const report = await follower.library.takeUp();
    expect(report).toEqual({ put: 3, removed: 1 });
    const index = follower.library.index();
    expect(index?.essayCount).toBe(3);
    expect(index?.search("pangolin").hits[0]?.section.essay.id).toBe("essay-3");
    expect(index?.search("narwhal").hits[0]?.section.essay.id).toBe("essay-1");
    // The same essays in the same order (first seen) as the leader's.
    const ids = (l: Library) => l.essays().map((e) => e.meta.id);
    expect(ids(follower.library)).toEqual(ids(leader.library));
    expect(ids(follower.library).sort()).toEqual(["essay-1", "essay-2-moved", "essay-3"]);
    // The incremental path: the changes were searchable before the full rebuild landed.
    const messages = follower.log.lines.map((l) => l.msg);
    const layered = messages.indexOf(
      "Changed essays are searchable; the full index is rebuilt next",
    );
    expect(layered).toBeGreaterThanOrEqual(0);
    expect(messages.lastIndexOf("Search index rebuilt")).toBeGreaterThan(layered);
    // A follower writes nothing: the leader owns what it stored.
    expect(await maxVersion()).toBe(before);

    // Nothing new: nothing done, the same index keeps serving.
    expect(await follower.library.takeUp()).toEqual({ put: 0, removed: 0 });
    expect(follower.library.index()).toBe(index);
  });

  it("a follower that started on an empty store is ready once the leader has stored essays", async () => {
    const follower = await library([]);
    await follower.library.load();
    expect(follower.library.index()).toBeUndefined();
    const leader = await library([feed.url]);
    await leader.library.refresh();
    await follower.library.takeUp();
    expect(follower.library.status()).toMatchObject({ ready: true, essays: 2 });
  });

  it("a follower re-splits records with an out-of-date split in memory, and writes nothing back", async () => {
    const leader = await library([feed.url]);
    await leader.library.refresh();
    // As after an upgrade that changed the splitter: every stored split is out of date.
    await pg.db.pool.query(
      `UPDATE essays SET record = jsonb_set(record::jsonb, '{split,version}', '0')::json`,
    );
    const before = await maxVersion();
    const follower = await library([]);
    await follower.library.load();
    expect(follower.library.status()).toMatchObject({ ready: true, essays: 2 });
    expect(follower.library.search("essay").total).toBeGreaterThan(0);
    expect(await maxVersion()).toBe(before);
  });
});

describe("a library whose store is down at start", () => {
  it("loads at the next take-up or refresh once the database answers again", async () => {
    const server = await startPostgres();
    const db = openDatabase(server.urlOf("postgres"), { connectTimeoutMs: 1_000 });
    try {
      await migrate(db);
      const store = await PgEssayStore.open(db);
      await new Library({ store, feedUrls: [feed.url], log: memoryLogger() }).refresh();
      const follower = new Library({ store, feedUrls: [], log: memoryLogger() });
      const leader = new Library({ store, feedUrls: [feed.url], log: memoryLogger() });
      await server.stop();
      await expect(follower.load()).rejects.toThrow();
      await expect(leader.refresh()).rejects.toThrow();
      await server.start();
      await follower.takeUp();
      expect(follower.status()).toMatchObject({ ready: true, essays: 2 });
      await leader.refresh();
      expect(leader.status()).toMatchObject({ ready: true, essays: 2 });
    } finally {
      await db.close().catch(() => {});
      await server.destroy();
    }
  }, 60_000);
});
