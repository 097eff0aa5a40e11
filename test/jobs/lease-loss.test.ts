/**
 * A leader that loses its lease while posts wait their turn sends none of them: each waiting
 * claim stays pending in the database for the new leader to check and post. And what it cannot
 * do because it no longer leads never shows on a channel's subscription as a failure.
 */
import { expect, it, vi } from "vitest";
import { createDelivery } from "../../src/jobs/delivery.js";
import type { AnnouncePoster } from "../../src/jobs/poster.js";
import { PgAnnounceState } from "../../src/store/postgres/announce-state.js";
import { PgDigestWeeks } from "../../src/store/postgres/digest-weeks.js";
import { LeaderLease } from "../../src/store/postgres/lease.js";
import { PgSubscriptionStore } from "../../src/store/postgres/subscription-store.js";
import { migratedDatabasePerTest } from "../support/postgres.js";
import { memoryPoster, range } from "./memory-poster.js";

const pg = migratedDatabasePerTest();
const CHANNELS = 12;

async function leader(onLose: (reason: string) => void) {
  const lease = new LeaderLease(pg.db, {
    name: "jobs",
    holder: "A",
    ttlMs: 3_000,
    renewEveryMs: 300,
    onLose,
  });
  lease.start();
  await vi.waitFor(() => expect(lease.isLeader()).toBe(true), { timeout: 10_000 });
  return lease;
}

async function subscribed(delivery: "each" | "daily") {
  const subs = await PgSubscriptionStore.open(pg.db);
  for (let i = 0; i < CHANNELS; i++) {
    await subs.setChannel({
      channel: `C${i}`,
      delivery,
      topics: [],
      createdBy: "U1",
      createdAt: "2026-06-01T00:00:00.000Z",
    });
  }
  return subs;
}

/** Another process takes the lease, as after this one's lapsed. */
const takeOver = () =>
  pg.db.pool.query(
    "UPDATE leases SET holder = 'B', token = token + 1, expires_at = now() + interval '1 minute'",
  );

it("claims queued behind the workspace pace are not sent once the lease is lost; they stay pending", async () => {
  const term = new AbortController();
  const lease = await leader((reason) => term.abort(new Error(reason)));
  const subs = await subscribed("each");
  const slack = memoryPoster();
  // Whether this process still led when each message went to Slack.
  const sentAfterLoss: boolean[] = [];
  let tookOver = false;
  const poster: AnnouncePoster = {
    ...slack.poster,
    async post(channel, message, metadata) {
      sentAfterLoss.push(term.signal.aborted);
      const posted = await slack.poster.post(channel, message, metadata);
      if (!tookOver) {
        tookOver = true;
        // Every other channel has claimed its post and waits for its turn at the workspace pace.
        await vi.waitFor(
          async () => {
            const { rows } = await pg.db.pool.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM announcements WHERE essay_id = 'essay-3' AND state = 'pending'",
            );
            expect(rows[0]?.n).toBeGreaterThanOrEqual(CHANNELS - 1);
          },
          { timeout: 10_000 },
        );
        await takeOver();
        await vi.waitFor(() => expect(term.signal.aborted).toBe(true), { timeout: 10_000 });
      }
      return posted;
    },
  };
  const delivery = createDelivery({
    subscriptions: subs,
    announceState: () => PgAnnounceState.open(pg.db, { fence: () => lease.fence() }),
    digestWeeks: () => PgDigestWeeks.open(pg.db),
    poster,
    getIndex: () => undefined,
    essays: () => range(1, 2),
    workspaceIntervalMs: 300,
  });
  try {
    await delivery.run(range(1, 2)); // every channel's baseline
    await delivery.run(range(1, 3), { signal: term.signal }); // essay-3 is new everywhere
  } finally {
    await lease.stop();
  }
  // Posts already on their way when the lease went may land; none starts after the loss,
  // though every channel's claim was saved before it (they queue at the workspace pace).
  expect(sentAfterLoss.length).toBeGreaterThanOrEqual(1);
  expect(sentAfterLoss.filter(Boolean)).toEqual([]);
  expect(sentAfterLoss.length).toBeLessThan(CHANNELS);
  const { rows } = await pg.db.pool.query<{ state: string; n: number }>(
    "SELECT state, count(*)::int AS n FROM announcements WHERE essay_id = 'essay-3' GROUP BY state ORDER BY state",
  );
  const byState = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  // Claimed ones stay pending for the new leader's history check; none is lost or forgotten.
  expect((byState.announced ?? 0) + (byState.pending ?? 0)).toBeGreaterThanOrEqual(1);
  expect(byState.pending ?? 0).toBeGreaterThanOrEqual(CHANNELS - sentAfterLoss.length);
  for (const sub of subs.channels()) expect(sub.lastError).toBeUndefined();
});

it("a digest run after the lease is lost marks no channel as failing", async () => {
  const lease = await leader(() => {});
  const subs = await subscribed("daily");
  const slack = memoryPoster();
  let essays = range(1, 3);
  const delivery = createDelivery({
    subscriptions: subs,
    announceState: () => PgAnnounceState.open(pg.db, { fence: () => lease.fence() }),
    digestWeeks: () => PgDigestWeeks.open(pg.db),
    poster: slack.poster,
    getIndex: () => undefined,
    essays: () => essays,
    workspaceIntervalMs: 0,
  });
  try {
    for (let i = 0; i < CHANNELS; i++) await delivery.baseline(`C${i}`);
    essays = range(1, 4); // one new essay for every daily digest
    await takeOver();
    await vi.waitFor(() => expect(lease.isLeader()).toBe(false), { timeout: 10_000 });
    const outcomes = await delivery.digest();
    expect([...outcomes.values()].every((o) => o === "failed")).toBe(true);
  } finally {
    await lease.stop();
  }
  expect(slack.posts).toEqual([]);
  await subs.reload();
  for (const sub of subs.channels()) expect(sub.lastError).toBeUndefined();
});
