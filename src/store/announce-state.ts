/**
 * What has been announced where, persisted in DATA_DIR. This is what makes "exactly once"
 * survive restarts: an item is marked pending (and saved) before it is posted, and announced
 * (with Slack's ts) only after Slack confirms.
 *
 * Two files, so a save writes what changed and not every essay ever announced:
 * `announce-state.json`, a snapshot, and `announce-state.log`, the changes since, one JSON line
 * each, appended and synced. When the log outgrows the snapshot it is folded into a new snapshot
 * (written atomically) and removed; replaying a change the snapshot already holds changes nothing,
 * so a crash between the two loses nothing. A torn last line (a crash mid-append) is dropped.
 */
import { appendFile, open as openFile, readFile, rm, truncate } from "node:fs/promises";
import { join } from "node:path";
import { type Logger, silentLogger } from "../logger.js";
import type { AnnounceEntry } from "./announce-ledger.js";
import { type AnnounceChange, MemoryLedger, type TargetRecord } from "./announce-memory.js";
import { errorCode, moveAside, readJson, writeFileAtomic } from "./atomic.js";
import { StoreError } from "./errors.js";
import { versionProblem } from "./file-version.js";

export type { AnnounceEntry, EntryState } from "./announce-ledger.js";

interface StateFile {
  version: 1;
  channels: Record<string, TargetRecord>;
}

/** The log is folded into the snapshot once it is this much larger than the snapshot was. */
const FOLD_RATIO = 1;
/** …and never while it is smaller than this: a small state is cheap to append to. */
const MIN_FOLD_BYTES = 256 * 1024;

export class AnnounceState extends MemoryLedger {
  readonly path: string;
  readonly logPath: string;
  /** True when the file was unusable and moved aside: everything known was lost, so callers must not post a backlog. */
  readonly recovered: boolean;
  /** Bytes in the log now, and in the snapshot when it was written. */
  #logBytes = 0;
  #snapshotBytes = 0;

  private constructor(path: string, file: StateFile, recovered: boolean) {
    super(file.channels);
    this.path = path;
    this.logPath = `${path.replace(/\.json$/, "")}.log`;
    this.recovered = recovered;
  }

  /**
   * Load the state (missing → empty). An unusable file is moved aside to
   * `announce-state.json.corrupt-<time>` and logged; never silently overwritten.
   */
  static async open(
    dataDir: string,
    log: Logger = silentLogger,
    opts: { now?: () => Date } = {},
  ): Promise<AnnounceState> {
    const path = join(dataDir, "announce-state.json");
    let problem: string;
    try {
      const raw = await readJson<unknown>(path);
      const shapeProblem = raw === undefined ? undefined : checkShape(raw);
      if (shapeProblem === undefined) {
        const file = (raw as StateFile | undefined) ?? { version: 1, channels: {} };
        const state = new AnnounceState(path, file, false);
        state.#snapshotBytes = raw === undefined ? 0 : JSON.stringify(raw).length;
        await state.#replay(log);
        return state;
      }
      problem = `${path} does not look like an essay-bot announce state: ${shapeProblem}.`;
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      problem = err.message;
    }
    const movedTo = await moveAside(path, (opts.now ?? (() => new Date()))());
    log.error(
      { path, movedTo, problem },
      "Announce state was unusable: moved it aside and starting over. Every essay already in the " +
        "archive is taken as announced (none is posted again, no backlog); essays published from " +
        "now on are announced as usual.",
    );
    const state = new AnnounceState(path, { version: 1, channels: {} }, true);
    // The log's changes were made on top of the snapshot just set aside: they go with it.
    await moveAside(state.logPath, (opts.now ?? (() => new Date()))()).catch(() => undefined);
    return state;
  }

  /** Applies the log's changes on top of the snapshot; a torn last line is dropped. */
  async #replay(log: Logger): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.logPath, "utf8");
    } catch (err) {
      if (errorCode(err) === "ENOENT") return;
      throw err;
    }
    const lines = text.split("\n");
    let good = 0; // characters of whole, readable lines
    for (const [i, line] of lines.entries()) {
      const whole = i < lines.length - 1; // the last piece has no newline: torn or empty
      let change: AnnounceChange | undefined;
      try {
        change = whole && line.trim() !== "" ? (JSON.parse(line) as AnnounceChange) : undefined;
      } catch {
        log.error(
          { path: this.logPath, line: i + 1 },
          "A line of the announce log is unreadable; it and the lines after it are ignored",
        );
        break;
      }
      if (!whole) break;
      if (change) this.adopt(change);
      good += line.length + 1;
    }
    if (good < text.length) {
      // Cut what cannot be read, so the next append starts on a line of its own.
      await truncate(this.logPath, Buffer.byteLength(text.slice(0, good)));
    }
    this.#logBytes = Buffer.byteLength(text.slice(0, good));
  }

  /**
   * Appends the changes to the log and syncs it, so a save costs about the size of what changed.
   */
  protected async write(changes: readonly AnnounceChange[]): Promise<void> {
    const text = changes.map((change) => `${JSON.stringify(change)}\n`).join("");
    if (this.#logBytes + text.length > Math.max(MIN_FOLD_BYTES, this.#snapshotBytes * FOLD_RATIO)) {
      await this.#fold();
      return;
    }
    try {
      await appendFile(this.logPath, text, "utf8");
      const handle = await openFile(this.logPath, "r+");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new StoreError(
        this.logPath,
        `Could not write ${this.logPath} (${err instanceof Error ? err.message : String(err)}). Check that DATA_DIR is writable and has free space.`,
        { cause: err },
      );
    }
    this.#logBytes += Buffer.byteLength(text);
  }

  /** A new snapshot of everything (atomically), then the log it now holds goes. */
  async #fold(): Promise<void> {
    const file: StateFile = { version: 1, channels: this.records() };
    const text = `${JSON.stringify(file)}\n`;
    await writeFileAtomic(this.path, text);
    this.#snapshotBytes = text.length;
    await rm(this.logPath, { force: true });
    this.#logBytes = 0;
  }
}

/** Why `raw` is not a version-1 state file, or undefined when it is one. */
function checkShape(raw: unknown): string | undefined {
  const problem = versionProblem(raw);
  if (problem) return problem;
  const { channels } = raw as { channels?: unknown };
  if (typeof channels !== "object" || channels === null || Array.isArray(channels)) {
    return '"channels" is not an object';
  }
  for (const [channel, record] of Object.entries(channels)) {
    if (!isChannelRecord(record)) return `channels.${channel} is not a valid channel record`;
  }
  return undefined;
}

function isChannelRecord(r: unknown): r is TargetRecord {
  if (typeof r !== "object" || r === null) return false;
  const { since, feeds, entries } = r as Record<string, unknown>;
  return (
    typeof since === "string" &&
    Array.isArray(feeds) &&
    feeds.every((f) => typeof f === "string") &&
    typeof entries === "object" &&
    entries !== null &&
    Object.values(entries).every(isEntry)
  );
}

function isEntry(e: unknown): e is AnnounceEntry {
  if (typeof e !== "object" || e === null) return false;
  const { state, link, at, ts, title, covers } = e as Record<string, unknown>;
  return (
    (state === "seen" || state === "pending" || state === "announced") &&
    typeof link === "string" &&
    typeof at === "string" &&
    (ts === undefined || typeof ts === "string") &&
    (title === undefined || typeof title === "string") &&
    (covers === undefined || (Array.isArray(covers) && covers.every((c) => typeof c === "string")))
  );
}
