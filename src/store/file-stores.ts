/**
 * The default stores: files in DATA_DIR, for one process. The DATA_DIR lock is taken first, since
 * a second process on the same directory would post every essay twice.
 */
import { type Logger, silentLogger } from "../logger.js";
import type { AnnounceLedger, DigestWeekLog } from "./announce-ledger.js";
import { AnnounceState } from "./announce-state.js";
import { lockDataDir } from "./data-dir-lock.js";
import { DigestWeeks } from "./digest-weeks.js";
import { FileEssayStore } from "./file-essay-store.js";
import { FileSubscriptionStore } from "./file-subscription-store.js";
import { type Stores, soleLeadership } from "./stores.js";

export interface FileStoresOptions {
  log?: Logger;
  now?: () => Date;
  /** Whether to take the DATA_DIR lock (default true; tests of the jobs alone may skip it). */
  lock?: boolean;
}

export async function openFileStores(
  dataDir: string,
  opts: FileStoresOptions = {},
): Promise<Stores> {
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  // Before anything reads or writes DATA_DIR.
  const lock = opts.lock === false ? undefined : await lockDataDir(dataDir, { log });
  try {
    const essays = await FileEssayStore.open(dataDir, { log, now });
    const subscriptions = await FileSubscriptionStore.open(dataDir, { log, now });
    return {
      kind: "files",
      essays,
      subscriptions,
      announceState: fileAnnounceState(dataDir, log, now),
      digestWeeks: fileDigestWeeks(dataDir, log, now),
      leadership: soleLeadership(),
      close: async () => {
        await lock?.release();
      },
    };
  } catch (err) {
    await lock?.release().catch(() => {});
    throw err;
  }
}

/** The announce state in DATA_DIR, opened once; a failed open is tried again at the next call. */
export function fileAnnounceState(
  dataDir: string,
  log: Logger = silentLogger,
  now: () => Date = () => new Date(),
): () => Promise<AnnounceLedger> {
  return openOnce(() => AnnounceState.open(dataDir, log, { now }));
}

/** The digest weeks in DATA_DIR, opened once; a failed open is tried again at the next call. */
export function fileDigestWeeks(
  dataDir: string,
  log: Logger = silentLogger,
  now: () => Date = () => new Date(),
): () => Promise<DigestWeekLog> {
  return openOnce(() => DigestWeeks.open(dataDir, log, now()));
}

/** `open`'s result, shared by every call; a failure is forgotten, so the next call tries again. */
function openOnce<T>(open: () => Promise<T>): () => Promise<T> {
  let opened: Promise<T> | undefined;
  return () => {
    opened ??= open().catch((err: unknown) => {
      opened = undefined;
      throw err;
    });
    return opened;
  };
}
