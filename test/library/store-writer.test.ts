/**
 * The library's writer on a real Postgres: what it keeps when a save fails, and what it drops
 * when the lease it wrote under is lost. A CHECK constraint added NOT VALID makes every write
 * fail, as a database briefly refusing writes would, without stopping the server.
 */
import { describe, expect, it } from "vitest";
import { StoreWriter } from "../../src/library/store-writer.js";
import { PgEssayStore } from "../../src/store/postgres/essay-store.js";
import type { Fence } from "../../src/store/postgres/lease.js";
import { essayRecord } from "../store/essay-store.contract.js";
import { memoryLogger } from "../support/logger.js";
import { migratedDatabasePerTest } from "../support/postgres.js";

const pg = migratedDatabasePerTest();

const refuseWrites = () =>
  pg.db.pool.query("ALTER TABLE essays ADD CONSTRAINT refuse CHECK (false) NOT VALID");
const allowWrites = () => pg.db.pool.query("ALTER TABLE essays DROP CONSTRAINT refuse");

/** Who holds the "jobs" lease now, as the lease would have written it. */
async function leaseHeldBy(holder: string, token: number): Promise<Fence> {
  await pg.db.pool.query(
    `INSERT INTO leases (name, holder, token, expires_at)
     VALUES ('jobs', $1, $2, now() + interval '1 hour')
     ON CONFLICT (name) DO UPDATE SET holder = $1, token = $2, expires_at = excluded.expires_at`,
    [holder, token],
  );
  return { name: "jobs", holder, token };
}

async function rowOf(id: string) {
  const { rows } = await pg.db.pool.query<{ title: string | null; removed: boolean }>(
    "SELECT record->'head'->>'title' AS title, removed FROM essays WHERE id = $1",
    [id],
  );
  return rows[0];
}

describe("the library's store writer", () => {
  it("an essay removed and then put back while unsaved is saved live", async () => {
    const writer = new StoreWriter(await PgEssayStore.open(pg.db), memoryLogger());
    expect(await writer.save([{ record: essayRecord("x", 0), body: "x" }], [])).toBeUndefined();
    await refuseWrites();
    expect(await writer.save([], ["x"])).toMatch(/Could not save essays/);
    // The feed lists it again before the store takes writes again.
    expect(await writer.save([{ record: essayRecord("x", 0, "X again"), body: "x2" }], [])).toMatch(
      /Could not save essays/,
    );
    await allowWrites();
    expect(await writer.save([], [])).toBeUndefined();
    expect(await rowOf("x")).toEqual({ title: "X again", removed: false });
  });

  it("a lost lease drops what was not saved: the next leader stores the feeds itself", async () => {
    let fence: Fence | undefined = await leaseHeldBy("a", 1);
    const log = memoryLogger();
    const writer = new StoreWriter(await PgEssayStore.open(pg.db, { fence: () => fence }), log);
    await refuseWrites();
    expect(
      await writer.save([{ record: essayRecord("x", 0, "X as a saw it"), body: "x" }], []),
    ).toMatch(/Could not save essays/);
    await allowWrites();
    // b leads now; a's next save is refused by the fence, and a forgets its backlog.
    const fenceOfB = await leaseHeldBy("b", 2);
    expect(await writer.save([], [])).toBeUndefined();
    expect(await rowOf("x")).toBeUndefined();
    expect(log.lines.map((l) => l.msg)).toContainEqual(
      expect.stringMatching(/no longer leads.*not saved/i),
    );
    const b = await PgEssayStore.open(pg.db, { fence: () => fenceOfB });
    await b.write({ put: [{ record: essayRecord("x", 0, "X as b saw it later"), body: "x2" }] });

    // a leads again, hours later: its old backlog must not overwrite what b stored.
    fence = await leaseHeldBy("a", 3);
    expect(await writer.save([{ record: essayRecord("y", 1), body: "y" }], [])).toBeUndefined();
    expect(await rowOf("x")).toEqual({ title: "X as b saw it later", removed: false });
    expect(await rowOf("y")).toEqual({ title: "Essay y", removed: false });
  });

  it("a process that does not lead writes no essay", async () => {
    const store = await PgEssayStore.open(pg.db, { fence: () => undefined });
    await expect(
      store.write({ put: [{ record: essayRecord("x", 0), body: "x" }] }),
    ).rejects.toThrow(/does not hold the leader lease/);
    expect(await rowOf("x")).toBeUndefined();
  });
});
