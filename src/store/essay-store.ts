/**
 * What the library asks of a store of essays. Files in DATA_DIR implement it today
 * (file-essay-store.ts); a database implementation takes the same shape, so the library never
 * knows which one it has.
 *
 * An essay is kept as two parts: its record (everything but the body, plus the split cache, read
 * at every start) and its body HTML (read only when the essay must be split again). A restart
 * therefore never parses HTML, and memory never holds the bodies.
 */
import { createHash } from "node:crypto";
import type { Essay } from "../feed/types.js";
import type { SplitCache } from "./split-cache.js";

/** An essay without its body: what the library keeps in memory. */
export type EssayHead = Omit<Essay, "html">;

export interface EssayRecord {
  head: EssayHead;
  /** sha256 of the body HTML: a changed body is noticed without keeping the body in memory. */
  bodyHash: string;
  /** When this bot first saw the essay (ISO). */
  firstSeen: string;
  /**
   * Order first seen. Essays load in this order, so ties (equal dates in `latest`, the same link
   * in two feeds) resolve the same way after a restart as before it.
   */
  seq: number;
  /** The split result (or why splitting failed) for exactly this content; absent when unknown. */
  split?: SplitCache;
}

/** A record that could not be read: set aside by the store, reported, never fatal. */
export interface StoreProblem {
  /** The file or row concerned. */
  where: string;
  /** A sentence saying what happened and what to do. */
  message: string;
}

export interface EssayStore {
  /** "files" or "postgres", as /healthz reports it. */
  readonly kind: string;
  /** Every record, in `seq` order. Unreadable ones are set aside and listed in `problems`. */
  loadAll(): Promise<{ records: EssayRecord[]; problems: StoreProblem[] }>;
  /** The body HTML of a stored essay, or undefined when it is missing. */
  readBody(id: string): Promise<string | undefined>;
  /**
   * Saves these records (and the bodies given for them), each on its own, and forgets the ids in
   * `remove`. Writes are proportional to what changed: one essay costs about its own size.
   */
  write(change: {
    put: readonly { record: EssayRecord; body?: string }[];
    remove?: readonly string[];
  }): Promise<void>;
  /**
   * The saved search index (a cache: losing it costs one build at the next start), where the
   * store keeps one; a store shared by several processes may keep none.
   */
  readIndexSnapshot?(): Promise<Uint8Array | undefined>;
  writeIndexSnapshot?(chunks: readonly Uint8Array[]): Promise<void>;
  /**
   * Only on a store several processes share: what was written since `mark` (by any process),
   * and the mark to pass next time. `mark` undefined: everything, as `loadAll` would. Records
   * come in `seq` order; `removed` lists ids written as removed since `mark`.
   */
  changesSince?(mark: string | undefined): Promise<{
    mark: string;
    records: EssayRecord[];
    removed: string[];
    problems: StoreProblem[];
  }>;
  /**
   * Only on a shared store: calls `listener` soon after another process may have written
   * (Postgres LISTEN/NOTIFY). Returns a function that stops listening. A missed notice costs
   * only time: callers also poll `changesSince`.
   */
  onChange?(listener: () => void): () => void;
}

/** The fingerprint of a body: sha256, base64url. */
export function hashBody(html: string): string {
  return createHash("sha256").update(html).digest("base64url");
}
