/**
 * Whether the database answers, as the last query found: /healthz shows it, writes asked for
 * from Slack fail at once rather than after a connect timeout (Slack allows 3 s), and the log
 * says each change once rather than at every failed poll.
 */
import { type Logger, silentLogger } from "../../logger.js";
import type { StoreHealth } from "../stores.js";
import { databaseProblem } from "./database.js";

export class Reachability {
  readonly #where: string;
  readonly #log: Logger;
  #error: string | undefined;

  constructor(where: string, log: Logger = silentLogger) {
    this.#where = where;
    this.#log = log;
  }

  get reachable(): boolean {
    return this.#error === undefined;
  }

  ok(): void {
    if (this.#error === undefined) return;
    this.#error = undefined;
    this.#log.info({ database: this.#where }, "Postgres answers again");
  }

  failed(err: unknown): void {
    const first = this.#error === undefined;
    this.#error = databaseProblem(this.#where, err);
    if (first) {
      this.#log.error(
        { database: this.#where },
        `${this.#error}. Every process keeps answering from memory; the leader's jobs wait until it is back.`,
      );
    }
  }

  /** Runs `query`, noting whether the database answered. */
  async track<T>(query: () => Promise<T>): Promise<T> {
    try {
      const result = await query();
      this.ok();
      return result;
    } catch (err) {
      if (isUnreachable(err)) this.failed(err);
      throw err;
    }
  }

  health(): StoreHealth {
    return {
      database: this.#where,
      reachable: this.#error === undefined,
      ...(this.#error ? { error: this.#error } : {}),
    };
  }
}

/**
 * True for a failure to reach the database (refused, reset, timed out, shutting down), as
 * opposed to an answer it gave (a constraint, a fencing refusal), which says nothing about it
 * being up.
 */
export function isUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") {
    if (
      ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"].includes(
        code,
      )
    )
      return true;
    // Class 08: connection exceptions; 57P0x: the server is shutting down or starting up.
    if (code.startsWith("08") || code.startsWith("57P")) return true;
  }
  const message = err instanceof Error ? err.message : String(err);
  return /timeout|Connection terminated|connect ECONN|the database system is (starting|shutting)/i.test(
    message,
  );
}
