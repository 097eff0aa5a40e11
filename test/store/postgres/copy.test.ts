import { spawnSync } from "node:child_process";
import { stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AnnounceEntry } from "../../../src/store/announce-ledger.js";
import { AnnounceState } from "../../../src/store/announce-state.js";
import { CopyRefused, copyDataDir } from "../../../src/store/copy.js";
import { LOCK_FILE } from "../../../src/store/data-dir-lock.js";
import { DigestWeeks } from "../../../src/store/digest-weeks.js";
import { FileEssayStore } from "../../../src/store/file-essay-store.js";
import { FileSubscriptionStore } from "../../../src/store/file-subscription-store.js";
import { type Database, openDatabase } from "../../../src/store/postgres/database.js";
import { PgDigestWeeks } from "../../../src/store/postgres/digest-weeks.js";
import { PgEssayStore } from "../../../src/store/postgres/essay-store.js";
import { migrate } from "../../../src/store/postgres/migrations.js";
import { PgSubscriptionStore } from "../../../src/store/postgres/subscription-store.js";
import { type TempDataDir, tempDataDir } from "../../support/data-dir.js";
import { type TestDatabase, testDatabase } from "../../support/postgres.js";
import { essayRecord } from "../essay-store.contract.js";
import { channelSub } from "../subscription-store.contract.js";

const FEED = "https://forem.com/feed/jonoherrington";
const AT = "2026-06-01T12:00:00.000Z";

let data: TempDataDir;
let test: TestDatabase;
let db: Database;
beforeEach(async () => {
  data = await tempDataDir();
  test = await testDatabase();
  db = openDatabase(test.url);
});
afterEach(async () => {
  await db.close();
  await test.drop();
  await data.cleanup();
});

/** A DATA_DIR as a bot leaves it, written by the real file stores. */
async function botDataDir(dir: string): Promise<void> {
  const essays = await FileEssayStore.open(dir);
  await essays.write({
    put: ["a", "b", "c"].map((id, seq) => ({ record: essayRecord(id, seq), body: `<p>${id}</p>` })),
  });
  const state = await AnnounceState.open(dir);
  state.initialize("C1", new Date(AT));
  state.addFeed("C1", FEED);
  state.set("C1", "a", { state: "announced", link: "https://x/a", at: AT, ts: "111.1" });
  state.set("C1", "b", { state: "pending", link: "https://x/b", at: AT, title: "b|2026-06-01" });
  state.set("C1", "c", { state: "seen", link: "", at: AT });
  state.set("C1", "flood-1", { state: "pending", link: "", at: AT, covers: ["b", "c"] });
  state.initialize("U9", new Date(AT));
  state.set("U9", "a", { state: "announced", link: "https://x/a", at: AT, ts: "222.2" });
  await state.save();
  const subs = await FileSubscriptionStore.open(dir);
  await subs.setChannel(channelSub("C1"));
  await subs.setChannel(
    channelSub("C2", {
      delivery: "weekly",
      topics: ["hiring"],
      paused: { code: "channel_archive", message: "archived", at: AT },
    }),
  );
  await subs.setAlert({ user: "U9", topics: ["promotion"], createdAt: AT });
  const weeks = await DigestWeeks.open(dir);
  await weeks.set("C2", "2026-W22");
}

async function announcementsInDatabase() {
  const targets = await db.pool.query("SELECT target, since, feeds FROM announce_targets");
  const rows = await db.pool.query("SELECT * FROM announcements");
  return targets.rows
    .map((t) => ({
      target: t.target as string,
      since: t.since as string,
      feeds: t.feeds as string[],
      entries: rows.rows
        .filter((r) => r.target === t.target)
        .map((r): [string, AnnounceEntry] => {
          const entry: AnnounceEntry = { state: r.state, link: r.link, at: r.at };
          if (r.ts !== null) entry.ts = r.ts;
          if (r.title !== null) entry.title = r.title;
          if (r.covers !== null) entry.covers = r.covers;
          return [r.essay_id, entry];
        })
        .sort(([a], [b]) => a.localeCompare(b)),
    }))
    .sort((x, y) => x.target.localeCompare(y.target));
}

async function announcementsInFiles(dir: string) {
  const state = await AnnounceState.open(dir);
  return [...state.targets()]
    .map((t) => ({ ...t, entries: t.entries.sort(([a], [b]) => a.localeCompare(b)) }))
    .sort((x, y) => x.target.localeCompare(y.target));
}

describe("essay-bot store copy (files → Postgres)", () => {
  it("copies everything, reads back equal through the Postgres stores, and a second run writes nothing", async () => {
    await botDataDir(data.dir);
    const report = await copyDataDir(data.dir, test.url);
    const counts = {
      essays: 3,
      announce_targets: 2,
      announcements: 5,
      subscriptions: 2,
      alerts: 1,
      digest_weeks: 1,
    };
    expect(report).toMatchObject({ outcome: "copied", source: counts, written: counts });

    const files = await FileEssayStore.open(data.dir);
    const pg = await PgEssayStore.open(db);
    expect((await pg.loadAll()).records).toEqual((await files.loadAll()).records);
    expect(await pg.readBody("b")).toBe("<p>b</p>");
    const fileSubs = await FileSubscriptionStore.open(data.dir);
    const pgSubs = await PgSubscriptionStore.open(db);
    expect(pgSubs.channels()).toEqual(fileSubs.channels());
    expect(pgSubs.alerts()).toEqual(fileSubs.alerts());
    expect((await PgDigestWeeks.open(db)).week("C2")).toBe("2026-W22");
    expect(await announcementsInDatabase()).toEqual(await announcementsInFiles(data.dir));

    const versions = await db.pool.query("SELECT id, version FROM essays ORDER BY id");
    const again = await copyDataDir(data.dir, test.url);
    expect(again.outcome).toBe("already");
    expect(Object.values(again.written)).toEqual([0, 0, 0, 0, 0, 0]);
    expect((await db.pool.query("SELECT id, version FROM essays ORDER BY id")).rows).toEqual(
      versions.rows,
    );
  });

  it("refuses a database holding other state, writing nothing; --merge adds only what is missing", async () => {
    await botDataDir(data.dir);
    await copyDataDir(data.dir, test.url);
    // Meanwhile a bot on the database announced "a" in C1 again differently, and the files move on.
    await db.pool.query(
      `UPDATE announcements SET ts = '999.9' WHERE target = 'C1' AND essay_id = 'a'`,
    );
    const files = await FileEssayStore.open(data.dir);
    await files.write({ put: [{ record: essayRecord("d", 3), body: "<p>d</p>" }] });

    const refused = await copyDataDir(data.dir, test.url).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CopyRefused);
    expect((refused as Error).message).toContain("already holds essay-bot state");
    expect((refused as Error).message).toContain("--merge");
    expect((refused as Error).message).not.toContain(new URL(test.url).password);
    expect(await (await PgEssayStore.open(db)).readBody("d")).toBeUndefined();

    const merged = await copyDataDir(data.dir, test.url, { merge: true });
    expect(merged.outcome).toBe("merged");
    expect(merged.written).toMatchObject({ essays: 1, announcements: 0, subscriptions: 0 });
    expect(await (await PgEssayStore.open(db)).readBody("d")).toBe("<p>d</p>");
    const { rows } = await db.pool.query(
      "SELECT ts FROM announcements WHERE target = 'C1' AND essay_id = 'a'",
    );
    expect(rows[0].ts).toBe("999.9");
  });

  it("will not copy from a directory that is not there, and does not make it", async () => {
    const missing = join(data.dir, "mistyped");
    await expect(copyDataDir(missing, test.url)).rejects.toThrow(/is not a directory/);
    await expect(stat(missing)).rejects.toThrow();
  });

  it("will not copy while a bot holds DATA_DIR", async () => {
    await botDataDir(data.dir);
    // A live bot on this host (pid 1 always runs) holds the lock.
    const lock = { pid: 1, hostname: hostname(), startedAt: AT };
    await writeFile(join(data.dir, LOCK_FILE), `${JSON.stringify(lock)}\n`);
    await expect(copyDataDir(data.dir, test.url)).rejects.toThrow(/already running/);
    const { rows } = await db.pool.query("SELECT to_regclass('essays') IS NULL AS untouched");
    expect(rows[0].untouched).toBe(true);
  });

  it("will not copy an announce state that was unusable (it would post again)", async () => {
    await botDataDir(data.dir);
    await writeFile(join(data.dir, "announce-state.json"), '{"version":1,"chan');
    await expect(copyDataDir(data.dir, test.url)).rejects.toThrow(CopyRefused);
    expect((await db.pool.query("SELECT count(*)::int AS n FROM essays")).rows[0].n).toBe(0);
  });
});

// The bin runs the compiled CLI: `npm test` builds it first.
describe("essay-bot store copy, as a command", () => {
  const bin = resolve("bin/essay-bot.js");
  const run = (args: string[], env: Record<string, string> = {}) => {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && k !== "DATABASE_URL" && k !== "DATA_DIR") clean[k] = v;
    }
    // Run where there is no .env, so only what the test gives counts.
    return spawnSync(process.execPath, [bin, ...args], {
      cwd: data.dir,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...clean, ...env },
    });
  };

  it("prints what it copied, then that there is nothing to copy; DATABASE_URL is the default --to", async () => {
    await botDataDir(data.dir);
    const first = run(["store", "copy", "--from", data.dir, "--to", test.url]);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      "3 essays, announce state of 2 targets (5 entries), 2 channel subscriptions, 1 personal alert, 1 digest week",
    );
    expect(first.stdout).not.toContain(new URL(test.url).password);
    const second = run(["store", "copy"], { DATABASE_URL: test.url, DATA_DIR: data.dir });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("Nothing to copy");

    const files = await FileEssayStore.open(data.dir);
    await files.write({ put: [{ record: essayRecord("d", 3), body: "<p>d</p>" }] });
    const refused = run(["store", "copy", "--from", data.dir, "--to", test.url]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("already holds essay-bot state that is not this DATA_DIR's");
    const merged = run(["store", "copy", "--from", data.dir, "--to", test.url, "--merge"]);
    expect(merged.status).toBe(0);
    expect(merged.stdout).toContain("wrote 1 essay,");

    const lock = { pid: 1, hostname: hostname(), startedAt: AT };
    await writeFile(join(data.dir, LOCK_FILE), `${JSON.stringify(lock)}\n`);
    const held = run(["store", "copy", "--from", data.dir, "--to", test.url]);
    expect(held.status).toBe(1);
    expect(held.stderr).toContain("stop the bot first");
  });

  it("a database set up by a newer essay-bot: refused with the migration's own words", async () => {
    await botDataDir(data.dir);
    await migrate(db);
    await db.pool.query("INSERT INTO essay_bot_schema (version, name) VALUES (99, 'future')");
    const newer = run(["store", "copy", "--from", data.dir, "--to", test.url]);
    expect(newer.status).toBe(1);
    expect(newer.stderr).toContain("schema version 99, newer than this essay-bot knows");
    expect(newer.stderr).not.toContain("file store");
  });

  it("a database it cannot reach or log into: a clear error naming it without its password", async () => {
    await botDataDir(data.dir);
    const down = run(["store", "copy", "--from", data.dir], {
      DATABASE_URL: "postgres://bot:s3cretpw@127.0.0.1:1/essays",
    });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain(
      "postgres://bot@127.0.0.1:1/essays (DATABASE_URL) cannot be reached",
    );
    const wrong = new URL(test.url);
    wrong.password = "not-the-password";
    const refused = run(["store", "copy", "--from", data.dir, "--to", wrong.toString()]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`(--to)`);
    expect(refused.stderr).toContain("password authentication failed");
    for (const r of [down, refused]) {
      expect(r.stderr + r.stdout).not.toMatch(/s3cretpw|not-the-password/);
    }
    const notUrl = run(["store", "copy", "--from", data.dir, "--to", "bot:s3cretpw@db"]);
    expect(notUrl.status).toBe(2);
    expect(notUrl.stderr).toContain("--to is not a postgres:// URL");
    expect(notUrl.stderr).not.toContain("s3cretpw");
  });
});
