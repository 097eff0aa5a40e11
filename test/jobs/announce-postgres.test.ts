/**
 * The real announcer over the Postgres ledger: the claim (pending) is in the database before
 * Slack hears of the post, and the post is marked announced once Slack confirms.
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createAnnouncer } from "../../src/jobs/announce.js";
import { createDelivery } from "../../src/jobs/delivery.js";
import type { AnnouncePoster } from "../../src/jobs/poster.js";
import { PgAnnounceState } from "../../src/store/postgres/announce-state.js";
import { type Database, openDatabase } from "../../src/store/postgres/database.js";
import { PgDigestWeeks } from "../../src/store/postgres/digest-weeks.js";
import { type Fence, LeaderLease } from "../../src/store/postgres/lease.js";
import { migrate } from "../../src/store/postgres/migrations.js";
import { PgSubscriptionStore } from "../../src/store/postgres/subscription-store.js";
import { virtualClock } from "../support/clock.js";
import { memoryLogger } from "../support/logger.js";
import { type TestDatabase, testDatabase } from "../support/postgres.js";
import { memoryPoster, range } from "./memory-poster.js";

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

async function rowOf(id: string) {
  const { rows } = await db.pool.query(
    "SELECT state, ts FROM announcements WHERE target = 'C1' AND essay_id = $1",
    [id],
  );
  return rows[0] as { state: string; ts: string | null } | undefined;
}

it("claims each post in Postgres before Slack hears of it, and marks it announced after", async () => {
  const clock = virtualClock();
  const slack = memoryPoster(clock.now);
  const seenByPoster: Record<string, unknown> = {};
  const poster: AnnouncePoster = {
    ...slack.poster,
    async post(channel, message, metadata) {
      const id = metadata?.event_payload.id ?? "";
      seenByPoster[id] = await rowOf(id);
      return slack.poster.post(channel, message, metadata);
    },
  };
  const announcer = createAnnouncer({
    channel: "C1",
    state: () => PgAnnounceState.open(db),
    poster,
    now: clock.now,
    sleep: clock.sleep,
  });
  await announcer.run(range(1, 2));
  await announcer.run(range(1, 4));

  expect(slack.ids()).toEqual(["essay-3", "essay-4"]);
  expect(seenByPoster).toEqual({
    "essay-3": { state: "pending", ts: null },
    "essay-4": { state: "pending", ts: null },
  });
  expect(await rowOf("essay-3")).toEqual({ state: "announced", ts: slack.posts[0]?.ts });
  expect(await rowOf("essay-4")).toEqual({ state: "announced", ts: slack.posts[1]?.ts });
  expect(await rowOf("essay-1")).toMatchObject({ state: "seen" });
});

it("a process that lost the lease posts nothing, stops its run, and reports no channel problem", async () => {
  const lease = new LeaderLease(db, { name: "jobs", holder: "a", ttlMs: 60_000 });
  lease.start();
  await vi.waitFor(() => expect(lease.isLeader()).toBe(true), { timeout: 10_000 });
  let fence: Fence | undefined = lease.fence();
  const clock = virtualClock();
  const slack = memoryPoster(clock.now);
  const log = memoryLogger();
  const announcer = createAnnouncer({
    channel: "C1",
    state: () => PgAnnounceState.open(db, { fence: () => fence }),
    poster: slack.poster,
    log,
    now: clock.now,
    sleep: clock.sleep,
  });
  await announcer.run(range(1, 2));
  const stale = fence;
  await lease.stop();
  fence = stale; // as a leader paused past its lease would still believe

  const report = await announcer.run(range(1, 4));
  expect(slack.posts).toHaveLength(0);
  expect(report.stopped).toEqual({ reason: "not-leader" });
  expect(await rowOf("essay-3")).toBeUndefined();
  expect(announcer.status().lastError).toBeNull();
  expect(log.entries.filter((e) => e.level === "error")).toEqual([]);
});

it("an essay another process announced meanwhile is not posted, and the run goes on", async () => {
  const clock = virtualClock();
  const slack = memoryPoster(clock.now);
  const log = memoryLogger();
  const announcer = createAnnouncer({
    channel: "C1",
    state: () => PgAnnounceState.open(db),
    poster: slack.poster,
    log,
    now: clock.now,
    sleep: clock.sleep,
  });
  await announcer.run(range(1, 2));
  // Loaded before another process announced essay-3 (as a leader deposed mid-run would have).
  const early = await PgAnnounceState.open(db);
  const other = await PgAnnounceState.open(db);
  other.set("C1", "essay-3", {
    state: "announced",
    link: "essays.test/essay-3",
    at: "x",
    ts: "7.7",
  });
  await other.save();

  const report = await createAnnouncer({
    channel: "C1",
    state: async () => early,
    poster: slack.poster,
    log,
    now: clock.now,
    sleep: clock.sleep,
  }).run(range(1, 4));
  expect(slack.ids()).toEqual(["essay-4"]);
  expect(report.stopped).toBeUndefined();
  expect(await rowOf("essay-3")).toEqual({ state: "announced", ts: "7.7" });
  expect(log.entries.filter((e) => e.level === "error")).toEqual([]);
});

it("a subscription's baseline reads and writes only its own target's announce state", async () => {
  const clock = virtualClock();
  const all = await PgAnnounceState.open(db);
  all.initialize("C1", clock.now());
  for (const id of ["essay-1", "essay-2"]) {
    all.set("C1", id, { state: "announced", link: `essays.test/${id}`, at: "t", ts: "1.0" });
  }
  await all.save();
  const opened: PgAnnounceState[] = [];
  const delivery = createDelivery({
    subscriptions: await PgSubscriptionStore.open(db),
    announceState: async (targets) => {
      const ledger = await PgAnnounceState.open(db, targets ? { targets } : {});
      opened.push(ledger);
      return ledger;
    },
    digestWeeks: () => PgDigestWeeks.open(db),
    poster: memoryPoster(clock.now).poster,
    getIndex: () => undefined,
    essays: () => range(1, 3),
    now: clock.now,
    sleep: clock.sleep,
  });
  await delivery.baseline("C2");

  expect(opened).toHaveLength(1);
  const ledger = opened[0] as PgAnnounceState;
  // C1's rows were not read: the ledger knows C2 alone, and refuses to answer for C1.
  expect([...ledger.targets()].map((t) => t.target)).toEqual(["C2"]);
  expect(() => ledger.isInitialized("C1")).toThrow(/not among those it was read for/);
  expect(() => ledger.set("C1", "essay-3", { state: "seen", link: "x", at: "t" })).toThrow();
  const { rows } = await db.pool.query(
    "SELECT target, count(*)::int AS n, min(state) AS state FROM announcements GROUP BY target ORDER BY target",
  );
  expect(rows).toEqual([
    { target: "C1", n: 2, state: "announced" },
    { target: "C2", n: 3, state: "seen" },
  ]);
});
