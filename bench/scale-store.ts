/**
 * What a refresh wrote to DATA_DIR: every file's size, mtime and inode before and after, and the
 * sizes of the files created or changed in between. A file rewritten atomically (temp + rename)
 * gets a new inode even when its size and mtime look the same, so the inode is compared too.
 * This counts what the store leaves on disk, not the bytes of write() calls: a file written
 * twice counts once, and a temp file renamed away counts as the file it became. A file that kept
 * its inode and grew was appended to (an append-only log): only what it grew by counts. (No
 * store here rewrites a file in place, which this would undercount.)
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";

export interface FileState {
  size: number;
  mtimeMs: number;
  ino: number;
}

export type Snapshot = Map<string, FileState>;

export async function snapshot(dir: string, root = dir, into: Snapshot = new Map()) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) await snapshot(path, root, into);
      else if (entry.isFile()) {
        const info = await stat(path);
        into.set(relative(root, path), { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
      }
    } catch {
      // Renamed away between readdir and stat (a temp file): what it became is seen instead.
    }
  }
  return into;
}

export function written(before: Snapshot, after: Snapshot): { bytes: number; files: string[] } {
  let bytes = 0;
  const files: string[] = [];
  for (const [path, now] of after) {
    const was = before.get(path);
    const changed =
      !was || was.size !== now.size || was.mtimeMs !== now.mtimeMs || was.ino !== now.ino;
    if (!changed) continue;
    const appended = was !== undefined && was.ino === now.ino && now.size > was.size;
    bytes += appended ? now.size - was.size : now.size;
    files.push(appended ? `${path} (+${now.size - was.size} B appended)` : path);
  }
  return { bytes, files };
}
