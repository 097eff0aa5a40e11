/**
 * The saved search index as a file in a process's own DATA_DIR: the file store keeps it beside
 * essays/, and with Postgres each process keeps its own there (the snapshot is large and only a
 * cache: its fingerprint says whether it indexes exactly the essays being served).
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";

export const INDEX_FILE = "index.snapshot";

export async function readIndexSnapshotFile(dataDir: string): Promise<Uint8Array | undefined> {
  try {
    const bytes = await readFile(join(dataDir, INDEX_FILE));
    // A view, not `new Uint8Array(bytes)`, which would copy all 150 MB on this thread.
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
