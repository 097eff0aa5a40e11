/**
 * The ISO week each weekly digest last went out in, per channel, in Postgres: read once at open
 * (the bundle opens it afresh for each digest run, since another process may have led the last),
 * and each set() upserted before memory takes it, so a failed write throws and changes nothing.
 */
import type { DigestWeekLog } from "../announce-ledger.js";
import type { Database } from "./database.js";

export class PgDigestWeeks implements DigestWeekLog {
  readonly #db: Database;
  readonly #weeks: Map<string, string>;

  private constructor(db: Database, weeks: Map<string, string>) {
    this.#db = db;
    this.#weeks = weeks;
  }

  static async open(db: Database): Promise<PgDigestWeeks> {
    const { rows } = await db.pool.query<{ target: string; week: string }>(
      "SELECT target, week FROM digest_weeks",
    );
    return new PgDigestWeeks(db, new Map(rows.map((r) => [r.target, r.week])));
  }

  week(target: string): string | undefined {
    return this.#weeks.get(target);
  }

  async set(target: string, week: string): Promise<void> {
    if (this.#weeks.get(target) === week) return;
    await this.#db.pool.query(
      `INSERT INTO digest_weeks (target, week) VALUES ($1, $2)
       ON CONFLICT (target) DO UPDATE SET week = excluded.week`,
      [target, week],
    );
    this.#weeks.set(target, week);
  }
}
