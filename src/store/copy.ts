/**
 * `essay-bot store copy`: a file store (DATA_DIR) into Postgres, announce state included, so the
 * bots that start on the database post nothing that was already posted. All of it goes in one
 * transaction: a copy that fails or is refused writes nothing.
 *
 * A database that already holds essay-bot state is refused (it would mix two bots' records of
 * what was announced), except when it holds exactly what the files hold (an earlier copy of
 * them: nothing to do, so a second run is harmless) or with `merge`, which adds only what is
 * missing and never changes a row the database has.
 */
import { stat } from "node:fs/promises";
import type pg from "pg";
import { type Logger, silentLogger } from "../logger.js";
import { AnnounceState } from "./announce-state.js";
import { lockDataDir } from "./data-dir-lock.js";
import { DigestWeeks } from "./digest-weeks.js";
import type { EssayStore, StoreProblem } from "./essay-store.js";
import { FileEssayStore } from "./file-essay-store.js";
import { FileSubscriptionStore } from "./file-subscription-store.js";
import { type Database, openDatabase } from "./postgres/database.js";
import { lockForVersions, putEssays } from "./postgres/essay-store.js";
import { migrate } from "./postgres/migrations.js";
import type { SubscriptionStore } from "./subscription-store.js";

/** Bodies read at once: memory holds a batch, never the archive. */
const BATCH = 200;

export interface CopySource {
  essays: EssayStore;
  announce: Pick<AnnounceState, "targets" | "recovered">;
  subscriptions: SubscriptionStore;
  digestWeeks: Pick<DigestWeeks, "entries">;
}

export type CopyCounts = Record<Table, number>;

export interface CopyReport {
  /** "copied" into an empty database; "already" there (nothing written); "merged". */
  outcome: "copied" | "already" | "merged";
  /** What the source holds. */
  source: CopyCounts;
  /** Rows written (with "merged", the rest were already there and were left as they are). */
  written: CopyCounts;
  /** Essay records in the source that could not be read (set aside, not copied). */
  problems: StoreProblem[];
}

/** The database holds essay-bot state of its own: nothing was written. */
export class CopyRefused extends Error {
  override readonly name = "CopyRefused";
}

const TABLES = [
  "essays",
  "announce_targets",
  "announcements",
  "subscriptions",
  "alerts",
  "digest_weeks",
] as const;
type Table = (typeof TABLES)[number];

/** Copies `from` into the (migrated) database `to`; see the top of this file for the rules. */
export async function copyStores(
  from: CopySource,
  to: Database,
  opts: { merge?: boolean } = {},
): Promise<CopyReport> {
  if (from.announce.recovered) {
    throw new CopyRefused(
      "The announce state in DATA_DIR was unusable (it was moved aside): copying would lose the record of what was posted, and the bots on the database could post it again. Restore announce-state.json from a backup, or start the bot on the files once so it takes a fresh baseline, then copy.",
    );
  }
  const { records, problems } = await from.essays.loadAll();
  const targets = [...from.announce.targets()];
  const source: CopyCounts = {
    essays: records.length,
    announce_targets: targets.length,
    announcements: targets.reduce((n, t) => n + t.entries.length, 0),
    subscriptions: from.subscriptions.channels().length,
    alerts: from.subscriptions.alerts().length,
    digest_weeks: from.digestWeeks.entries().length,
  };
  return to.transaction(async (client) => {
    // Essays take their versions under the writers' lock, as every essay write does.
    await lockForVersions(client);
    const before = await countRows(client);
    const written: CopyCounts = {
      essays: 0,
      announce_targets: 0,
      announcements: 0,
      subscriptions: 0,
      alerts: 0,
      digest_weeks: 0,
    };
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = await Promise.all(
        records.slice(i, i + BATCH).map(async (record) => {
          const body = await from.essays.readBody(record.head.id);
          return body === undefined ? { record } : { record, body };
        }),
      );
      written.essays += await putEssays(client, batch, "keep");
    }
    written.announce_targets = await insert(
      client,
      `INSERT INTO announce_targets (target, since, feeds)
       SELECT target, since, ARRAY(SELECT json_array_elements_text(feeds))
       FROM unnest($1::text[], $2::text[], $3::json[]) AS t(target, since, feeds)
       ON CONFLICT DO NOTHING`,
      [
        targets.map((t) => t.target),
        targets.map((t) => t.since),
        targets.map((t) => json(t.feeds)),
      ],
    );
    const entries = targets.flatMap((t) =>
      t.entries.map(([id, e]) => ({ target: t.target, id, e })),
    );
    for (let i = 0; i < entries.length; i += 5_000) {
      const batch = entries.slice(i, i + 5_000);
      written.announcements += await insert(
        client,
        `INSERT INTO announcements (target, essay_id, state, link, title, at, ts, covers)
         SELECT target, essay_id, state, link, title, at, ts,
                CASE WHEN covers IS NULL THEN NULL
                     ELSE ARRAY(SELECT json_array_elements_text(covers)) END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                     $7::text[], $8::json[])
           AS t(target, essay_id, state, link, title, at, ts, covers)
         ON CONFLICT DO NOTHING`,
        [
          batch.map((x) => x.target),
          batch.map((x) => x.id),
          batch.map((x) => x.e.state),
          batch.map((x) => x.e.link),
          batch.map((x) => x.e.title ?? null),
          batch.map((x) => x.e.at),
          batch.map((x) => x.e.ts ?? null),
          batch.map((x) => (x.e.covers ? json(x.e.covers) : null)),
        ],
      );
    }
    const subs = from.subscriptions.channels();
    written.subscriptions = await insertPairs(
      client,
      "subscriptions (channel, subscription)",
      "json",
      [subs.map((sub) => sub.channel), subs.map(json)],
    );
    const alerts = from.subscriptions.alerts();
    written.alerts = await insertPairs(client, "alerts (user_id, alert)", "json", [
      alerts.map((a) => a.user),
      alerts.map(json),
    ]);
    const weeks = from.digestWeeks.entries();
    written.digest_weeks = await insertPairs(client, "digest_weeks (target, week)", "text", [
      weeks.map(([t]) => t),
      weeks.map(([, w]) => w),
    ]);

    const held = TABLES.filter((t) => before[t] > 0);
    if (held.length === 0) return { outcome: "copied", source, written, problems };
    if (opts.merge) return { outcome: "merged", source, written, problems };
    const same = TABLES.every((t) => written[t] === 0 && before[t] === source[t]);
    if (same) return { outcome: "already", source, written, problems };
    // Thrown inside the transaction: what was inserted above is rolled back.
    throw new CopyRefused(
      `The database at ${to.where} already holds essay-bot state that is not this DATA_DIR's (${describeCounts(before)}): a bot already uses it, or something else was copied there. Copying into it could post an essay twice or lose what was posted, so nothing was written. Point it at an empty database, or run again with --merge to add what is missing and keep every row it holds.`,
    );
  });
}

/**
 * The whole verb: takes the DATA_DIR lock (a running bot must not change the files mid-copy),
 * opens the file stores and the database, migrates it, copies, and lets go of everything.
 */
export async function copyDataDir(
  dataDir: string,
  databaseUrl: string,
  opts: { merge?: boolean; log?: Logger } = {},
): Promise<CopyReport & { where: string }> {
  const log = opts.log ?? silentLogger;
  // Taking the lock would create the directory: a mistyped --from must say so, not copy nothing.
  if (!(await isDirectory(dataDir))) {
    throw new CopyRefused(
      `${dataDir} is not a directory: give --from the DATA_DIR the bot ran with (default ./data).`,
    );
  }
  const lock = await lockDataDir(dataDir, { log });
  const db = openDatabase(databaseUrl, { log, max: 2 });
  try {
    const source: CopySource = {
      essays: await FileEssayStore.open(dataDir, { log }),
      announce: await AnnounceState.open(dataDir, log),
      subscriptions: await FileSubscriptionStore.open(dataDir, { log }),
      digestWeeks: await DigestWeeks.open(dataDir, log),
    };
    await migrate(db);
    const report = await copyStores(source, db, opts);
    return { ...report, where: db.where };
  } finally {
    await db.close().catch(() => {});
    await lock.release();
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** "12 essays, announce state of 2 targets (30 entries), 3 subscriptions, 1 alert, 1 digest week". */
export function describeCounts(c: CopyCounts): string {
  const n = (count: number, one: string, many = `${one}s`) =>
    `${count} ${count === 1 ? one : many}`;
  return [
    n(c.essays, "essay"),
    `announce state of ${n(c.announce_targets, "target")} (${n(c.announcements, "entry", "entries")})`,
    n(c.subscriptions, "channel subscription"),
    n(c.alerts, "personal alert"),
    n(c.digest_weeks, "digest week"),
  ].join(", ");
}

async function countRows(client: pg.PoolClient): Promise<CopyCounts> {
  const { rows } = await client.query<CopyCounts>(
    `SELECT ${TABLES.map((t) =>
      t === "essays"
        ? "(SELECT count(*)::int FROM essays WHERE NOT removed) AS essays"
        : `(SELECT count(*)::int FROM ${t}) AS ${t}`,
    ).join(", ")}`,
  );
  return rows[0] as CopyCounts;
}

async function insert(client: pg.PoolClient, sql: string, params: unknown[]): Promise<number> {
  const result = await client.query(sql, params);
  return result.rowCount ?? 0;
}

/** Rows of (text key, value) into `into`, "table (key, value)", keeping any already there. */
function insertPairs(
  client: pg.PoolClient,
  into: string,
  valueType: "text" | "json",
  [keys, values]: [string[], string[]],
) {
  return insert(
    client,
    `INSERT INTO ${into} SELECT * FROM unnest($1::text[], $2::${valueType}[]) ON CONFLICT DO NOTHING`,
    [keys, values],
  );
}

function json(value: unknown): string {
  return JSON.stringify(value);
}
