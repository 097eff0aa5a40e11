/**
 * One bot per DATA_DIR. Two processes on one directory each run the scheduler and post every new
 * essay twice, so the file store is locked: DATA_DIR/lock, created with O_EXCL, holds the pid,
 * host and start time of its owner. Creating it is also the start-up check that DATA_DIR is a
 * directory this process can write to.
 *
 * A lock left by a crash is taken over: on the same host when its pid is gone (or is our own pid:
 * a container restarted keeps its host name and runs the bot as pid 1 again); from another host
 * (a new container on the same volume, a shared disk) when its owner stopped refreshing it.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { type Logger, silentLogger } from "../logger.js";
import { StartupError } from "../startup-error.js";
import { errorCode } from "./atomic.js";

export const LOCK_FILE = "lock";
/** The owner touches the lock this often, so another host can tell a live owner from a crash. */
const HEARTBEAT_MS = 10_000;
/** A lock not touched for this long is a crash's leftover, whoever wrote it. */
const STALE_AFTER_MS = 30_000;

interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock, if it is still ours. */
  release(): Promise<void>;
}

/** Takes the lock, creating DATA_DIR if needed; a StartupError says why it cannot. */
export async function lockDataDir(
  dataDir: string,
  opts: { log?: Logger } = {},
): Promise<DataDirLock> {
  const log = opts.log ?? silentLogger;
  await ensureDirectory(dataDir);
  const path = join(dataDir, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  const text = `${JSON.stringify(mine)}\n`;
  // A few rounds: each takes the lock, or takes over a stale one and tries again, or throws.
  for (let attempt = 1; ; attempt++) {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, "wx");
    } catch (err) {
      if (errorCode(err) !== "EEXIST") throw unusable(dataDir, err);
      if (attempt === 3) throw held(dataDir, path, undefined);
      await takeOverIfStale(dataDir, path, log);
      continue;
    }
    try {
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
      break;
    } catch (err) {
      await handle.close().catch(() => {});
      await unlink(path).catch(() => {});
      throw unusable(dataDir, err);
    }
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path,
    async release() {
      clearInterval(heartbeat);
      const current = await readFile(path, "utf8").catch(() => undefined);
      if (current === text) await unlink(path).catch(() => {});
    },
  };
}

/** Returns when the lock at `path` is gone (taken over or removed meanwhile); throws when held. */
async function takeOverIfStale(dataDir: string, path: string, log: Logger): Promise<void> {
  let raw: string;
  let ageMs: number;
  try {
    [raw, ageMs] = await Promise.all([
      readFile(path, "utf8"),
      stat(path).then((s) => Date.now() - s.mtimeMs),
    ]);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return; // released meanwhile: try again
    throw unusable(dataDir, err);
  }
  const info = parseLock(raw);
  const why = info
    ? staleBecause(info, ageMs)
    : ageMs > STALE_AFTER_MS
      ? "it is unreadable and was last touched over 30 s ago"
      : undefined; // being written this very moment
  if (why === undefined) throw held(dataDir, path, info);
  // Moved, not deleted, and checked: a second bot recovering the same lock at the same moment
  // may already have replaced it with its own live one, which must be put back.
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return;
    throw unusable(dataDir, err);
  }
  const moved = await readFile(aside, "utf8").catch(() => undefined);
  if (moved !== raw) {
    await rename(aside, path).catch(() => {});
    throw held(dataDir, path, moved === undefined ? undefined : parseLock(moved));
  }
  await unlink(aside).catch(() => {});
  log.warn(
    { path, previous: info ?? raw.slice(0, 200) },
    `Took over a stale lock in DATA_DIR: ${why}. The last run did not stop cleanly.`,
  );
}

function staleBecause(info: LockInfo, ageMs: number): string | undefined {
  if (info.hostname === hostname()) {
    if (info.pid === process.pid) return `its pid ${info.pid} is this process's own`;
    if (!isAlive(info.pid)) return `pid ${info.pid} is no longer running`;
    return undefined;
  }
  if (ageMs > STALE_AFTER_MS) {
    return `its owner on host ${info.hostname} last touched it ${Math.round(ageMs / 1000)} s ago`;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === "EPERM"; // it exists, under another user
  }
}

function parseLock(raw: string): LockInfo | undefined {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    return Number.isSafeInteger(v.pid) && typeof v.hostname === "string"
      ? { pid: v.pid as number, hostname: v.hostname, startedAt: String(v.startedAt ?? "?") }
      : undefined;
  } catch {
    return undefined;
  }
}

function held(dataDir: string, path: string, info: LockInfo | undefined): StartupError {
  const owner = !info
    ? `${path} is being written by another process`
    : info.hostname === hostname()
      ? `pid ${info.pid}, since ${info.startedAt}`
      : `pid ${info.pid} on host ${info.hostname}, since ${info.startedAt}; if it no longer runs there, ${path} is taken over once nothing has touched it for 30 s`;
  return new StartupError(
    `essay-bot is already running with DATA_DIR=${dataDir} (${owner}). Two bots on one DATA_DIR would post every new essay twice: stop the other one, or give this one its own DATA_DIR.`,
  );
}

/** DATA_DIR, created if missing; a file in the way is named. */
async function ensureDirectory(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    const code = errorCode(err);
    if (code !== "ENOTDIR" && code !== "EEXIST") throw unusable(dataDir, err);
    const file = (await fileOnPath(dataDir)) ?? dataDir;
    throw new StartupError(
      `DATA_DIR=${dataDir} cannot be used: ${file} is a file, not a directory. Set DATA_DIR to a directory (it is created if missing), or move that file away.`,
      { cause: err },
    );
  }
}

/** The first path from `dir` upwards that exists and is not a directory. */
async function fileOnPath(dir: string): Promise<string | undefined> {
  for (let p = dir; ; p = dirname(p)) {
    const s = await stat(p).catch(() => undefined);
    if (s && !s.isDirectory()) return p;
    if (s || dirname(p) === p) return undefined;
  }
}

function unusable(dataDir: string, err: unknown): StartupError {
  const code = errorCode(err);
  const uid = process.getuid?.();
  const user =
    uid === undefined ? "the user essay-bot runs as" : `uid ${uid}, which essay-bot runs as`;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return new StartupError(
      `DATA_DIR=${dataDir} is not writable by this process (${code}): make it writable by ${user}, or set DATA_DIR to a directory it can write.`,
      { cause: err },
    );
  }
  if (code === "ENOSPC") {
    return new StartupError(
      `DATA_DIR=${dataDir} is on a full disk (ENOSPC): free some space, then start again.`,
      { cause: err },
    );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new StartupError(
    `DATA_DIR=${dataDir} cannot be used (${reason}): check that it is a directory this process can write to.`,
    { cause: err },
  );
}
