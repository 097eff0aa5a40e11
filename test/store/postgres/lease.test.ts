import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type Database, openDatabase } from "../../../src/store/postgres/database.js";
import { assertFence, LeaderLease, LeaseLost } from "../../../src/store/postgres/lease.js";
import { migrate } from "../../../src/store/postgres/migrations.js";
import { memoryLogger } from "../../support/logger.js";
import { startPostgres, type TestDatabase, testDatabase } from "../../support/postgres.js";

const TTL = 1_500;
const WAIT = { timeout: 15_000, interval: 50 };

let testDb: TestDatabase;
const cleanup: (() => Promise<unknown>)[] = [];
beforeEach(async () => {
  testDb = await testDatabase();
  const db = openDatabase(testDb.url);
  await migrate(db);
  await db.close();
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await testDb.drop();
});

function database(url = testDb.url): Database {
  const db = openDatabase(url, { connectTimeoutMs: 1_000 });
  cleanup.push(() => db.close());
  return db;
}

/** A lease with a record of its gains and losses, stopped after the test. */
function lease(db: Database, holder: string, ttlMs = TTL, renewEveryMs?: number) {
  const events: string[] = [];
  const log = memoryLogger();
  const l = new LeaderLease(db, {
    name: "jobs",
    holder,
    ttlMs,
    ...(renewEveryMs === undefined ? {} : { renewEveryMs }),
    log,
    onGain: (token) => events.push(`gain ${token}`),
    onLose: (reason) => events.push(`lose ${reason}`),
  });
  cleanup.push(() => l.stop());
  return Object.assign(l, { events, log });
}

async function tokenInDb(db: Database): Promise<number> {
  const { rows } = await db.pool.query<{ token: string }>(
    "SELECT token FROM leases WHERE name = 'jobs'",
  );
  return Number(rows[0]?.token);
}

describe("leader lease", () => {
  it("of two racing processes exactly one leads, and stays the only one", async () => {
    const db = database();
    const a = lease(db, "a");
    const b = lease(database(), "b");
    a.start();
    b.start();
    await vi.waitFor(() => expect(a.isLeader() || b.isLeader()).toBe(true), WAIT);
    expect(a.isLeader() && b.isLeader()).toBe(false);
    // Through several renewals, never two leaders at once.
    for (let i = 0; i < 40; i++) {
      expect(a.isLeader() && b.isLeader()).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, TTL / 20));
    }
    await vi.waitFor(() => expect(a.isLeader() || b.isLeader()).toBe(true), WAIT);
    const leader = a.isLeader() ? a : b;
    expect(leader.status()).toMatchObject({
      name: "jobs",
      leader: true,
      token: await tokenInDb(db),
      holder: leader.holder,
      lastError: null,
    });
    expect(leader.status().since).toEqual(expect.any(String));
  });

  it("a leader that stops cleanly hands over at once, with a greater token", async () => {
    const db = database();
    // A long ttl: only the release can explain a quick takeover.
    const a = lease(db, "a", 60_000);
    a.start();
    await vi.waitFor(() => expect(a.isLeader()).toBe(true), WAIT);
    const first = a.token() ?? 0;
    // b tries every 300 ms: it follows until a lets go, then takes over at its next try.
    const b = lease(database(), "b", 60_000, 300);
    b.start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(b.isLeader()).toBe(false);
    await a.stop();
    expect(a.isLeader()).toBe(false);
    expect(a.events).toEqual([`gain ${first}`, "lose stopped"]);
    await vi.waitFor(() => expect(b.isLeader()).toBe(true), WAIT);
    expect(b.token()).toBeGreaterThan(first);
  });

  it("a leader killed with -9 is replaced once its lease expires, with a greater token", async () => {
    const child = spawnHolder(testDb.url, TTL);
    cleanup.push(async () => child.kill("SIGKILL"));
    const first = await childLeads(child);
    child.kill("SIGKILL");
    const b = lease(database(), "b");
    b.start();
    await vi.waitFor(() => expect(b.isLeader()).toBe(true), WAIT);
    expect(b.token()).toBeGreaterThan(first);
  }, 60_000); // a child process or a private server to start on a busy machine

  it("a leader whose event loop stalls past its deadline stops counting itself leader at once", async () => {
    const a = lease(database(), "a");
    a.start();
    await vi.waitFor(() => expect(a.isLeader()).toBe(true), WAIT);
    // Synchronously busy for longer than the ttl: no timer or renewal can run meanwhile.
    const end = performance.now() + TTL;
    while (performance.now() < end) {}
    expect(a.isLeader()).toBe(false);
    expect(a.fence()).toBeUndefined();
    expect(a.token()).toBeUndefined();
  });

  it("tokens strictly increase with every new holder", async () => {
    const db = database();
    const tokens: number[] = [];
    for (const holder of ["a", "b", "a", "c"]) {
      const l = lease(db, holder, 60_000);
      l.start();
      await vi.waitFor(() => expect(l.isLeader()).toBe(true), WAIT);
      tokens.push(l.token() ?? 0);
      await l.stop();
    }
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("a write fenced by a stale token is refused; by the current one it goes through", async () => {
    const db = database();
    const a = lease(db, "a", 60_000);
    a.start();
    await vi.waitFor(() => expect(a.isLeader()).toBe(true), WAIT);
    const stale = a.fence();
    await a.stop();
    const b = lease(db, "b", 60_000);
    b.start();
    await vi.waitFor(() => expect(b.isLeader()).toBe(true), WAIT);
    await expect(db.transaction((c) => assertFence(c, stale))).rejects.toBeInstanceOf(LeaseLost);
    await expect(db.transaction((c) => assertFence(c, undefined))).rejects.toBeInstanceOf(
      LeaseLost,
    );
    await expect(db.transaction((c) => assertFence(c, b.fence()))).resolves.toBeUndefined();
  });

  it("with the database down, the leader steps down by its deadline, nobody throws, and leadership returns with the database", async () => {
    const server = await startPostgres();
    cleanup.push(() => server.destroy());
    const url = server.urlOf("postgres");
    const setupDb = openDatabase(url);
    await migrate(setupDb);
    await setupDb.close();
    const a = lease(database(url), "a");
    const b = lease(database(url), "b");
    a.start();
    b.start();
    await vi.waitFor(() => expect(a.isLeader() || b.isLeader()).toBe(true), WAIT);
    const leader = a.isLeader() ? a : b;
    const first = leader.token() ?? 0;

    await server.stop();
    await vi.waitFor(() => expect(a.isLeader() || b.isLeader()).toBe(false), WAIT);
    expect(leader.events.at(-1)).toMatch(/^lose /);
    await vi.waitFor(() => expect(a.status().lastError).toContain("(DATABASE_URL)"), WAIT);
    const logged = JSON.stringify(a.log.lines);
    expect(logged).toContain(`127.0.0.1:${server.port}`);
    expect(logged).not.toContain(new URL(url).password);

    await server.start();
    await vi.waitFor(() => expect(a.isLeader() || b.isLeader()).toBe(true), WAIT);
    expect(a.isLeader() && b.isLeader()).toBe(false);
    expect((a.isLeader() ? a : b).token()).toBeGreaterThan(first);
    // The follower's next try reaches the database too, and clears its error.
    await vi.waitFor(() => {
      expect(a.status().lastError).toBeNull();
      expect(b.status().lastError).toBeNull();
    }, WAIT);
  }, 60_000); // a child process or a private server to start on a busy machine
});

function spawnHolder(url: string, ttlMs: number): ChildProcess {
  const script = fileURLToPath(new URL("./lease-holder.ts", import.meta.url));
  return spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), script, url, `${ttlMs}`],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
}

/** Resolves with the child's token once it leads. */
function childLeads(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += String(chunk);
      const match = /leader (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`lease holder exited (${code}): ${out}`)));
  });
}
