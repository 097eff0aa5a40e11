import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { StoreError } from "./errors.js";

/**
 * Replace `path` with `data` so that a reader (or the next start after a crash or power loss)
 * sees either the old content or the new, never a truncated mix: write a temp file in the same
 * directory (rename is only atomic within one filesystem), fsync it, rename it over the target,
 * then fsync the directory so the rename itself is durable.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | readonly Uint8Array[],
  opts: { syncDir?: boolean } = {},
): Promise<void> {
  const dir = dirname(path);
  // pid + uuid: two writers (or a leftover from a crash) never share a temp name.
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(tmp, "wx");
    try {
      if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
      // Chunks one after another: a large file is written without joining it in memory first.
      else for (const chunk of data) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw new StoreError(
      path,
      `Could not write ${path} (${describe(err)}). Check that ${dir} exists or can be created, ` +
        "is writable by this process and has free space (DATA_DIR sets where it lives).",
      { cause: err },
    );
  }
  // A caller writing many files to one directory syncs it once, after the last rename.
  if (opts.syncDir !== false) await fsyncDir(dir);
}

/**
 * Read and parse a JSON file. Missing → undefined (first run); anything else that stops us
 * from getting a value is a StoreError, so callers can decide to move the file aside.
 * The shape is NOT checked: callers validate what they get.
 */
export async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (errorCode(err) === "ENOENT") return undefined;
    throw unreadable(path, err);
  }
  return parseJson<T>(path, text);
}

/**
 * `readJson` without the thread pool's round trips: for many small files read in a row (a
 * restart reads 11k essay records; async reads took three times as long), by a caller that
 * yields between files.
 */
export function readJsonSync<T>(path: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (errorCode(err) === "ENOENT") return undefined;
    throw unreadable(path, err);
  }
  return parseJson<T>(path, text);
}

function unreadable(path: string, err: unknown): StoreError {
  return new StoreError(
    path,
    `Could not read ${path} (${describe(err)}). Check that it is a regular file readable by ` +
      "this process, or move it out of the way to start fresh.",
    { cause: err },
  );
}

function parseJson<T>(path: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StoreError(
      path,
      `${path} is not valid JSON (${describe(err)}). It may have been truncated or edited by ` +
        "hand: repair it, or move it out of the way to start fresh.",
      { cause: err },
    );
  }
}

/** Makes the renames into `dir` durable (see writeFileAtomic). */
export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    // Some platforms (Windows, some network filesystems) cannot open or fsync a directory;
    // the rename has still happened, it is just not guaranteed durable across power loss.
    const code = errorCode(err);
    if (code === "EINVAL" || code === "EISDIR" || code === "EPERM" || code === "ENOTSUP") return;
    throw new StoreError(dir, `Could not fsync directory ${dir} (${describe(err)}).`, {
      cause: err,
    });
  }
}

export function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err && typeof err.code === "string"
    ? err.code
    : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Rename the unusable file out of the way; refuse to start if we cannot, so we never overwrite it. */
export async function moveAside(path: string, when: Date): Promise<string> {
  // Colons are not allowed in Windows file names, so the ISO time uses dashes there.
  const stamp = when.toISOString().replaceAll(":", "-");
  let aside = `${path}.corrupt-${stamp}`;
  for (let n = 1; await exists(aside); n++) aside = `${path}.corrupt-${stamp}-${n}`;
  try {
    await rename(path, aside);
  } catch (err) {
    throw new StoreError(
      path,
      `${path} is unusable and could not be moved aside to ${aside} (${String(err)}). ` +
        "Move or repair it by hand, then start the bot again.",
      { cause: err },
    );
  }
  return aside;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
