import { describe, expect, it } from "vitest";
import { PgDigestWeeks } from "../../../src/store/postgres/digest-weeks.js";
import { migratedDatabasePerTest } from "../../support/postgres.js";

const fresh = migratedDatabasePerTest();

describe("PgDigestWeeks", () => {
  it("keeps each channel's last digest week across processes, replacing it on set", async () => {
    const weeks = await PgDigestWeeks.open(fresh.db);
    expect(weeks.week("C1")).toBeUndefined();
    await weeks.set("C1", "2026-W47");
    await weeks.set("C2", "2026-W47");
    await weeks.set("C1", "2026-W48");
    expect(weeks.week("C1")).toBe("2026-W48");
    const elsewhere = await PgDigestWeeks.open(fresh.db);
    expect([elsewhere.week("C1"), elsewhere.week("C2")]).toEqual(["2026-W48", "2026-W47"]);
  });

  it("a set the database refuses throws and is not remembered", async () => {
    const weeks = await PgDigestWeeks.open(fresh.db);
    await fresh.db.pool.query("ALTER TABLE digest_weeks RENAME TO gone");
    await expect(weeks.set("C1", "2026-W48")).rejects.toThrow();
    expect(weeks.week("C1")).toBeUndefined();
  });
});
