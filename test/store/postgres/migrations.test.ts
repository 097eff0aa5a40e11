import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeDatabaseUrl, openDatabase } from "../../../src/store/postgres/database.js";
import { migrate, SCHEMA_VERSION } from "../../../src/store/postgres/migrations.js";
import { type TestDatabase, testDatabase } from "../../support/postgres.js";

let db: TestDatabase;
beforeEach(async () => {
  db = await testDatabase();
});
afterEach(() => db.drop());

describe("schema migrations", () => {
  it("two processes starting together: both succeed, the schema is applied once", async () => {
    const a = openDatabase(db.url);
    const b = openDatabase(db.url);
    try {
      const results = await Promise.all([migrate(a), migrate(b)]);
      expect(results.map((r) => r.to)).toEqual([SCHEMA_VERSION, SCHEMA_VERSION]);
      expect(results.map((r) => r.from).sort()).toEqual([0, SCHEMA_VERSION]);
      const { rows } = await a.pool.query("SELECT version FROM essay_bot_schema");
      expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
      // And again later: nothing to do, nothing destroyed.
      expect(await migrate(a)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("refuses a schema newer than the code, naming the database without its password", async () => {
    const database = openDatabase(db.url);
    try {
      await migrate(database);
      await database.pool.query(
        "INSERT INTO essay_bot_schema (version, name) VALUES ($1, 'from the future')",
        [SCHEMA_VERSION + 1],
      );
      const error = await migrate(database).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
      expect(message).toContain("newer than this essay-bot knows");
      expect(message).toContain(describeDatabaseUrl(db.url));
      expect(message).not.toContain(new URL(db.url).password);
    } finally {
      await database.close();
    }
  });

  it("describes DATABASE_URL without its password", () => {
    expect(
      describeDatabaseUrl("postgres://bot:s3cret@db.internal:5432/essays?sslmode=require"),
    ).toBe("postgres://bot@db.internal:5432/essays");
    expect(describeDatabaseUrl("nonsense")).toBe("DATABASE_URL (not a URL)");
  });
});
