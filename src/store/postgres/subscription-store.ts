/**
 * Subscriptions and alerts in Postgres, shared by every process. Reads are synchronous, from a
 * copy in memory (App Home and /healthz read them on every request); a change goes to the
 * database first and reaches memory only once committed, so a failed write throws and changes
 * nothing. Each write notifies the other processes, which `reload()`.
 */
import type pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";
import type { ChannelSubscription, PersonalAlert } from "../../subscriptions/types.js";
import {
  type ChannelMark,
  isAlert,
  isChannelSubscription,
  markedSubscription,
} from "../subscription-shape.js";
import type { SubscriptionStore } from "../subscription-store.js";
import { SubscriptionsInMemory } from "../subscriptions-in-memory.js";
import type { Database } from "./database.js";
import { type ListenOptions, listen } from "./listener.js";

export const SUBSCRIPTIONS_CHANNEL = "essay_bot_subscriptions";

export interface PgSubscriptionStoreOptions {
  log?: Logger;
  listen?: Omit<ListenOptions, "log">;
}

export class PgSubscriptionStore extends SubscriptionsInMemory implements SubscriptionStore {
  readonly kind = "postgres" as const;
  readonly #db: Database;
  readonly #log: Logger;
  readonly #listen: Omit<ListenOptions, "log">;
  // One change at a time, in order, so memory follows the database's order of commits.
  #writing: Promise<unknown> = Promise.resolve();

  private constructor(db: Database, opts: PgSubscriptionStoreOptions) {
    super();
    this.#db = db;
    this.#log = opts.log ?? silentLogger;
    this.#listen = opts.listen ?? {};
  }

  /** Reads both tables; rejects when the database cannot be read. */
  static async open(
    db: Database,
    opts: PgSubscriptionStoreOptions = {},
  ): Promise<PgSubscriptionStore> {
    const store = new PgSubscriptionStore(db, opts);
    await store.reload();
    return store;
  }

  /**
   * Reads both tables afresh (another process may have changed them). A row of the wrong shape
   * is logged and left out, never fatal; the database is left as it is for someone to repair.
   * In turn with this process's writes: a reload that read before a write committed would
   * otherwise put back, after it, what memory had before it.
   */
  reload(): Promise<void> {
    const next = this.#writing.then(() => this.#read());
    this.#writing = next.catch(() => {});
    return next;
  }

  async #read(): Promise<void> {
    const [subs, alerts] = await Promise.all([
      this.#db.pool.query<{ channel: string; subscription: unknown }>(
        "SELECT channel, subscription FROM subscriptions ORDER BY channel",
      ),
      this.#db.pool.query<{ user_id: string; alert: unknown }>(
        "SELECT user_id, alert FROM alerts ORDER BY user_id",
      ),
    ]);
    const channels = new Map<string, ChannelSubscription>();
    for (const { channel, subscription } of subs.rows) {
      if (isChannelSubscription(subscription) && subscription.channel === channel) {
        channels.set(channel, subscription);
      } else this.#unusable("subscriptions", "channel", channel);
    }
    const people = new Map<string, PersonalAlert>();
    for (const { user_id, alert } of alerts.rows) {
      if (isAlert(alert) && alert.user === user_id) people.set(user_id, alert);
      else this.#unusable("alerts", "user_id", user_id);
    }
    this.channelMap = channels;
    this.alertMap = people;
  }

  /** Calls `listener` soon after any process changed subscriptions; returns stop. */
  onChange(listener: () => void): () => void {
    return listen(this.#db, SUBSCRIPTIONS_CHANNEL, listener, { ...this.#listen, log: this.#log });
  }

  setChannel(sub: ChannelSubscription): Promise<ChannelSubscription | undefined> {
    const next = { ...sub };
    return this.#change(async (client) => {
      const previous = await this.#lockedChannel(client, sub.channel);
      await upsertChannel(client, next);
      return {
        result: previous,
        apply: () => this.channelMap.set(next.channel, next),
      };
    });
  }

  removeChannel(channel: string): Promise<ChannelSubscription | undefined> {
    return this.#change(async (client) => {
      const { rows } = await client.query<{ subscription: unknown }>(
        "DELETE FROM subscriptions WHERE channel = $1 RETURNING subscription",
        [channel],
      );
      const removed = rows[0]?.subscription;
      return {
        result: isChannelSubscription(removed) ? removed : undefined,
        apply: () => this.channelMap.delete(channel),
        changed: rows.length > 0,
      };
    });
  }

  async markChannel(channel: string, change: ChannelMark): Promise<void> {
    // Read from the database under a row lock, not from memory: another process may have
    // changed the subscription since this one last reloaded.
    await this.#change(async (client) => {
      const current = await this.#lockedChannel(client, channel);
      const next = current && markedSubscription(current, change);
      if (!next) {
        return { result: undefined, apply: () => this.#remember(channel, current), changed: false };
      }
      await upsertChannel(client, next);
      return { result: undefined, apply: () => this.channelMap.set(channel, next) };
    });
  }

  setAlert(alert: PersonalAlert): Promise<PersonalAlert | undefined> {
    const next = { ...alert };
    return this.#change(async (client) => {
      const { rows } = await client.query<{ alert: unknown }>(
        "SELECT alert FROM alerts WHERE user_id = $1 FOR UPDATE",
        [alert.user],
      );
      const previous = rows[0]?.alert;
      await client.query(
        `INSERT INTO alerts (user_id, alert) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET alert = excluded.alert, updated_at = now()`,
        [next.user, JSON.stringify(next)],
      );
      return {
        result: isAlert(previous) ? previous : undefined,
        apply: () => this.alertMap.set(next.user, next),
      };
    });
  }

  async removeAlert(user: string): Promise<void> {
    await this.#change(async (client) => {
      const { rowCount } = await client.query("DELETE FROM alerts WHERE user_id = $1", [user]);
      return { result: undefined, apply: () => this.alertMap.delete(user), changed: !!rowCount };
    });
  }

  /**
   * Runs one change in a transaction that also notifies the other processes (only when it
   * changed something), then applies it to memory once committed.
   */
  #change<T>(
    work: (client: pg.PoolClient) => Promise<{ result: T; apply: () => void; changed?: boolean }>,
  ): Promise<T> {
    const next = this.#writing.then(async () => {
      const { result, apply } = await this.#db.transaction(async (client) => {
        const done = await work(client);
        if (done.changed !== false) {
          await client.query("SELECT pg_notify($1, '')", [SUBSCRIPTIONS_CHANNEL]);
        }
        return done;
      });
      apply();
      return result;
    });
    // A failed change must not wedge later ones; the caller still gets the error.
    this.#writing = next.catch(() => {});
    return next;
  }

  async #lockedChannel(
    client: pg.PoolClient,
    channel: string,
  ): Promise<ChannelSubscription | undefined> {
    const { rows } = await client.query<{ subscription: unknown }>(
      "SELECT subscription FROM subscriptions WHERE channel = $1 FOR UPDATE",
      [channel],
    );
    const sub = rows[0]?.subscription;
    return isChannelSubscription(sub) && sub.channel === channel ? sub : undefined;
  }

  /** Memory takes what the database said, which may be newer than the last reload. */
  #remember(channel: string, sub: ChannelSubscription | undefined): void {
    if (sub) this.channelMap.set(channel, sub);
    else this.channelMap.delete(channel);
  }

  #unusable(table: string, key: string, id: string): void {
    this.#log.error(
      { database: this.#db.where, table, [key]: id },
      `The ${table} row ${key}=${JSON.stringify(id)} in ${this.#db.where} does not have the right shape: it is left out until it is repaired or set again`,
    );
  }
}

function upsertChannel(client: pg.PoolClient, sub: ChannelSubscription) {
  return client.query(
    `INSERT INTO subscriptions (channel, subscription) VALUES ($1, $2)
     ON CONFLICT (channel) DO UPDATE SET subscription = excluded.subscription, updated_at = now()`,
    [sub.channel, JSON.stringify(sub)],
  );
}
