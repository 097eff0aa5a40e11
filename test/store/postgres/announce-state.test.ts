import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StoreError } from "../../../src/store/errors.js";
import { AlreadyAnnounced, PgAnnounceState } from "../../../src/store/postgres/announce-state.js";
import { type Database, openDatabase } from "../../../src/store/postgres/database.js";
import { type Fence, LeaderLease, LeaseLost } from "../../../src/store/postgres/lease.js";
import { migrate } from "../../../src/store/postgres/migrations.js";
import { type TestDatabase, testDatabase } from "../../support/postgres.js";
import { announceLedgerContract } from "../announce-ledger-contract.js";

async function migrated(): Promise<{ test: TestDatabase; db: Database }> {
  const test = await testDatabase();
  const db = openDatabase(test.url);
  await migrate(db);
  return { test, db };
}

announceLedgerContract("Postgres", async () => {
  const { test, db } = await migrated();
  return {
    open: () => PgAnnounceState.open(db),
    cleanup: async () => {
      await db.close();
      await test.drop();
    },
  };
});

const at = "2026-06-01T12:00:00.000Z";

describe("Postgres announce state", () => {
  let test: TestDatabase;
  let db: Database;
  beforeEach(async () => {
    ({ test, db } = await migrated());
  });
  afterEach(async () => {
    await db.close();
    await test.drop();
  });

  async function rowOf(target: string, id: string) {
    const { rows } = await db.pool.query(
      "SELECT state, ts FROM announcements WHERE target = $1 AND essay_id = $2",
      [target, id],
    );
    return rows[0] as { state: string; ts: string | null } | undefined;
  }

  it("never downgrades an entry another process announced, and refuses its pending mark", async () => {
    const first = await PgAnnounceState.open(db);
    first.initialize("C1", new Date(at));
    await first.save();
    // Both processes loaded the same state before either posted.
    const other = await PgAnnounceState.open(db);
    first.set("C1", "a", { state: "pending", link: "essays.test/a", at });
    await first.save();
    first.set("C1", "a", { state: "announced", link: "essays.test/a", at, ts: "1.1" });
    await first.save();

    other.set("C1", "a", { state: "pending", link: "essays.test/a", at });
    other.set("C1", "b", { state: "pending", link: "essays.test/b", at });
    const refused = await other.save().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AlreadyAnnounced);
    expect((refused as AlreadyAnnounced).entries).toEqual([["C1", "a"]]);
    expect(await rowOf("C1", "a")).toEqual({ state: "announced", ts: "1.1" });
    // The rest of that save was kept, and memory now says what the database says.
    expect(await rowOf("C1", "b")).toEqual({ state: "pending", ts: null });
    expect(other.entry("C1", "a")).toMatchObject({ state: "announced", ts: "1.1" });

    // Nor may "seen" or a forget undo it; the refused mark is not tried again either.
    other.set("C1", "a", { state: "seen", link: "essays.test/a", at });
    await other.save();
    other.forget("C1", "a");
    await other.save();
    expect(await rowOf("C1", "a")).toEqual({ state: "announced", ts: "1.1" });
  });

  it("a save under a stale lease token is refused and writes nothing; its changes wait for the next save", async () => {
    const a = new LeaderLease(db, { name: "jobs", holder: "a", ttlMs: 60_000 });
    const b = new LeaderLease(db, { name: "jobs", holder: "b", ttlMs: 60_000 });
    try {
      a.start();
      await vi.waitFor(() => expect(a.isLeader()).toBe(true), { timeout: 10_000 });
      let fence: Fence | undefined = a.fence();
      const state = await PgAnnounceState.open(db, { fence: () => fence });
      state.initialize("C1", new Date(at));
      await state.save();

      await a.stop();
      b.start();
      await vi.waitFor(() => expect(b.isLeader()).toBe(true), { timeout: 10_000 });
      state.set("C1", "a", { state: "pending", link: "essays.test/a", at });
      await expect(state.save()).rejects.toBeInstanceOf(LeaseLost);
      expect(await rowOf("C1", "a")).toBeUndefined();

      fence = undefined; // not leading at all
      await expect(state.save()).rejects.toBeInstanceOf(LeaseLost);

      fence = b.fence();
      await state.save();
      expect(await rowOf("C1", "a")).toEqual({ state: "pending", ts: null });
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("names the database without its password when it cannot be reached", async () => {
    const url = "postgres://bot:s3cret@127.0.0.1:1/essays";
    const down = openDatabase(url, { connectTimeoutMs: 1_000 });
    try {
      const error = await PgAnnounceState.open(down).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toContain(
        "Postgres at postgres://bot@127.0.0.1:1/essays (DATABASE_URL) cannot be reached",
      );
      expect((error as Error).message).not.toContain("s3cret");
    } finally {
      await down.close();
    }
  });
});
