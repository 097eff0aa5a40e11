/**
 * What has been announced where, persisted to DATA_DIR/announce-state.json. This file is what
 * makes "exactly once" survive restarts: an item is marked pending (and saved) before it is
 * posted, and announced (with Slack's ts) only after Slack confirms.
 */
import { join } from "node:path";
import { type Logger, silentLogger } from "../logger.js";
import { moveAside, readJson, writeFileAtomic } from "./atomic.js";
import { StoreError } from "./errors.js";
import { versionProblem } from "./file-version.js";

/**
 * - "seen": known but deliberately not posted (first-run baseline, or a repeat of a known link).
 * - "pending": a post was (or is about to be) attempted and not confirmed: it may have landed.
 * - "announced": Slack confirmed the post; `ts` is the message.
 */
export type EntryState = "seen" | "pending" | "announced";

export interface AnnounceEntry {
  state: EntryState;
  /** Normalised link of the item ("" when it has none): a new guid with a known link is no news. */
  link: string;
  /** When the entry last changed state (ISO); for "pending", when the post was attempted. */
  at: string;
  /** Slack message ts, once announced. */
  ts?: string;
  /**
   * Normalised title + publication day (absent when undated): a blog migration can change both
   * guids and links, but the essays keep their titles and dates, so this still says "known".
   */
  title?: string;
}

interface ChannelRecord {
  /** When the channel's baseline was taken (ISO). */
  since: string;
  /** Feeds whose existing items are in the baseline: items of any other feed are baselined too. */
  feeds: string[];
  entries: Record<string, AnnounceEntry>;
}

interface StateFile {
  version: 1;
  channels: Record<string, ChannelRecord>;
}

export class AnnounceState {
  readonly path: string;
  /** True when the file was unusable and moved aside: everything known was lost, so callers must not post a backlog. */
  readonly recovered: boolean;
  readonly #channels: Map<string, ChannelRecord>;
  readonly #links = new Map<string, Set<string>>();
  readonly #titles = new Map<string, Set<string>>();
  // One save at a time, so an older snapshot never lands after a newer one.
  #saving: Promise<void> = Promise.resolve();

  private constructor(path: string, file: StateFile, recovered: boolean) {
    this.path = path;
    this.recovered = recovered;
    this.#channels = new Map(Object.entries(file.channels));
    for (const [channel, record] of this.#channels) {
      const entries = Object.values(record.entries);
      this.#links.set(channel, new Set(entries.map((e) => e.link).filter(Boolean)));
      this.#titles.set(channel, new Set(entries.map((e) => e.title ?? "").filter(Boolean)));
    }
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
      if (raw === undefined) return new AnnounceState(path, { version: 1, channels: {} }, false);
      const shapeProblem = checkShape(raw);
      if (shapeProblem === undefined) return new AnnounceState(path, raw as StateFile, false);
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
    return new AnnounceState(path, { version: 1, channels: {} }, true);
  }

  isInitialized(channel: string): boolean {
    return this.#channels.has(channel);
  }

  initialize(channel: string, at: Date): void {
    if (this.#channels.has(channel)) return;
    this.#channels.set(channel, { since: at.toISOString(), feeds: [], entries: {} });
    this.#links.set(channel, new Set());
    this.#titles.set(channel, new Set());
  }

  entry(channel: string, id: string): AnnounceEntry | undefined {
    const entries = this.#channels.get(channel)?.entries;
    return entries && Object.hasOwn(entries, id) ? entries[id] : undefined;
  }

  hasLink(channel: string, link: string): boolean {
    return link !== "" && (this.#links.get(channel)?.has(link) ?? false);
  }

  hasTitle(channel: string, title: string): boolean {
    return title !== "" && (this.#titles.get(channel)?.has(title) ?? false);
  }

  hasFeed(channel: string, feed: string): boolean {
    return this.#channels.get(channel)?.feeds.includes(feed) ?? false;
  }

  addFeed(channel: string, feed: string): void {
    const record = this.#require(channel);
    if (!record.feeds.includes(feed)) record.feeds.push(feed);
  }

  set(channel: string, id: string, entry: AnnounceEntry): void {
    this.#require(channel).entries[id] = { ...entry };
    if (entry.link) this.#links.get(channel)?.add(entry.link);
    if (entry.title) this.#titles.get(channel)?.add(entry.title);
  }

  /**
   * Drop an entry, making the item new again. For a post Slack refused outright: it never landed,
   * so there is nothing to look for in the history, and the next run simply tries it afresh.
   */
  forget(channel: string, id: string): void {
    const entries = this.#channels.get(channel)?.entries;
    if (!entries || !Object.hasOwn(entries, id)) return;
    const { link, title } = entries[id] ?? {};
    delete entries[id];
    const others = Object.values(entries);
    if (link && !others.some((e) => e.link === link)) this.#links.get(channel)?.delete(link);
    if (title && !others.some((e) => e.title === title)) this.#titles.get(channel)?.delete(title);
  }

  /** Ids whose post was attempted but never confirmed, with their entries. */
  pending(channel: string): [string, AnnounceEntry][] {
    const entries = this.#channels.get(channel)?.entries ?? {};
    return Object.entries(entries).filter(([, e]) => e.state === "pending");
  }

  count(channel: string, state: EntryState): number {
    const entries = this.#channels.get(channel)?.entries ?? {};
    return Object.values(entries).filter((e) => e.state === state).length;
  }

  /** Persist atomically (temp file, fsync, rename): a crash leaves the old state or the new. */
  save(): Promise<void> {
    const file: StateFile = { version: 1, channels: Object.fromEntries(this.#channels) };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    const next = this.#saving.then(() => writeFileAtomic(this.path, text));
    // A failed save must not wedge later ones; the caller still gets the error.
    this.#saving = next.catch(() => {});
    return next;
  }

  #require(channel: string): ChannelRecord {
    const record = this.#channels.get(channel);
    if (!record) throw new Error(`announce state: channel ${channel} used before initialize()`);
    return record;
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

function isChannelRecord(r: unknown): r is ChannelRecord {
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
  const { state, link, at, ts, title } = e as Record<string, unknown>;
  return (
    (state === "seen" || state === "pending" || state === "announced") &&
    typeof link === "string" &&
    typeof at === "string" &&
    (ts === undefined || typeof ts === "string") &&
    (title === undefined || typeof title === "string")
  );
}
