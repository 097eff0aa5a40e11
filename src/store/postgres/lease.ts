/**
 * One leader among the bot processes sharing a database: whoever holds the lease row runs the
 * scheduled refresh, announcements and digests.
 *
 * Why a lease row and not an advisory lock: a session advisory lock belongs to one connection,
 * so behind a transaction-pooling pgbouncer it is taken on one server connection and "held" by
 * whichever client happens to use it next, and when that connection dies the lock vanishes
 * without the process hearing of it (it goes on posting as leader). A transaction-scoped lock
 * would need a transaction open for the whole reign. A row in `leases` works through any pooler:
 *
 * - Its expiry is computed by the DATABASE's clock (`now() + ttl`), the one clock every process
 *   agrees on; a process never compares its own wall clock with another's.
 * - Its token grows with every new holder (a fencing token). A write made under the lease checks
 *   the token in its own transaction (`assertFence`), so a deposed leader that wakes up late
 *   (a long GC pause, a partition) cannot store a pending mark, and so never posts.
 * - Locally, a process counts itself leader only until the monotonic time at which its last
 *   successful acquire/renew was SENT, plus ttl, minus a safety margin. The database's expiry is
 *   at least ttl after that send, so the process stops before anyone else can take the row.
 *
 * The loop never throws: while the database is down it logs (naming DATABASE_URL without its
 * password), stays a follower, and tries again every renewEveryMs.
 */
import { hostname } from "node:os";
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";
import { LeaseLost } from "../errors.js";
import { type Database, databaseProblem } from "./database.js";

export { LeaseLost };

/** What a write must prove in its transaction: this holder, with this token, still leads. */
export interface Fence {
  name: string;
  holder: string;
  token: number;
}

export interface LeaseStatus {
  name: string;
  leader: boolean;
  /** The fencing token of this process's reign, while it leads. */
  token: number | null;
  holder: string;
  /** When this process became leader (ISO), while it leads. */
  since: string | null;
  /** The last error talking to the database, until a query succeeds again. */
  lastError: string | null;
}

export interface LeaseOptions {
  /** The lease's row in `leases` (we use "jobs"). */
  name: string;
  /** Unique per process (default: host, pid and a random part; see `leaseHolder`). */
  holder?: string;
  /** How long a lease lasts without renewal. Default 15 s. */
  ttlMs?: number;
  /** How often the leader renews, and a follower tries to take over. Default ttl / 3. */
  renewEveryMs?: number;
  /** How long before the lease could expire the leader stops counting itself leader. Default ttl / 5. */
  marginMs?: number;
  log?: Logger;
  /** Became leader, with the token writes must carry. */
  onGain?: (token: number) => void;
  /** Stopped being leader (renew failed, row taken, deadline passed, or stop()). */
  onLose?: (reason: string) => void;
}

/** A holder name unique to this process: host, pid and a random part (pids repeat in containers). */
export function leaseHolder(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
}

const ACQUIRE = `
  INSERT INTO leases (name, holder, token, expires_at)
  VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
  ON CONFLICT (name) DO UPDATE
    SET holder = excluded.holder, token = leases.token + 1, expires_at = excluded.expires_at
    WHERE leases.expires_at < now() OR leases.holder = excluded.holder
  RETURNING token`;

const RENEW = `
  UPDATE leases SET expires_at = now() + $4 * interval '1 millisecond'
  WHERE name = $1 AND holder = $2 AND token = $3
  RETURNING token`;

// By holder alone: an acquire still in flight when stop() was called may have taken the row.
const RELEASE = `
  UPDATE leases SET expires_at = now()
  WHERE name = $1 AND holder = $2 AND expires_at > now()`;

export class LeaderLease {
  readonly name: string;
  readonly holder: string;
  readonly #db: Database;
  readonly #ttlMs: number;
  readonly #renewEveryMs: number;
  readonly #marginMs: number;
  readonly #log: Logger;
  readonly #onGain: (token: number) => void;
  readonly #onLose: (reason: string) => void;
  #token: number | undefined;
  /** Monotonic time (performance.now) until which this process may count itself leader. */
  #until = 0;
  #since: string | undefined;
  #lastError: string | undefined;
  #running = false;
  #tick: NodeJS.Timeout | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(db: Database, opts: LeaseOptions) {
    this.#db = db;
    this.name = opts.name;
    this.holder = opts.holder ?? leaseHolder();
    this.#ttlMs = opts.ttlMs ?? 15_000;
    this.#renewEveryMs = opts.renewEveryMs ?? Math.floor(this.#ttlMs / 3);
    this.#marginMs = opts.marginMs ?? Math.floor(this.#ttlMs / 5);
    this.#log = (opts.log ?? silentLogger).child({ lease: this.name, holder: this.holder });
    this.#onGain = opts.onGain ?? (() => {});
    this.#onLose = opts.onLose ?? (() => {});
    if (this.#renewEveryMs >= this.#ttlMs - this.#marginMs) {
      throw new Error(
        "lease: renewEveryMs must be well below ttlMs, or the leader lapses between renewals",
      );
    }
  }

  /** Starts trying to lead (at once, then every renewEveryMs). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(0);
  }

  /** Stops the loop and, if this process leads, releases the row so a successor takes over at once. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#tick);
    await this.#inFlight;
    this.#lose("stopped");
    try {
      await this.#query(RELEASE, [this.name, this.holder]);
    } catch (err) {
      // The row simply expires after ttl instead.
      this.#log.warn(
        { database: this.#db.where, problem: databaseProblem(this.#db.where, err) },
        "Could not release the leader lease; another process takes over when it expires",
      );
    }
  }

  /** Checks the deadline itself: a timer firing late (a busy event loop) must not extend a reign. */
  isLeader(): boolean {
    return this.#token !== undefined && performance.now() < this.#until;
  }

  token(): number | undefined {
    return this.isLeader() ? this.#token : undefined;
  }

  /** What a write must check (assertFence) while this process leads; undefined when it does not. */
  fence(): Fence | undefined {
    const token = this.token();
    return token === undefined ? undefined : { name: this.name, holder: this.holder, token };
  }

  status(): LeaseStatus {
    return {
      name: this.name,
      leader: this.isLeader(),
      token: this.token() ?? null,
      holder: this.holder,
      since: this.isLeader() ? (this.#since ?? null) : null,
      lastError: this.#lastError ?? null,
    };
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#tick = setTimeout(() => {
      this.#inFlight = this.#attempt().finally(() => this.#schedule(this.#renewEveryMs));
    }, ms);
    this.#tick.unref();
  }

  /** One acquire or renew. Never rejects. */
  async #attempt(): Promise<void> {
    const held = this.#token;
    const sentAt = performance.now();
    try {
      const { rows } =
        held === undefined
          ? await this.#query(ACQUIRE, [this.name, this.holder, this.#ttlMs])
          : await this.#query(RENEW, [this.name, this.holder, held, this.#ttlMs]);
      this.#lastError = undefined;
      if (!this.#running) return; // stop() releases whatever this took
      const row = rows[0];
      if (held !== undefined && this.#token !== held) return; // the deadline passed meanwhile
      if (!row) {
        if (held !== undefined) this.#lose("another process took the lease");
        return;
      }
      const until = sentAt + this.#ttlMs - this.#marginMs;
      if (performance.now() >= until) {
        // The answer came too late to lead on: the next attempt takes the row again (new token).
        if (held !== undefined) this.#lose("renewal answered too late");
        return;
      }
      this.#holdUntil(until);
      if (held === undefined) this.#gain(Number(row.token));
    } catch (err) {
      const problem = databaseProblem(this.#db.where, err);
      if (problem !== this.#lastError) {
        this.#log.warn(
          { database: this.#db.where, problem, leader: this.#token !== undefined },
          this.#token !== undefined
            ? "Could not renew the leader lease: stopping the jobs until it is held again"
            : "Could not reach the database to take the leader lease; trying again",
        );
      }
      this.#lastError = problem;
      if (held !== undefined && this.#token === held) this.#lose(problem);
    }
  }

  /**
   * A lease query gives up after ttl (pg's per-query read timeout; the pool then discards the
   * connection): an answer later than that is useless, and the next try should not wait 35 s.
   */
  #query(text: string, values: unknown[]) {
    const config = { text, values, query_timeout: this.#ttlMs };
    return this.#db.pool.query<{ token: string }>(config as pg.QueryConfig);
  }

  #holdUntil(until: number): void {
    this.#until = until;
    clearTimeout(this.#deadline);
    this.#deadline = setTimeout(
      () => this.#lose("the lease could not be renewed in time"),
      Math.max(0, until - performance.now()),
    );
    this.#deadline.unref();
  }

  #gain(token: number): void {
    this.#token = token;
    this.#since = new Date().toISOString();
    this.#log.info({ term: token }, "This process is now the leader: it runs the scheduled jobs");
    this.#call(() => this.#onGain(token));
  }

  #lose(reason: string): void {
    clearTimeout(this.#deadline);
    if (this.#token === undefined) return;
    const token = this.#token;
    this.#token = undefined;
    this.#since = undefined;
    // Handing over on a clean stop is routine; anything else is worth a look.
    const level = reason === "stopped" ? "info" : "warn";
    this.#log[level](
      { term: token, reason },
      "This process is no longer the leader: its jobs stop",
    );
    this.#call(() => this.#onLose(reason));
  }

  /** A callback that throws must not stop the loop (nor the process). */
  #call(callback: () => void): void {
    try {
      callback();
    } catch (err) {
      this.#log.error({ err }, "A leader lease callback threw");
    }
  }
}

/**
 * Inside a write's transaction: proves `fence` still leads, and holds the lease row (FOR SHARE)
 * until the transaction ends, so no one can take it over between this check and the commit.
 * Throws LeaseLost when the row says otherwise (another holder, a newer token, or expired).
 */
export async function assertFence(client: pg.ClientBase, fence: Fence | undefined): Promise<void> {
  if (!fence)
    throw new LeaseLost("This process does not hold the leader lease: nothing was written.");
  const { rowCount } = await client.query(
    `SELECT 1 FROM leases
     WHERE name = $1 AND holder = $2 AND token = $3 AND expires_at > clock_timestamp()
     FOR SHARE`,
    [fence.name, fence.holder, fence.token],
  );
  if (!rowCount) {
    throw new LeaseLost(
      `The leader lease "${fence.name}" (token ${fence.token}) is no longer held by this process: nothing was written.`,
    );
  }
}
