/**
 * The default store: one pair of files per essay under DATA_DIR/essays/ — `<key>.json` (the
 * record: head, dates, split cache) and `<key>.html` (the body) — so saving one new essay writes
 * about that essay, never the whole archive. `<key>` is a hash of the essay's id (ids are URLs
 * and guids: no safe file names). Each file is replaced atomically.
 *
 * A record that cannot be read is moved aside and reported; the rest load, and the feed refills
 * what was lost. An `archive.json` from an older essay-bot is migrated on first start and kept
 * aside as `archive.json.migrated-<time>`.
 */
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { access, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Logger, silentLogger } from "../logger.js";
import { errorCode, fsyncDir, moveAside, readJsonSync, writeFileAtomic } from "./atomic.js";
import { StoreError } from "./errors.js";
import { type EssayRecord, type EssayStore, hashBody, type StoreProblem } from "./essay-store.js";
import { readIndexSnapshotFile, writeIndexSnapshotFile } from "./index-snapshot-file.js";
import { readLegacyArchive } from "./legacy-archive.js";
import { checkRecord } from "./record-shape.js";

/** Files written at once: enough to keep the disk busy, few enough for any ulimit. */
const PARALLEL = 32;
/** How long records are read before a waiting request gets a turn. */
const READ_SLICE_MS = 12;

export interface FileEssayStoreOptions {
  log?: Logger;
  now?: () => Date;
}

export class FileEssayStore implements EssayStore {
  readonly kind = "files";
  readonly dir: string;
  readonly #dataDir: string;
  readonly #log: Logger;
  readonly #now: () => Date;

  private constructor(dataDir: string, opts: FileEssayStoreOptions) {
    this.#dataDir = dataDir;
    this.dir = join(dataDir, "essays");
    this.#log = opts.log ?? silentLogger;
    this.#now = opts.now ?? (() => new Date());
  }

  /** Opens (creating) DATA_DIR/essays, migrating an old archive.json first if there is one. */
  static async open(dataDir: string, opts: FileEssayStoreOptions = {}): Promise<FileEssayStore> {
    const store = new FileEssayStore(dataDir, opts);
    try {
      await mkdir(store.dir, { recursive: true });
      // Checked now, not found out at the first save, which would only log on every refresh.
      await access(store.dir, constants.W_OK);
    } catch (err) {
      const code = errorCode(err);
      const problem =
        code === "EEXIST" || code === "ENOTDIR"
          ? "is a file, not a directory: move it away"
          : code === "EACCES" || code === "EPERM" || code === "EROFS"
            ? `is not writable by this process (${code}): make DATA_DIR and everything in it writable by the user essay-bot runs as`
            : `cannot be used (${err instanceof Error ? err.message : String(err)}): check that DATA_DIR is a directory this process can write to`;
      throw new StoreError(store.dir, `${store.dir} (in DATA_DIR=${dataDir}) ${problem}.`, {
        cause: err,
      });
    }
    await store.#migrateLegacyArchive();
    return store;
  }

  async loadAll(): Promise<{ records: EssayRecord[]; problems: StoreProblem[] }> {
    const names = (await readdir(this.dir)).filter((name) => name.endsWith(".json"));
    const records: EssayRecord[] = [];
    const problems: StoreProblem[] = [];
    // Read one after another without the thread pool, yielding every few milliseconds so a
    // request waiting meanwhile is answered: 11k records read this way took a third of the time
    // they took read 32 at a time through the pool.
    let deadline = performance.now() + READ_SLICE_MS;
    for (const name of names) {
      if (performance.now() >= deadline) {
        await nextTurn();
        deadline = performance.now() + READ_SLICE_MS;
      }
      const path = join(this.dir, name);
      let problem: string;
      try {
        const raw = readJsonSync<unknown>(path);
        if (raw === undefined) continue; // removed since the listing
        const shape = checkRecord(raw);
        if (shape === undefined) {
          records.push((raw as { record: EssayRecord }).record);
          continue;
        }
        problem = `${path} is not an essay record: ${shape}.`;
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        problem = err.message;
      }
      const aside = await moveAside(path, this.#now()).catch(() => undefined);
      problems.push({
        where: path,
        message: `${problem} ${aside ? `Moved it aside to ${aside}; ` : ""}the feed brings the essay back if it still lists it.`,
      });
    }
    records.sort((a, b) => a.seq - b.seq);
    for (const p of problems) this.#log.error({ path: p.where }, p.message);
    return { records, problems };
  }

  async readBody(id: string): Promise<string | undefined> {
    try {
      return await readFile(this.#path(id, "html"), "utf8");
    } catch (err) {
      if (errorCode(err) === "ENOENT") return undefined;
      throw err;
    }
  }

  async write(change: {
    put: readonly { record: EssayRecord; body?: string }[];
    remove?: readonly string[];
  }): Promise<void> {
    // Each file is synced before its rename; the directory once at the end, not once a file
    // (thousands of directory syncs made a first start at 100k sections take minutes).
    const once = { syncDir: false };
    await inParallel(change.put, async ({ record, body }) => {
      // The body first: a record on disk always has its body beside it.
      if (body !== undefined) await writeFileAtomic(this.#path(record.head.id, "html"), body, once);
      const file = { version: 1, record };
      await writeFileAtomic(this.#path(record.head.id, "json"), `${JSON.stringify(file)}\n`, once);
    });
    await inParallel(change.remove ?? [], async (id) => {
      await rm(this.#path(id, "json"), { force: true });
      await rm(this.#path(id, "html"), { force: true });
    });
    await fsyncDir(this.dir);
  }

  /** The saved search index, beside essays/: a cache, rebuilt when missing or out of date. */
  readIndexSnapshot(): Promise<Uint8Array | undefined> {
    return readIndexSnapshotFile(this.#dataDir);
  }

  writeIndexSnapshot(chunks: readonly Uint8Array[]): Promise<void> {
    return writeIndexSnapshotFile(this.#dataDir, chunks);
  }

  #path(id: string, ext: "json" | "html"): string {
    return join(this.dir, `${fileKey(id)}.${ext}`);
  }

  /**
   * archive.json (one file holding every essay) → one record and body per essay. Safe to repeat:
   * the old file is moved aside only after every essay is written, so a crash part-way just
   * migrates again at the next start. Nothing is re-announced: announce-state.json is untouched.
   */
  async #migrateLegacyArchive(): Promise<void> {
    const path = join(this.#dataDir, "archive.json");
    const legacy = await readLegacyArchive(path, this.#log, this.#now());
    if (legacy === undefined) return;
    const put = legacy.map(({ firstSeen, html, ...head }, seq) => ({
      record: { head, bodyHash: hashBody(html), firstSeen, seq },
      body: html,
    }));
    await this.write({ put });
    const stamp = this.#now().toISOString().replaceAll(":", "-");
    const keptAt = `${path}.migrated-${stamp}`;
    await rename(path, keptAt);
    this.#log.info(
      { essays: put.length, from: path, keptAt, to: this.dir },
      "Migrated archive.json to one file per essay; the old file is kept aside",
    );
  }
}

/** The file name of an essay: ids are URLs or guids, so a hash keeps names short and safe. */
export function fileKey(id: string): string {
  return createHash("sha256").update(id).digest("hex").slice(0, 40);
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}
