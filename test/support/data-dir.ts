/** A real, empty DATA_DIR per test, under the system temp directory. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDataDir {
  dir: string;
  /** Removes the directory and everything in it. */
  cleanup(): Promise<void>;
}

/** A fresh DATA_DIR; `cleanup` removes it. */
export async function tempDataDir(): Promise<TempDataDir> {
  const dir = await mkdtemp(join(tmpdir(), "essay-bot-data-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
