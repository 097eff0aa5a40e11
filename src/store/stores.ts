/**
 * Everything a bot process keeps, as one bundle: files in DATA_DIR for one process (the default,
 * file-stores.ts) or one Postgres database shared by several (postgres/stores.ts). The bot, the
 * jobs and the Slack layer see only these interfaces.
 */
import type { AnnounceLedger, DigestWeekLog } from "./announce-ledger.js";
import type { EssayStore } from "./essay-store.js";
import type { SubscriptionStore } from "./subscription-store.js";

export type StoreKind = "files" | "postgres";

export interface Stores {
  /** As /healthz reports it. */
  readonly kind: StoreKind;
  readonly essays: EssayStore;
  readonly subscriptions: SubscriptionStore;
  /**
   * The announce state to run with. Files keep one in memory for the life of the process (only
   * it writes them); a shared database is read afresh for each run, since another process may
   * have led the last one.
   */
  announceState(): Promise<AnnounceLedger>;
  digestWeeks(): Promise<DigestWeekLog>;
  /** Releases what the stores hold (the DATA_DIR lock, the database pool). */
  close(): Promise<void>;
}
