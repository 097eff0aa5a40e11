/**
 * LISTEN on one channel, on a connection of its own (a pooled connection goes back to the pool
 * and stops hearing). The database may be stopped and started under a running bot, so a lost
 * connection is reopened with backoff, and a reconnect counts as a notice: whatever was written
 * while it was down was not heard. Nothing here throws or emits an unhandled 'error'.
 */
import pg from "pg";
import { type Logger, silentLogger } from "../../logger.js";
import type { Database } from "./database.js";

export interface ListenOptions {
  log?: Logger;
  /** First wait before reconnecting; doubles up to `maxRetryMs`. Defaults 250 ms and 30 s. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Calls `onNotice` for every NOTIFY on `channel` and after each reconnect; returns stop. */
export function listen(
  db: Database,
  channel: string,
  onNotice: () => void,
  opts: ListenOptions = {},
): () => void {
  const log = opts.log ?? silentLogger;
  const firstRetry = opts.retryMs ?? 250;
  const maxRetry = opts.maxRetryMs ?? 30_000;
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let retry = firstRetry;
  let attempts = 0;

  const notify = () => {
    try {
      onNotice();
    } catch (err) {
      log.warn({ channel, err: { message: String(err) } }, "A change listener threw");
    }
  };

  const reconnectLater = (reason: string) => {
    if (stopped || timer) return;
    // Said once per outage (the reachability log says the database is down); each retry after
    // that only at debug, or a long outage would fill the log.
    log[retry === firstRetry ? "warn" : "debug"](
      { database: db.where, channel, retryInMs: retry, reason },
      "Lost the Postgres connection that listens for changes; reconnecting",
    );
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, retry);
    // A pending reconnect alone must not keep the process alive.
    timer.unref();
    retry = Math.min(retry * 2, maxRetry);
  };

  const connect = async () => {
    if (stopped) return;
    attempts++;
    // Idle for hours by design: TCP keepalive soon after the last packet is what notices a
    // server that vanished without closing the connection (a lost host, a dropped route).
    const current = new pg.Client({
      ...db.pool.options,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client = current;
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      current.removeAllListeners("notification");
      current.end().catch(() => {});
      if (client === current) client = undefined;
      reconnectLater(reason);
    };
    current.on("error", (err) => onLost(err.message));
    current.on("end", () => onLost("connection ended"));
    current.on("notification", (msg) => {
      if (msg.channel === channel) notify();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      onLost(err instanceof Error ? err.message : String(err));
      return;
    }
    if (stopped) {
      current.end().catch(() => {});
      return;
    }
    retry = firstRetry;
    // Anything written before this connection listened went unheard (only the very first
    // attempt starts with nothing to catch up on).
    if (attempts > 1) notify();
  };

  void connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const current = client;
    client = undefined;
    if (current) {
      current.removeAllListeners("notification");
      current.removeAllListeners("end");
      // Keep an 'error' listener: a late socket error after end() must not be unhandled.
      current.end().catch(() => {});
    }
  };
}
