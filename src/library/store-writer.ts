/**
 * Saves what a refresh changed. A save that fails (disk full, database down) keeps what it could
 * not write and writes it with the next one, while the essays stay served from memory: nothing
 * merged from a feed is lost because the store was briefly unavailable. Unless the lease it
 * wrote under is lost: then another process leads and stores the feeds itself, and the backlog
 * is dropped.
 */
import type { Logger } from "../logger.js";
import { LeaseLost } from "../store/errors.js";
import type { EssayRecord, EssayStore } from "../store/essay-store.js";

export class StoreWriter {
  readonly #store: EssayStore;
  readonly #log: Logger;
  readonly #unsaved = new Map<string, { record: EssayRecord; body?: string }>();
  readonly #unsavedRemovals = new Set<string>();

  constructor(store: EssayStore, log: Logger) {
    this.#store = store;
    this.#log = log;
  }

  /** Writes these (and whatever an earlier save could not); a failure comes back as a sentence. */
  async save(
    put: readonly { record: EssayRecord; body?: string }[],
    removed: readonly string[],
  ): Promise<string | undefined> {
    for (const item of put) {
      const earlier = this.#unsaved.get(item.record.head.id);
      // A body not yet saved must survive a later save of the same record without one.
      this.#unsaved.set(item.record.head.id, { ...item, body: item.body ?? earlier?.body });
      // Back in the feed after a removal not yet saved: the write would put it, then tombstone it.
      this.#unsavedRemovals.delete(item.record.head.id);
    }
    for (const id of removed) {
      this.#unsaved.delete(id);
      this.#unsavedRemovals.add(id);
    }
    if (this.#unsaved.size === 0 && this.#unsavedRemovals.size === 0) return undefined;
    const change = { put: [...this.#unsaved.values()], remove: [...this.#unsavedRemovals] };
    try {
      await this.#store.write(change);
      this.#unsaved.clear();
      this.#unsavedRemovals.clear();
      return undefined;
    } catch (err) {
      if (err instanceof LeaseLost) {
        // The next leader fetches the feeds and stores them itself; this backlog, written when
        // this process leads again (hours later, perhaps), would overwrite newer rows.
        this.#log.info(
          { essays: change.put.length, removed: change.remove.length },
          "This process no longer leads: what its last refresh brought in was not saved and is dropped",
        );
        this.#unsaved.clear();
        this.#unsavedRemovals.clear();
        return undefined;
      }
      const message = `Could not save essays to the store (${err instanceof Error ? err.message : String(err)}); they are served from memory and saved again at the next refresh.`;
      this.#log.error({ err, essays: change.put.length }, message);
      return message;
    }
  }
}
