/**
 * A store that keeps everything in memory and writes nothing: for the CLI (which must never
 * touch DATA_DIR, so it can run beside a live bot) and for tests.
 */
import type { EssayRecord, EssayStore, StoreProblem } from "./essay-store.js";

export class MemoryEssayStore implements EssayStore {
  readonly kind = "memory";
  readonly #records = new Map<string, EssayRecord>();
  readonly #bodies = new Map<string, string>();

  async loadAll(): Promise<{ records: EssayRecord[]; problems: StoreProblem[] }> {
    const records = [...this.#records.values()].map((r) => structuredClone(r));
    return { records: records.sort((a, b) => a.seq - b.seq), problems: [] };
  }

  async readBody(id: string): Promise<string | undefined> {
    return this.#bodies.get(id);
  }

  async write(change: {
    put: readonly { record: EssayRecord; body?: string }[];
    remove?: readonly string[];
  }): Promise<void> {
    for (const { record, body } of change.put) {
      this.#records.set(record.head.id, structuredClone(record));
      if (body !== undefined) this.#bodies.set(record.head.id, body);
    }
    for (const id of change.remove ?? []) {
      this.#records.delete(id);
      this.#bodies.delete(id);
    }
  }
}
