/**
 * The database's schema, as numbered migrations applied in order at start. Every process runs
 * `migrate` as it starts; a transaction-scoped advisory lock makes two processes starting
 * together take turns (the second finds the work done). Migrations only ever add: a rollback of
 * essay-bot keeps working on a schema one step newer only if that step is additive, and a schema
 * newer than the code knows is refused with a clear message rather than guessed at.
 */
import { StoreError } from "../errors.js";
import type { Database } from "./database.js";

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Any constant: the advisory lock key every essay-bot process agrees on for migrations. */
const MIGRATION_LOCK = 7_302_011_912;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "essays, subscriptions, announce state, digest weeks, leases",
    sql: `
      -- Every essay seen. record: the EssayRecord without its body (JSON as written);
      -- body: the HTML. version grows with every write, so another process can ask
      -- "what changed since version N" cheaply; a removed essay keeps its row as a tombstone
      -- (removed = true) so that question also answers removals.
      CREATE SEQUENCE essay_versions;
      CREATE TABLE essays (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        record json,
        body text,
        removed boolean NOT NULL DEFAULT false,
        version bigint NOT NULL DEFAULT nextval('essay_versions')
      );
      CREATE INDEX essays_by_version ON essays (version);

      -- Channel subscriptions (the ChannelSubscription as JSON) and personal alerts.
      CREATE TABLE subscriptions (
        channel text PRIMARY KEY,
        subscription json NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE alerts (
        user_id text PRIMARY KEY,
        alert json NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- Announce state per target (channel, or person for an alert): when its baseline was
      -- taken and which feeds are in it; then one row per essay (or flood summary) it knows.
      -- The primary key is the claim: one row per target and essay, ever.
      CREATE TABLE announce_targets (
        target text PRIMARY KEY,
        since text NOT NULL,
        feeds text[] NOT NULL DEFAULT '{}'
      );
      CREATE TABLE announcements (
        target text NOT NULL REFERENCES announce_targets (target),
        essay_id text NOT NULL,
        state text NOT NULL CHECK (state IN ('seen', 'pending', 'announced')),
        link text NOT NULL DEFAULT '',
        title text,
        at text NOT NULL,
        ts text,
        covers text[],
        PRIMARY KEY (target, essay_id)
      );

      CREATE TABLE digest_weeks (
        target text PRIMARY KEY,
        week text NOT NULL
      );

      -- Leadership: one row per lease. token grows with every new holder (a fencing token):
      -- a write made under an old token is refused.
      CREATE TABLE leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        token bigint NOT NULL,
        expires_at timestamptz NOT NULL
      );

      -- Index snapshots are not shared: each process keeps its own in its DATA_DIR.
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Applies the migrations this database lacks; returns the versions before and after. */
export async function migrate(db: Database): Promise<{ from: number; to: number }> {
  return db.transaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS essay_bot_schema (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ v: number | null }>(
      "SELECT max(version) AS v FROM essay_bot_schema",
    );
    const from = rows[0]?.v ?? 0;
    if (from > SCHEMA_VERSION) {
      throw new StoreError(
        db.where,
        `The database at ${db.where} (DATABASE_URL) has essay-bot schema version ${from}, newer than this essay-bot knows (${SCHEMA_VERSION}): it was set up by a newer release. Run that release (or newer), or point DATABASE_URL at another database.`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= from) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO essay_bot_schema (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
    }
    return { from, to: Math.max(from, SCHEMA_VERSION) };
  });
}
