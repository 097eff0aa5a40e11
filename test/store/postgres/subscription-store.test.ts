import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { PgSubscriptionStore } from "../../../src/store/postgres/subscription-store.js";
import { memoryLogger } from "../../support/logger.js";
import { migratedDatabasePerTest } from "../../support/postgres.js";
import { channelSub, subscriptionStoreContract } from "../subscription-store.contract.js";

const fresh = migratedDatabasePerTest();

/** How many of the test database's connections match `where` (pg_stat_activity). */
async function backends(where: string): Promise<number> {
  const { rows } = await fresh.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${where} AND datname = $1`,
    [fresh.test.name],
  );
  return rows[0]?.n ?? 0;
}

describe("PgSubscriptionStore", () => {
  describe("as every SubscriptionStore", () =>
    subscriptionStoreContract(() => PgSubscriptionStore.open(fresh.db)));

  it("a write the database refuses throws and changes nothing in memory", async () => {
    const store = await PgSubscriptionStore.open(fresh.db);
    await store.setChannel(channelSub("C1"));
    await store.setAlert({ user: "U1", topics: ["x"], createdAt: "t" });
    await fresh.db.pool.query("ALTER TABLE subscriptions RENAME TO subscriptions_gone");
    await fresh.db.pool.query("ALTER TABLE alerts RENAME TO alerts_gone");
    await expect(store.setChannel(channelSub("C2"))).rejects.toThrow();
    await expect(store.removeChannel("C1")).rejects.toThrow();
    await expect(
      store.markChannel("C1", { paused: { code: "c", message: "m", at: "t" } }),
    ).rejects.toThrow();
    await expect(store.setAlert({ user: "U2", topics: [], createdAt: "t" })).rejects.toThrow();
    await expect(store.removeAlert("U1")).rejects.toThrow();
    expect(store.channels()).toEqual([channelSub("C1")]);
    expect(store.alerts()).toEqual([{ user: "U1", topics: ["x"], createdAt: "t" }]);
    // And later writes still work once the database is back.
    await fresh.db.pool.query("ALTER TABLE subscriptions_gone RENAME TO subscriptions");
    await store.setChannel(channelSub("C2"));
    expect(store.count().channels).toBe(2);
  });

  it("a reload that read before a write committed never undoes the write in memory", async () => {
    const store = await PgSubscriptionStore.open(fresh.db);
    // Holds the reload between its two reads: subscriptions read, alerts waiting for the lock.
    const blocker = new pg.Client({ connectionString: fresh.test.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("LOCK TABLE alerts IN ACCESS EXCLUSIVE MODE");
      const reloaded = store.reload();
      await vi.waitFor(async () => expect(await backends("wait_event_type = 'Lock'")).toBe(1), {
        timeout: 10_000,
      });
      const written = store.setChannel(channelSub("C1"));
      // Left a moment to commit, if it does not wait for the reload.
      await Promise.race([written, new Promise((r) => setTimeout(r, 500))]);
      await blocker.query("COMMIT");
      await Promise.all([reloaded, written]);
    } finally {
      await blocker.end();
    }
    expect(store.channels()).toEqual([channelSub("C1")]);
  });

  it("another process's changes: heard through onChange, taken up by reload", async () => {
    const here = await PgSubscriptionStore.open(fresh.db, { listen: { retryMs: 50 } });
    const there = await PgSubscriptionStore.open(fresh.db);
    let heard = 0;
    const stop = here.onChange(() => {
      heard++;
    });
    try {
      await vi.waitFor(async () => expect(await backends("query LIKE 'LISTEN%'")).toBe(1), {
        timeout: 10_000,
      });
      await there.setChannel(channelSub("C1"));
      await there.setAlert({ user: "U1", topics: ["x"], createdAt: "t" });
      await vi.waitFor(() => expect(heard).toBe(2), { timeout: 10_000 });
      expect(here.count()).toEqual({ channels: 0, alerts: 0 });
      await here.reload();
      expect(here.channel("C1")).toEqual(channelSub("C1"));
      expect(here.alertOf("U1")?.topics).toEqual(["x"]);

      // A mark reads the database, not a stale memory: what the other process set survives.
      await there.setChannel(channelSub("C1", { topics: ["pay"] }));
      await here.markChannel("C1", { lastError: { code: "c", message: "m", at: "t" } });
      expect(here.channel("C1")).toMatchObject({ topics: ["pay"], lastError: { code: "c" } });
    } finally {
      stop();
    }
  });

  it("leaves out a row of the wrong shape, saying which, and loads the rest", async () => {
    await fresh.db.pool.query(
      `INSERT INTO subscriptions (channel, subscription) VALUES ('C1', '{"channel":"C2"}'), ('C3', $1)`,
      [JSON.stringify(channelSub("C3"))],
    );
    const log = memoryLogger();
    const store = await PgSubscriptionStore.open(fresh.db, { log });
    expect(store.channels().map((c) => c.channel)).toEqual(["C3"]);
    const error = log.entries.find((e) => e.level === "error");
    expect(error?.msg).toContain('channel="C1"');
    expect(error?.msg).not.toContain(new URL(fresh.test.url).password);
  });
});
