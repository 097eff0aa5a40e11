/**
 * The Postgres bundle's follow(): how each process hears of changes other processes made
 * without a notice (a missed NOTIFY), by a cheap poll.
 */
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Library } from "../../../src/library/library.js";
import { openPostgresStores } from "../../../src/store/postgres/stores.js";
import type { Stores } from "../../../src/store/stores.js";
import { tempDataDir } from "../../support/data-dir.js";
import { item } from "../../support/feed-items.js";
import { startFeedServer } from "../../support/feed-server.js";
import { memoryLogger } from "../../support/logger.js";
import { type TestDatabase, testDatabase } from "../../support/postgres.js";

const WAIT = { timeout: 10_000, interval: 20 };
let testDb: TestDatabase;
let stores: Stores | undefined;
beforeEach(async () => {
  testDb = await testDatabase();
});
afterEach(async () => {
  await stores?.close();
  stores = undefined;
  await testDb.drop();
});

/** Writes as another process would, without the NOTIFY the stores send. */
async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("follow() with Postgres", () => {
  it("reloads subscriptions when they changed, and only then", async () => {
    const log = memoryLogger();
    stores = await openPostgresStores(testDb.url, { log, pollMs: 20 });
    const stop = stores.follow?.(() => {});
    await sql(`INSERT INTO alerts (user_id, alert) VALUES ('U0', '{"not": "an alert"}')`);
    const unusable = () =>
      log.lines.filter((l) => /alerts row user_id="U0"/.test(String(l.msg))).length;
    await vi.waitFor(() => expect(unusable()).toBe(1), WAIT);
    // Many polls later, nothing changed: read once, so said once.
    await pause(500);
    expect(unusable()).toBe(1);

    const alert = { user: "U1", topics: ["pangolin"], createdAt: "2026-11-28T00:00:00.000Z" };
    await sql("INSERT INTO alerts (user_id, alert) VALUES ('U1', $1)", [JSON.stringify(alert)]);
    await vi.waitFor(() => expect(stores?.subscriptions.alerts()).toEqual([alert]), WAIT);
    const changed = { ...alert, topics: ["narwhal"] };
    await sql("UPDATE alerts SET alert = $1, updated_at = now() WHERE user_id = 'U1'", [
      JSON.stringify(changed),
    ]);
    await vi.waitFor(() => expect(stores?.subscriptions.alerts()).toEqual([changed]), WAIT);
    await sql("DELETE FROM alerts WHERE user_id = 'U1'");
    await vi.waitFor(() => expect(stores?.subscriptions.alerts()).toEqual([]), WAIT);
    stop?.();
  });

  it("starts no poll while the last one still waits for the database", async () => {
    stores = await openPostgresStores(testDb.url, { pollMs: 20 });
    const blocker = new pg.Client({ connectionString: testDb.url });
    await blocker.connect();
    const stop = stores.follow?.(() => {});
    const waiting = async () => {
      const { rows } = await sql(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND datname = $1 AND query LIKE '%max(version)%'`,
        [testDb.name],
      );
      return rows[0].n as number;
    };
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE essays IN ACCESS EXCLUSIVE MODE");
      await vi.waitFor(async () => expect(await waiting()).toBeGreaterThan(0), WAIT);
      // Many poll intervals later, still the one poll waiting, not a pile of them.
      await pause(500);
      expect(await waiting()).toBe(1);
    } finally {
      await blocker.query("COMMIT");
      await blocker.end();
      stop?.();
    }
  });
});

describe("the search index with Postgres", () => {
  it("is saved in the process's own DATA_DIR, and loaded, not built, at its next start", async () => {
    const feed = await startFeedServer([item(1), item(2)]);
    const data = await tempDataDir();
    try {
      const start = async () => {
        const log = memoryLogger();
        const opened = await openPostgresStores(testDb.url, { log, dataDir: data.dir });
        stores = opened;
        return { library: new Library({ store: opened.essays, feedUrls: [feed.url], log }), log };
      };
      const first = await start();
      // Essays are stored by the leader alone.
      await vi.waitFor(() => expect(stores?.leadership.isLeader()).toBe(true), WAIT);
      await first.library.refresh();
      await first.library.close();
      await stores?.close();

      const second = await start();
      await second.library.load();
      expect(second.log.lines.map((l) => l.msg)).toContain("Search index loaded from the store");
      expect(second.library.search("essay").total).toBeGreaterThan(0);
    } finally {
      await feed.close();
      await data.cleanup();
    }
  });
});
