/**
 * One Postgres pool per process, shared by every store, and the one place that says where the
 * database is without its password (DATABASE_URL appears in logs, /healthz and errors only as
 * `postgres://user@host:port/db`).
 */
import pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";

export interface Database {
  readonly pool: pg.Pool;
  /** DATABASE_URL without its password. */
  readonly where: string;
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if not. */
  transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  log?: Logger;
  /** Connections in the pool. Default 5: the bot's queries are short and few. */
  max?: number;
  /** How long a connection attempt may take before it counts as "database down". Default 5 s. */
  connectTimeoutMs?: number;
}

export function openDatabase(url: string, opts: DatabaseOptions = {}): Database {
  const log = opts.log ?? silentLogger;
  const where = describeDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 5,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    // A statement stuck behind a lock or a dead server must not hold a job for ever.
    statement_timeout: 30_000,
    query_timeout: 35_000,
    keepAlive: true,
    application_name: "essay-bot",
  });
  // An idle connection that dies (the server restarted) is reported here; without a listener
  // the pool's 'error' event would end the process.
  pool.on("error", (err) => {
    log.warn({ database: where, err: { message: err.message } }, "A Postgres connection was lost");
  });
  return {
    pool,
    where,
    async transaction(work) {
      const client = await pool.connect();
      // pg-pool listens for a checked-out client's errors no more: a connection lost meanwhile
      // (the server restarted, the backend terminated) would be an 'error' nobody hears, which
      // ends the process. The work's next query rejects anyway; this only keeps us alive.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await work(client);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch((rollbackErr: Error) => {
          broken ??= rollbackErr;
        });
        throw err;
      } finally {
        client.off("error", onError);
        // A broken connection is discarded, not handed to the next transaction.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/** `postgres://user@host:port/db`: DATABASE_URL as logs and errors may show it. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    parsed.search = "";
    return parsed.toString();
  } catch {
    return "DATABASE_URL (not a URL)";
  }
}

/** A sentence for an error from the database, naming it without its password. */
export function databaseProblem(where: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | undefined)?.code;
  const down =
    code === "ECONNREFUSED" ||
    code === "ENOTFOUND" ||
    code === "ETIMEDOUT" ||
    code === "57P01" || // admin_shutdown
    code === "57P03" || // cannot_connect_now
    /timeout|terminat|Connection/i.test(message);
  return down
    ? `Postgres at ${where} (DATABASE_URL) cannot be reached: ${message}`
    : `Postgres at ${where} (DATABASE_URL) answered with an error: ${message}`;
}
