/**
 * The Postgres store bundle (DATABASE_URL): every piece of state in one database that several
 * bot processes share. One of them leads (a lease row, lease.ts) and runs the scheduled jobs;
 * every process serves Slack from its own index and follows what the leader stores
 * (LISTEN/NOTIFY, with a poll every few seconds in case a notice is missed).
 *
 * The database may go away and come back at any time: every process keeps answering from
 * memory, the leader's lease lapses (so its jobs stop before anyone else's start), writes asked
 * for from Slack fail at once with a sentence saying why, and /healthz says so. Nobody exits.
 */
import { type Logger, silentLogger } from "../../logger.js";
import type { AnnounceLedger } from "../announce-ledger.js";
import { StoreError } from "../errors.js";
import type { Leadership, Stores } from "../stores.js";
import { PgAnnounceState } from "./announce-state.js";
import { type Database, databaseProblem, openDatabase } from "./database.js";
import { PgDigestWeeks } from "./digest-weeks.js";
import { PgEssayStore } from "./essay-store.js";
import { LeaderLease, type LeaseStatus } from "./lease.js";
import { migrate } from "./migrations.js";
import { isUnreachable, Reachability } from "./reachability.js";
import { ReachableSubscriptions } from "./reachable-subscriptions.js";
import { PgSubscriptionStore } from "./subscription-store.js";

export interface PostgresStoresOptions {
  log?: Logger;
  /** Aborts the wait for the database at start (a stop during start-up). */
  signal?: AbortSignal;
  /** The jobs lease: how long it lasts unrenewed (default 10 s) and how often it is renewed. */
  leaseTtlMs?: number;
  leaseRenewEveryMs?: number;
  /** How often every process asks whether essays or subscriptions changed. Default 3 s. */
  pollMs?: number;
  /** The process's own DATA_DIR: its saved search index lives there, not in the database. */
  dataDir?: string;
}

/**
 * What changes when any subscription or alert is set or removed (every write sets updated_at to
 * now()): the count, the newest update, and a sum over every row's update, which moves even when
 * a transaction that began earlier commits an older updated_at than the newest.
 */
const SUBSCRIPTIONS_STAMP = ["subscriptions", "alerts"]
  .map(
    (table) =>
      `(SELECT count(*)::text || '/' || coalesce(max(updated_at)::text, '') || '/' ||
        coalesce(sum(extract(epoch FROM updated_at))::text, '') FROM ${table})`,
  )
  .join(" || ' ' || ");

/** The lease every process competes for: whoever holds it runs refresh, announcements, digests. */
const JOBS_LEASE = "jobs";

export async function openPostgresStores(
  url: string,
  opts: PostgresStoresOptions = {},
): Promise<Stores> {
  const log = opts.log ?? silentLogger;
  const db = openDatabase(url, { log });
  const reach = new Reachability(db.where, log);
  const closers: (() => Promise<void>)[] = [() => db.close()];
  try {
    await untilMigrated(db, reach, log, opts.signal);
    // The lease on a pool of its own: a pool busy with a large save must never delay a renewal.
    const leaseDb = openDatabase(url, { log, max: 2 });
    closers.push(() => leaseDb.close());
    const leadership = new LeaseLeadership(leaseDb, log, opts);
    // Only the leader writes essays (its refreshes), and each write proves it still leads.
    const essays = await PgEssayStore.open(db, {
      log,
      fence: () => leadership.fence(),
      ...(opts.dataDir === undefined ? {} : { snapshotDir: opts.dataDir }),
    });
    const subscriptions = await PgSubscriptionStore.open(db, { log });
    const pollMs = opts.pollMs ?? 3_000;
    const stops: (() => void)[] = [];
    leadership.start();
    return {
      kind: "postgres",
      essays,
      subscriptions: new ReachableSubscriptions(subscriptions, reach),
      // Read afresh for every run: another process may have led the last one. A leader's saves
      // carry its fencing token, so a save after the lease is lost fails and nothing is posted;
      // another process (a subscription's baseline) writes only what never undoes a post.
      announceState: (targets?: readonly string[]): Promise<AnnounceLedger> =>
        reach.track(() =>
          PgAnnounceState.open(db, {
            log,
            ...(leadership.isLeader() ? { fence: () => leadership.fence() } : {}),
            ...(targets ? { targets } : {}),
          }),
        ),
      digestWeeks: () => reach.track(() => PgDigestWeeks.open(db)),
      leadership,
      follow(onEssays) {
        let lastVersion: string | undefined;
        let lastSubscriptions: string | undefined;
        let polling = false;
        const poll = async () => {
          // A poll waiting on a slow database is not joined by another every few seconds.
          if (polling) return;
          polling = true;
          try {
            const { rows } = await reach.track(() =>
              db.pool.query<{ v: string; s: string }>(
                `SELECT (SELECT coalesce(max(version), 0)::text FROM essays) AS v, ${SUBSCRIPTIONS_STAMP} AS s`,
              ),
            );
            const version = rows[0]?.v;
            if (version !== lastVersion) {
              lastVersion = version;
              onEssays();
            }
            // Read whole only when they changed (a missed notice); remembered once read.
            const stamp = rows[0]?.s;
            if (stamp !== lastSubscriptions) {
              await subscriptions.reload();
              lastSubscriptions = stamp;
            }
          } catch (err) {
            if (!isUnreachable(err)) log.warn({ err }, "Could not check the database for changes");
          } finally {
            polling = false;
          }
        };
        const timer = setInterval(() => void poll(), pollMs);
        timer.unref();
        const unlistenEssays = essays.onChange(onEssays);
        const unlistenSubs = subscriptions.onChange(() => {
          subscriptions.reload().catch(() => {});
        });
        const stop = () => {
          clearInterval(timer);
          unlistenEssays();
          unlistenSubs();
        };
        stops.push(stop);
        return stop;
      },
      health: () => reach.health(),
      async close() {
        for (const stop of stops) stop();
        // Released at once, so another process takes over now rather than after the ttl.
        await leadership.stop();
        for (const close of closers) await close();
      },
    };
  } catch (err) {
    for (const close of closers) await close().catch(() => {});
    throw err;
  }
}

/**
 * Migrates the schema, waiting (with a growing pause, up to 10 s) while the database cannot be
 * reached: in a deploy the bot may start before Postgres does. A database that answers with an
 * error (wrong password, no such database, a schema newer than this code) is a setting to fix:
 * the start fails with a sentence naming DATABASE_URL without its password.
 */
async function untilMigrated(
  db: Database,
  reach: Reachability,
  log: Logger,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (let pauseMs = 1_000; ; pauseMs = Math.min(pauseMs * 2, 10_000)) {
    try {
      const { from, to } = await migrate(db);
      reach.ok();
      if (from !== to) log.info({ database: db.where, from, to }, "Database schema migrated");
      return;
    } catch (err) {
      if (err instanceof StoreError) throw err;
      if (!isUnreachable(err)) {
        throw new StoreError(
          db.where,
          `${databaseProblem(db.where, err)}. Check DATABASE_URL: the user, password and database name.`,
          { cause: err },
        );
      }
      reach.failed(err);
      log.warn(
        { database: db.where, retryInMs: pauseMs },
        "Waiting for Postgres (DATABASE_URL) to answer before starting",
      );
      await pause(pauseMs, signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The jobs lease as the bot sees leadership: a term signal aborted the moment it is lost. */
class LeaseLeadership implements Leadership {
  readonly #lease: LeaderLease;
  readonly #listeners: (() => void)[] = [];
  #term: AbortController | undefined;

  constructor(db: Database, log: Logger, opts: PostgresStoresOptions) {
    this.#lease = new LeaderLease(db, {
      name: JOBS_LEASE,
      ttlMs: opts.leaseTtlMs ?? 10_000,
      ...(opts.leaseRenewEveryMs ? { renewEveryMs: opts.leaseRenewEveryMs } : {}),
      log,
      onGain: () => {
        // The lease logs the change itself.
        this.#term = new AbortController();
        for (const listener of this.#listeners) listener();
      },
      onLose: (reason) => {
        this.#term?.abort(new Error(`leadership lost: ${reason}`));
        this.#term = undefined;
      },
    });
  }

  start(): void {
    this.#lease.start();
  }

  stop(): Promise<void> {
    return this.#lease.stop();
  }

  isLeader(): boolean {
    return this.#lease.isLeader();
  }

  fence() {
    return this.#lease.fence();
  }

  term(): AbortSignal | undefined {
    return this.#lease.isLeader() ? this.#term?.signal : undefined;
  }

  onGain(listener: () => void): void {
    this.#listeners.push(listener);
    if (this.isLeader()) listener();
  }

  status(): LeaseStatus {
    return this.#lease.status();
  }
}
