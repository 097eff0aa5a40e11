/**
 * The ISO week each weekly digest last went out in (DATA_DIR/digest-weeks.json), so a weekly
 * digest goes on the first digest run of each week and not again until the next one. Written
 * atomically; an unusable file is moved aside (the worst that follows is one extra digest).
 */
import { join } from "node:path";
import { type Logger, silentLogger } from "../logger.js";
import type { DigestWeekLog } from "./announce-ledger.js";
import { moveAside, readJson, writeFileAtomic } from "./atomic.js";
import { StoreError } from "./errors.js";

export class DigestWeeks implements DigestWeekLog {
  readonly #path: string;
  readonly #weeks: Map<string, string>;
  // One write at a time: digests of several channels finish side by side.
  #writing: Promise<void> = Promise.resolve();

  private constructor(path: string, weeks: Record<string, string>) {
    this.#path = path;
    this.#weeks = new Map(Object.entries(weeks));
  }

  static async open(
    dataDir: string,
    log: Logger = silentLogger,
    now = new Date(),
  ): Promise<DigestWeeks> {
    const path = join(dataDir, "digest-weeks.json");
    try {
      const raw = await readJson<{ version?: unknown; weeks?: unknown }>(path);
      if (raw === undefined) return new DigestWeeks(path, {});
      const weeks = raw.weeks;
      if (
        raw.version === 1 &&
        typeof weeks === "object" &&
        weeks !== null &&
        Object.values(weeks).every((w) => typeof w === "string")
      ) {
        return new DigestWeeks(path, weeks as Record<string, string>);
      }
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
    }
    const movedTo = await moveAside(path, now);
    log.error(
      { path, movedTo },
      "Digest weeks file was unusable: moved it aside and starting over",
    );
    return new DigestWeeks(path, {});
  }

  week(target: string): string | undefined {
    return this.#weeks.get(target);
  }

  /** Every channel's last digest week (for `essay-bot store copy`). */
  entries(): [string, string][] {
    return [...this.#weeks];
  }

  async set(target: string, week: string): Promise<void> {
    if (this.#weeks.get(target) === week) return;
    this.#weeks.set(target, week);
    const next = this.#writing.then(() => {
      const file = { version: 1, weeks: Object.fromEntries(this.#weeks) };
      return writeFileAtomic(this.#path, `${JSON.stringify(file)}\n`);
    });
    this.#writing = next.catch(() => {});
    await next;
  }
}

/** "2026-W48": the ISO 8601 week of `date` (UTC). */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - day); // the week's Thursday decides its year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}
