/**
 * Essays in Postgres, shared by every process: one row per essay (record as JSON, body as text),
 * and a version from a sequence on every write, so a process that did not write can ask what
 * changed since the last version it saw (`changesSince`) and hear that something did (`onChange`,
 * LISTEN/NOTIFY). A removed essay stays as a tombstone row, so removals are changes too. No index
 * snapshot is kept in the database: each process keeps its own in its DATA_DIR (`snapshotDir`).
 */
import type pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";
import type { EssayRecord, EssayStore, StoreProblem } from "../essay-store.js";
import { readIndexSnapshotFile, writeIndexSnapshotFile } from "../index-snapshot-file.js";
import { recordProblem } from "../record-shape.js";
import type { Database } from "./database.js";
import { assertFence, type Fence } from "./lease.js";
import { type ListenOptions, listen } from "./listener.js";

export const ESSAYS_CHANNEL = "essay_bot_essays";

/** Rows per INSERT: bodies are tens of kB, and one statement should stay a few MB. */
const BATCH = 200;

export interface PgEssayStoreOptions {
  log?: Logger;
  listen?: Omit<ListenOptions, "log">;
  /**
   * With it, every write first proves in its transaction that this process still leads (as the
   * announce state's saves do): a deposed leader waking up late cannot overwrite what the next
   * one stored. Undefined from it (not leading) refuses the write with LeaseLost.
   */
  fence?: () => Fence | undefined;
  /** The process's own DATA_DIR, where it keeps its saved search index; none without it. */
  snapshotDir?: string;
}

interface EssayRow {
  id: string;
  record: unknown;
  removed: boolean;
  version: string;
}

export class PgEssayStore implements EssayStore {
  readonly kind = "postgres";
  readonly #db: Database;
  readonly #log: Logger;
  readonly #listen: Omit<ListenOptions, "log">;
  readonly #fence: (() => Fence | undefined) | undefined;
  readonly readIndexSnapshot?: () => Promise<Uint8Array | undefined>;
  readonly writeIndexSnapshot?: (chunks: readonly Uint8Array[]) => Promise<void>;

  private constructor(db: Database, opts: PgEssayStoreOptions) {
    this.#db = db;
    this.#log = opts.log ?? silentLogger;
    this.#listen = opts.listen ?? {};
    this.#fence = opts.fence;
    const dir = opts.snapshotDir;
    if (dir !== undefined) {
      this.readIndexSnapshot = () => readIndexSnapshotFile(dir);
      this.writeIndexSnapshot = (chunks) => writeIndexSnapshotFile(dir, chunks);
    }
  }

  /** The store on a migrated database; nothing is read until `loadAll`. */
  static async open(db: Database, opts: PgEssayStoreOptions = {}): Promise<PgEssayStore> {
    return new PgEssayStore(db, opts);
  }

  async loadAll(): Promise<{ records: EssayRecord[]; problems: StoreProblem[] }> {
    const { records, problems } = await this.changesSince(undefined);
    return { records, problems };
  }

  async readBody(id: string): Promise<string | undefined> {
    const { rows } = await this.#db.pool.query<{ body: string | null }>(
      "SELECT body FROM essays WHERE id = $1 AND NOT removed",
      [id],
    );
    return rows[0]?.body ?? undefined;
  }

  async write(change: {
    put: readonly { record: EssayRecord; body?: string }[];
    remove?: readonly string[];
  }): Promise<void> {
    const remove = change.remove ?? [];
    if (change.put.length === 0 && remove.length === 0) return;
    await this.#db.transaction(async (client) => {
      if (this.#fence) await assertFence(client, this.#fence());
      await lockForVersions(client);
      await putEssays(client, change.put, "replace");
      if (remove.length > 0) {
        await client.query(
          `UPDATE essays SET removed = true, record = NULL, body = NULL,
             version = nextval('essay_versions')
           WHERE id = ANY($1::text[]) AND NOT removed`,
          [remove],
        );
      }
      // Delivered at commit, and only if it commits.
      await client.query("SELECT pg_notify($1, '')", [ESSAYS_CHANNEL]);
    });
  }

  async changesSince(mark: string | undefined): Promise<{
    mark: string;
    records: EssayRecord[];
    removed: string[];
    problems: StoreProblem[];
  }> {
    const since = mark !== undefined && /^\d+$/.test(mark) ? mark : undefined;
    // Every write takes its versions under lockForVersions, so once version V is visible every
    // smaller version that will ever commit already has: nothing below the mark can appear later.
    const { rows } = await this.#db.pool.query<EssayRow>(
      since === undefined
        ? "SELECT id, record, removed, version::text FROM essays ORDER BY seq, id"
        : "SELECT id, record, removed, version::text FROM essays WHERE version > $1 ORDER BY seq, id",
      since === undefined ? [] : [since],
    );
    let top = BigInt(since ?? "0");
    const records: EssayRecord[] = [];
    const removed: string[] = [];
    const problems: StoreProblem[] = [];
    for (const row of rows) {
      const version = BigInt(row.version);
      if (version > top) top = version;
      if (row.removed) {
        if (since !== undefined) removed.push(row.id);
        continue;
      }
      const shape = recordProblem(row.record);
      const mismatch =
        shape ??
        ((row.record as EssayRecord).head.id === row.id
          ? undefined
          : "head.id is not the row's id");
      if (mismatch === undefined) {
        records.push(row.record as EssayRecord);
        continue;
      }
      const where = `essays row id=${JSON.stringify(row.id)} in ${this.#db.where}`;
      problems.push({
        where,
        message: `The ${where} is not an essay record: ${mismatch}. It was skipped; the feed brings the essay back (and rewrites the row) if it still lists it.`,
      });
    }
    for (const p of problems) this.#log.error({ where: p.where }, p.message);
    return { mark: top.toString(), records, removed, problems };
  }

  onChange(listener: () => void): () => void {
    return listen(this.#db, ESSAYS_CHANNEL, listener, { ...this.#listen, log: this.#log });
  }
}

/**
 * Writers take turns for their versions. Without this, a writer could take version 5, a second
 * version 6 and commit first, and a reader at that moment would move its mark to 6 and never see
 * 5. SHARE ROW EXCLUSIVE conflicts with itself (and with other writes), not with plain reads, so
 * readers never wait; writes of essays are rare and short (one refresh at a time, by the leader).
 */
export async function lockForVersions(client: pg.PoolClient): Promise<void> {
  await client.query("LOCK TABLE essays IN SHARE ROW EXCLUSIVE MODE");
}

/**
 * Upserts essays, each with a new version. "replace": a row already there takes the new record
 * (and the new body, or keeps its old one when none is given); "keep": a live row already there
 * stays as it is (copying a file store into a database that has some of it). Resolves with the number
 * of rows written. The caller holds lockForVersions.
 */
export async function putEssays(
  client: pg.PoolClient,
  put: readonly { record: EssayRecord; body?: string }[],
  existing: "replace" | "keep",
): Promise<number> {
  // One row per id, the last given winning: one statement cannot touch a row twice.
  const byId = new Map(put.map((p) => [p.record.head.id, p]));
  const all = [...byId.values()];
  const update = `DO UPDATE SET seq = excluded.seq, record = excluded.record,
    body = coalesce(excluded.body, essays.body), removed = false, version = excluded.version`;
  // "keep" still fills a tombstone: a removed essay is not one the database holds.
  const onConflict = existing === "keep" ? `${update} WHERE essays.removed` : update;
  let written = 0;
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const result = await client.query(
      `INSERT INTO essays (id, seq, record, body, removed, version)
       SELECT id, seq, record, body, false, nextval('essay_versions')
       FROM unnest($1::text[], $2::bigint[], $3::json[], $4::text[]) AS t(id, seq, record, body)
       ON CONFLICT (id) ${onConflict}`,
      [
        batch.map((p) => p.record.head.id),
        batch.map((p) => p.record.seq),
        batch.map((p) => JSON.stringify(p.record)),
        batch.map((p) => p.body ?? null),
      ],
    );
    written += result.rowCount ?? 0;
  }
  return written;
}
