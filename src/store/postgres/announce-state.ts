/**
 * Announce state in Postgres, for several processes sharing one database. Read whole into memory
 * when a run starts (another process may have led the last one); each save writes the changes
 * since the last save in ONE transaction, so a pending mark is either stored or not.
 *
 * Exactly once holds in the database too, not only in this process's memory:
 * - With a fence (the leader lease), a save first proves this process still leads: a deposed
 *   leader's pending mark is refused, so it never posts.
 * - An entry the database holds as announced is never overwritten by pending or seen, nor
 *   deleted. A pending mark that does not take because the essay is already announced there
 *   fails the save (the post must not be sent); memory takes the database's word for it.
 */
import type pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";
import type { AnnounceEntry, EntryState } from "../announce-ledger.js";
import { type AnnounceChange, MemoryLedger, type TargetRecord } from "../announce-memory.js";
import { StoreError } from "../errors.js";
import { type Database, databaseProblem } from "./database.js";
import { assertFence, type Fence, LeaseLost } from "./lease.js";

/** A pending mark found the essay already announced in the database: do not post it. */
export class AlreadyAnnounced extends Error {
  override readonly name = "AlreadyAnnounced";
  /** [target, essay id] of each. */
  readonly entries: [string, string][];

  constructor(entries: [string, string][]) {
    const names = entries.map(([target, id]) => `${id} in ${target}`).join(", ");
    super(`Already announced according to the database, so not posted again: ${names}.`);
    this.entries = entries;
  }
}

export interface PgAnnounceStateOptions {
  /** The lease this process must hold for a save to count (undefined from it: not leading). */
  fence?: () => Fence | undefined;
  log?: Logger;
  /**
   * Read only these targets' rows (a subscription's baseline): the whole state runs to hundreds
   * of thousands of rows, too slow for Slack's 3 s. The ledger refuses any other target, and a
   * save touches only these.
   */
  targets?: readonly string[];
}

interface EntryRow {
  target: string;
  essay_id: string;
  state: EntryState;
  link: string;
  title: string | null;
  at: string;
  ts: string | null;
  covers: string[] | null;
}

const UPSERT_ENTRIES = `
  INSERT INTO announcements AS a (target, essay_id, state, link, title, at, ts, covers)
  SELECT target, essay_id, state, link, title, at, ts,
         CASE WHEN covers IS NULL THEN NULL
              ELSE ARRAY(SELECT json_array_elements_text(covers::json)) END
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
              $7::text[], $8::text[])
       AS e(target, essay_id, state, link, title, at, ts, covers)
  ON CONFLICT (target, essay_id) DO UPDATE
    SET state = excluded.state, link = excluded.link, title = excluded.title,
        at = excluded.at, ts = excluded.ts, covers = excluded.covers
    WHERE a.state <> 'announced' OR excluded.state = 'announced'
  RETURNING target, essay_id`;

export class PgAnnounceState extends MemoryLedger {
  readonly recovered = false;
  readonly #db: Database;
  readonly #fence: (() => Fence | undefined) | undefined;
  readonly #log: Logger;

  private constructor(
    db: Database,
    targets: Record<string, TargetRecord>,
    opts: PgAnnounceStateOptions,
  ) {
    super(targets, opts.targets);
    this.#db = db;
    this.#fence = opts.fence;
    this.#log = opts.log ?? silentLogger;
  }

  /** Everything the database holds now (or `opts.targets`' part of it), as one consistent snapshot. */
  static async open(db: Database, opts: PgAnnounceStateOptions = {}): Promise<PgAnnounceState> {
    const only = opts.targets ? [[...opts.targets]] : [];
    const where = opts.targets ? " WHERE target = ANY($1::text[])" : "";
    const targets = await guard(db, () =>
      db.transaction(async (client) => {
        await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const found: Record<string, TargetRecord> = Object.create(null);
        const { rows } = await client.query<{ target: string; since: string; feeds: string[] }>(
          `SELECT target, since, feeds FROM announce_targets${where}`,
          only,
        );
        for (const { target, since, feeds } of rows) {
          found[target] = { since, feeds, entries: Object.create(null) };
        }
        const entries = await client.query<EntryRow>(
          `SELECT target, essay_id, state, link, title, at, ts, covers FROM announcements${where}`,
          only,
        );
        for (const row of entries.rows) {
          const record = found[row.target];
          if (record) record.entries[row.essay_id] = toEntry(row);
        }
        return found;
      }),
    );
    return new PgAnnounceState(db, targets, opts);
  }

  protected async write(changes: readonly AnnounceChange[]): Promise<void> {
    const { inits, feeds, sets, forgets } = netChanges(changes);
    const refused = await guard(this.#db, () =>
      this.#db.transaction(async (client) => {
        if (this.#fence) await assertFence(client, this.#fence());
        if (inits.length > 0) {
          await client.query(
            `INSERT INTO announce_targets (target, since)
             SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (target) DO NOTHING`,
            [inits.map((i) => i.c), inits.map((i) => i.init)],
          );
        }
        for (const { c, feed } of feeds) {
          await client.query(
            `UPDATE announce_targets SET feeds = array_append(feeds, $2)
             WHERE target = $1 AND NOT ($2 = ANY (feeds))`,
            [c, feed],
          );
        }
        if (forgets.length > 0) {
          // An announced row stays: forgetting it could only ever lead to posting it twice.
          await client.query(
            `DELETE FROM announcements a USING unnest($1::text[], $2::text[]) AS f(target, essay_id)
             WHERE a.target = f.target AND a.essay_id = f.essay_id AND a.state <> 'announced'`,
            [forgets.map((f) => f.c), forgets.map((f) => f.forget)],
          );
        }
        return sets.length === 0 ? [] : await upsertEntries(client, sets);
      }),
    );
    if (refused.length > 0) {
      // The rest was stored; memory now says what the database says about these.
      await this.#adoptFromDatabase(refused).catch((err: unknown) =>
        this.#log.warn({ err }, "Could not read back announcements refused by the database"),
      );
      throw new AlreadyAnnounced(refused);
    }
  }

  /** A refused pending mark is final (the essay is announced): keeping it would fail every save. */
  protected override keepAfterFailure(changes: AnnounceChange[], err: unknown): AnnounceChange[] {
    return err instanceof AlreadyAnnounced ? [] : changes;
  }

  async #adoptFromDatabase(keys: [string, string][]): Promise<void> {
    const { rows } = await this.#db.pool.query<EntryRow>(
      `SELECT a.target, a.essay_id, a.state, a.link, a.title, a.at, a.ts, a.covers
       FROM announcements a JOIN unnest($1::text[], $2::text[]) AS k(target, essay_id)
         ON a.target = k.target AND a.essay_id = k.essay_id`,
      [keys.map(([t]) => t), keys.map(([, id]) => id)],
    );
    for (const row of rows) this.adopt({ c: row.target, id: row.essay_id, entry: toEntry(row) });
  }
}

/** Upserts entries; returns the pending marks the database refused (already announced there). */
async function upsertEntries(
  client: pg.ClientBase,
  sets: { c: string; id: string; entry: AnnounceEntry }[],
): Promise<[string, string][]> {
  const column = <T>(pick: (e: AnnounceEntry) => T) => sets.map((s) => pick(s.entry));
  const { rows } = await client.query<{ target: string; essay_id: string }>(UPSERT_ENTRIES, [
    sets.map((s) => s.c),
    sets.map((s) => s.id),
    column((e) => e.state),
    column((e) => e.link),
    column((e) => e.title ?? null),
    column((e) => e.at),
    column((e) => e.ts ?? null),
    column((e) => (e.covers ? JSON.stringify(e.covers) : null)),
  ]);
  const stored = new Set(rows.map((r) => keyOf(r.target, r.essay_id)));
  return sets
    .filter((s) => s.entry.state === "pending" && !stored.has(keyOf(s.c, s.id)))
    .map((s): [string, string] => [s.c, s.id]);
}

/**
 * What the changes come to: targets and feeds in order, and each entry's last word (set or
 * forget), so one statement can carry each kind.
 */
function netChanges(changes: readonly AnnounceChange[]) {
  const inits: { c: string; init: string }[] = [];
  const feeds: { c: string; feed: string }[] = [];
  const last = new Map<
    string,
    { c: string; id: string; entry: AnnounceEntry } | { c: string; forget: string }
  >();
  for (const change of changes) {
    if ("init" in change) inits.push(change);
    else if ("feed" in change) feeds.push(change);
    else if ("entry" in change) last.set(keyOf(change.c, change.id), change);
    else last.set(keyOf(change.c, change.forget), change);
  }
  const sets = [...last.values()].filter((c) => "entry" in c);
  const forgets = [...last.values()].filter((c) => "forget" in c);
  return { inits, feeds, sets, forgets };
}

const keyOf = (target: string, id: string) => JSON.stringify([target, id]);

function toEntry(row: EntryRow): AnnounceEntry {
  return {
    state: row.state,
    link: row.link,
    at: row.at,
    ...(row.ts === null ? {} : { ts: row.ts }),
    ...(row.title === null ? {} : { title: row.title }),
    ...(row.covers === null ? {} : { covers: row.covers }),
  };
}

/** Database errors name DATABASE_URL without its password; a lost lease stays a LeaseLost. */
async function guard<T>(db: Database, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof LeaseLost) throw err;
    throw new StoreError(db.where, databaseProblem(db.where, err), { cause: err });
  }
}
