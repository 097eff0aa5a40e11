import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../../src/store/postgres/database.js";
import { PgEssayStore } from "../../../src/store/postgres/essay-store.js";
import { migrate } from "../../../src/store/postgres/migrations.js";
import { memoryLogger } from "../../support/logger.js";
import { migratedDatabasePerTest, startPostgres } from "../../support/postgres.js";
import { essayRecord, essayStoreContract } from "../essay-store.contract.js";

const fresh = migratedDatabasePerTest();

describe("PgEssayStore", () => {
  describe("as every EssayStore", () => essayStoreContract(() => PgEssayStore.open(fresh.db)));

  it("says what changed since a mark: new and replaced records in seq order, removed ids", async () => {
    const writer = await PgEssayStore.open(fresh.db);
    const reader = await PgEssayStore.open(fresh.db);
    await writer.write({
      put: [
        { record: essayRecord("a", 0), body: "a" },
        { record: essayRecord("b", 1), body: "b" },
      ],
    });
    const first = await reader.changesSince(undefined);
    expect(first.records.map((r) => r.head.id)).toEqual(["a", "b"]);
    expect(first.removed).toEqual([]);

    const unchanged = await reader.changesSince(first.mark);
    expect(unchanged).toEqual({ mark: first.mark, records: [], removed: [], problems: [] });

    await writer.write({
      put: [{ record: essayRecord("c", 2), body: "c" }, { record: essayRecord("a", 0, "A2") }],
      remove: ["b"],
    });
    const next = await reader.changesSince(first.mark);
    expect(next.records.map((r) => [r.head.id, r.head.title])).toEqual([
      ["a", "A2"],
      ["c", "Essay c"],
    ]);
    expect(next.removed).toEqual(["b"]);
    expect(BigInt(next.mark)).toBeGreaterThan(BigInt(first.mark));
    // From scratch: only what is live.
    const all = await reader.changesSince(undefined);
    expect(all.records.map((r) => r.head.id)).toEqual(["a", "c"]);
    expect(all.removed).toEqual([]);
    expect(all.mark).toBe(next.mark);
  });

  it("a reader never skips a version that commits after a larger one", async () => {
    const store = await PgEssayStore.open(fresh.db);
    const reader = await PgEssayStore.open(fresh.db);
    await store.write({ put: [{ record: essayRecord("x", 0), body: "x" }] });
    const start = await reader.changesSince(undefined);
    const waiting = async () => {
      const { rows } = await fresh.db.pool.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = $1",
        [fresh.test.name],
      );
      return rows[0].n as number;
    };
    // Someone holds essay x's row, so a write of x takes its version and then waits…
    const blocker = new pg.Client({ connectionString: fresh.test.url });
    await blocker.connect();
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT id FROM essays WHERE id = 'x' FOR UPDATE");
      const slow = store.write({ put: [{ record: essayRecord("x", 0, "X2") }] });
      await vi.waitFor(async () => expect(await waiting()).toBe(1), { timeout: 10_000 });
      // …while a later write of another essay must not take a larger version and commit first.
      let fastDone = false;
      const fast = store.write({ put: [{ record: essayRecord("y", 1), body: "y" }] }).then(() => {
        fastDone = true;
      });
      await vi.waitFor(async () => expect(fastDone || (await waiting()) === 2).toBe(true), {
        timeout: 10_000,
      });
      const during = await reader.changesSince(start.mark);
      await blocker.query("COMMIT");
      await Promise.all([slow, fast]);
      const after = await reader.changesSince(during.mark);
      const seen = [...during.records, ...after.records].map((r) => r.head.title);
      expect(seen).toEqual(["X2", "Essay y"]);
    } finally {
      await blocker.end();
    }
  });

  it("reports a row that is not an essay record, naming it, and loads every other", async () => {
    const log = memoryLogger();
    const store = await PgEssayStore.open(fresh.db, { log });
    await store.write({ put: [{ record: essayRecord("a", 0) }, { record: essayRecord("b", 1) }] });
    await fresh.db.pool.query(`UPDATE essays SET record = '{"head":{}}' WHERE id = 'a'`);
    const { records, problems } = await store.loadAll();
    expect(records.map((r) => r.head.id)).toEqual(["b"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.where).toContain('id="a"');
    expect(problems[0]?.message).toContain("bodyHash or firstSeen is missing");
    expect(problems[0]?.message).not.toContain(new URL(fresh.test.url).password);
    expect(log.entries.some((e) => e.level === "error")).toBe(true);
  });

  it("hears another process's writes, and again after Postgres is stopped and started", async () => {
    const server = await startPostgres();
    const own = openDatabase(server.urlOf("postgres"));
    const other = openDatabase(server.urlOf("postgres"));
    try {
      await migrate(own);
      const store = await PgEssayStore.open(own, { listen: { retryMs: 50, maxRetryMs: 200 } });
      const writer = await PgEssayStore.open(other);
      let heard = 0;
      const stop = store.onChange(() => {
        heard++;
      });
      const listening = async () => {
        const { rows } = await other.pool.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%'",
        );
        return rows[0].n as number;
      };
      await vi.waitFor(async () => expect(await listening()).toBe(1), { timeout: 10_000 });
      await writer.write({ put: [{ record: essayRecord("a", 0), body: "a" }] });
      await vi.waitFor(() => expect(heard).toBe(1), { timeout: 10_000 });

      await server.stop();
      await server.start();
      // A reconnect is a notice of its own: what was written meanwhile went unheard.
      await vi.waitFor(() => expect(heard).toBe(2), { timeout: 15_000 });
      await vi.waitFor(
        async () => {
          const before = heard;
          await writer.write({ put: [{ record: essayRecord("b", 1), body: "b" }] });
          await vi.waitFor(() => expect(heard).toBeGreaterThan(before), { timeout: 2_000 });
        },
        { timeout: 15_000 },
      );

      stop();
      await vi.waitFor(async () => expect(await listening()).toBe(0), { timeout: 10_000 });
      const after = heard;
      await writer.write({ put: [{ record: essayRecord("c", 2), body: "c" }] });
      expect(heard).toBe(after);
    } finally {
      await own.close().catch(() => {});
      await other.close().catch(() => {});
      await server.destroy();
    }
  }, 60_000);

  it("a process that stops listening exits on its own, even with the database unreachable", async () => {
    const dir = await mkdtemp(join(tmpdir(), "essay-bot-listen-"));
    try {
      const dist = (path: string) => pathToFileURL(resolve("dist", path)).href;
      const script = join(dir, "listen.mjs");
      await writeFile(
        script,
        `
        const { openDatabase } = await import(${JSON.stringify(dist("store/postgres/database.js"))});
        const { PgEssayStore } = await import(${JSON.stringify(dist("store/postgres/essay-store.js"))});
        const { PgSubscriptionStore } = await import(${JSON.stringify(dist("store/postgres/subscription-store.js"))});
        const db = openDatabase(process.argv[2]);
        const essays = await PgEssayStore.open(db);
        let heard = 0;
        const stops = [essays.onChange(() => heard++), (await PgSubscriptionStore.open(db)).onChange(() => {})];
        const until = async (check) => { while (!(await check())) await new Promise((r) => setTimeout(r, 20)); };
        const listening = async () => (await db.pool.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
        )).rows[0].n === 2;
        await until(listening);
        await essays.write({ put: [] , remove: ["x"] });
        await essays.write({ put: [{ record: JSON.parse(process.argv[3]), body: "b" }] });
        await until(() => heard > 0);
        // And one that never reaches its database: stopped while it waits to retry.
        const nowhere = openDatabase("postgres://bot:pw@127.0.0.1:1/none", { connectTimeoutMs: 500 });
        const stopNowhere = (await PgEssayStore.open(nowhere)).onChange(() => {});
        await new Promise((r) => setTimeout(r, 300));
        for (const stop of [...stops, stopNowhere]) stop();
        await db.close();
        await nowhere.close();
        console.log("done");
        `,
      );
      const run = spawnSync(
        process.execPath,
        [script, fresh.test.url, JSON.stringify(essayRecord("a", 0))],
        { encoding: "utf8", timeout: 30_000 },
      );
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe("done");
      expect(run.status).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 40_000);
});
