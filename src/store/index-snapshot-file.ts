/**
 * The saved search index as a file in a process's own DATA_DIR: the file store keeps it beside
 * essays/, and with Postgres each process keeps its own there (the snapshot is large and only a
 * cache: its fingerprint says whether it indexes exactly the essays being served).
 */
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";

export const INDEX_FILE = "index.snapshot";

export async function readIndexSnapshotFile(dataDir: string): Promise<Uint8Array | undefined> {
  try {
    // One read of the whole file, not readFile's 512 KB at a time: the library starts this read
    // while it reads the essay records, and each of readFile's 300 steps would wait for a turn
    // of the busy main thread, where one read runs on its own in the thread pool.
    const handle = await open(join(dataDir, INDEX_FILE), "r");
    try {
      const { size } = await handle.stat();
      const bytes = new Uint8Array(size);
      let at = 0;
      while (at < size) {
        const { bytesRead } = await handle.read(bytes, at, size - at, at);
        if (bytesRead === 0) return undefined; // shortened while read: built instead
        at += bytesRead;
      }
      return bytes;
    } finally {
      await handle.close();
    }
  } catch {
    return undefined; // missing or unreadable: the index is built instead
  }
}

export async function writeIndexSnapshotFile(
  dataDir: string,
  chunks: readonly Uint8Array[],
): Promise<void> {
  // With Postgres nothing else may have made DATA_DIR yet.
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomic(join(dataDir, INDEX_FILE), chunks);
}
