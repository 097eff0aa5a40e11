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
   * have led the last one. `targets`: a database reads only theirs (a subscription's
   * baseline), and the ledger refuses any other; files ignore it (all is in memory already).
   */
  announceState(targets?: readonly string[]): Promise<AnnounceLedger>;
  digestWeeks(): Promise<DigestWeekLog>;
  /** Which process runs the scheduled jobs: with files, always this one (the DATA_DIR lock). */
  readonly leadership: Leadership;
  /**
   * Only on a shared store: calls `onEssays` whenever another process may have stored essays
   * (a notification, or a poll every few seconds as a fallback), until the returned function is
   * called. Subscriptions keep themselves current the same way, inside the store.
   */
  follow?(onEssays: () => void): () => void;
  /** Only on a shared store: whether the database answers, for /healthz and the logs. */
  health?(): StoreHealth;
  /** Releases what the stores hold (the DATA_DIR lock, the lease, the database pool). */
  close(): Promise<void>;
}

/** Which process runs the scheduled refresh, announcements and digests. */
export interface Leadership {
  isLeader(): boolean;
  /**
   * The current term's signal, aborted the moment this process stops leading (its lease lost,
   * the database unreachable, a stop), so a running job winds down before another process can
   * start one. Undefined while this process does not lead.
   */
  term(): AbortSignal | undefined;
  /**
   * Called each time this process becomes the leader (and at once if it leads now), e.g. to run
   * the jobs at once.
   */
  onGain(listener: () => void): void;
  /** For /healthz `leadership`. */
  status(): object;
}

export interface StoreHealth {
  /** DATABASE_URL without its password. */
  database: string;
  reachable: boolean;
  /** The last failure, while the database is unreachable. */
  error?: string;
}

/** With files only one process may run (the DATA_DIR lock): it always leads. */
export function soleLeadership(): Leadership {
  const term = new AbortController().signal;
  return {
    isLeader: () => true,
    term: () => term,
    onGain: (listener) => listener(),
    status: () => ({ leader: true, reason: "files in DATA_DIR: one process" }),
  };
}
