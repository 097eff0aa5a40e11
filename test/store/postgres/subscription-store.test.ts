import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Database, openDatabase } from "../../../src/store/postgres/database.js";
import { migrate } from "../../../src/store/postgres/migrations.js";
import { PgSubscriptionStore } from "../../../src/store/postgres/subscription-store.js";
import { memoryLogger } from "../../support/logger.js";
import { type TestDatabase, testDatabase } from "../../support/postgres.js";
import { channelSub, subscriptionStoreContract } from "../subscription-store.contract.js";

let test: TestDatabase;
let db: Database;
beforeEach(async () => {
  test = await testDatabase();
  db = openDatabase(test.url);
  await migrate(db);
});
afterEach(async () => {
  await db.close();
  await test.drop();
});

describe("PgSubscriptionStore", () => {
  describe("as every SubscriptionStore", () =>
    subscriptionStoreContract(() => PgSubscriptionStore.open(db)));

  it("a write the database refuses throws and changes nothing in memory", async () => {
    const store = await PgSubscriptionStore.open(db);
    await store.setChannel(channelSub("C1"));
    await store.setAlert({ user: "U1", topics: ["x"], createdAt: "t" });
    await db.pool.query("ALTER TABLE subscriptions RENAME TO subscriptions_gone");
    await db.pool.query("ALTER TABLE alerts RENAME TO alerts_gone");
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
    await db.pool.query("ALTER TABLE subscriptions_gone RENAME TO subscriptions");
    await store.setChannel(channelSub("C2"));
    expect(store.count().channels).toBe(2);
  });

  it("another process's changes: heard through onChange, taken up by reload", async () => {
    const here = await PgSubscriptionStore.open(db, { listen: { retryMs: 50 } });
    const there = await PgSubscriptionStore.open(db);
    let heard = 0;
    const stop = here.onChange(() => {
      heard++;
    });
    try {
      await vi.waitFor(
        async () => {
          const { rows } = await db.pool.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = $1",
            [test.name],
          );
          expect(rows[0].n).toBe(1);
        },
        { timeout: 10_000 },
      );
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
    await db.pool.query(
      `INSERT INTO subscriptions (channel, subscription) VALUES ('C1', '{"channel":"C2"}'), ('C3', $1)`,
      [JSON.stringify(channelSub("C3"))],
    );
    const log = memoryLogger();
    const store = await PgSubscriptionStore.open(db, { log });
    expect(store.channels().map((c) => c.channel)).toEqual(["C3"]);
    const error = log.entries.find((e) => e.level === "error");
    expect(error?.msg).toContain('channel="C1"');
    expect(error?.msg).not.toContain(new URL(test.url).password);
  });
});
