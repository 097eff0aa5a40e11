/**
 * The in-memory half of announce state, shared by both stores: targets → {since, feeds, entries},
 * the link and title sets that answer "known?" at once, and the list of changes since the last
 * save. A store adds only where the changes go (`write`): a log file in DATA_DIR
 * (announce-state.ts) or one transaction in Postgres (postgres/announce-state.ts).
 */
import type { AnnounceEntry, AnnounceLedger, EntryState } from "./announce-ledger.js";

export interface TargetRecord {
  /** When the target's baseline was taken (ISO). */
  since: string;
  /** Feeds whose existing items are in the baseline: items of any other feed are baselined too. */
  feeds: string[];
  entries: Record<string, AnnounceEntry>;
}

/** One change: `c` is the target. Also a line of the file store's log, so the keys stay short. */
export type AnnounceChange =
  | { c: string; init: string }
  | { c: string; feed: string }
  | { c: string; id: string; entry: AnnounceEntry }
  | { c: string; forget: string };

export abstract class MemoryLedger implements AnnounceLedger {
  abstract readonly recovered: boolean;
  readonly #targets: Map<string, TargetRecord>;
  readonly #links = new Map<string, Set<string>>();
  readonly #titles = new Map<string, Set<string>>();
  // One save at a time, so an older change never lands after a newer one.
  #saving: Promise<void> = Promise.resolve();
  /** Changes made since the last save. */
  #changes: AnnounceChange[] = [];

  /** The targets this ledger was read for; undefined: all of them. */
  readonly #scope: ReadonlySet<string> | undefined;

  /**
   * `scope`: the ledger holds only these targets (a subscription's baseline reads its own, not
   * the whole state): asking about or changing any other throws, since it would wrongly look new.
   */
  protected constructor(targets: Record<string, TargetRecord>, scope?: readonly string[]) {
    this.#scope = scope ? new Set(scope) : undefined;
    this.#targets = new Map(Object.entries(targets));
    for (const [target, record] of this.#targets) {
      const entries = Object.values(record.entries);
      this.#links.set(target, new Set(entries.map((e) => e.link).filter(Boolean)));
      this.#titles.set(target, new Set(entries.map((e) => e.title ?? "").filter(Boolean)));
    }
  }

  /** Stores the changes (all or none); rejects when they could not be kept. */
  protected abstract write(changes: readonly AnnounceChange[]): Promise<void>;

  /** Which of a failed save's changes to keep for the next save. Default: all of them. */
  protected keepAfterFailure(changes: AnnounceChange[], _err: unknown): AnnounceChange[] {
    return changes;
  }

  /** Applies a change already stored (a replayed log line, or the database's word on an entry). */
  protected adopt(change: AnnounceChange): void {
    this.#apply(change, false);
  }

  /** Everything known, as the file store's snapshot holds it. */
  protected records(): Record<string, TargetRecord> {
    return Object.fromEntries(this.#targets);
  }

  /** Every target with its baseline and entries, as copies (for `essay-bot store copy`). */
  *targets(): Generator<{
    target: string;
    since: string;
    feeds: readonly string[];
    entries: [string, AnnounceEntry][];
  }> {
    for (const [target, record] of this.#targets) {
      yield {
        target,
        since: record.since,
        feeds: [...record.feeds],
        entries: Object.entries(record.entries).map(([id, e]) => [id, { ...e }]),
      };
    }
  }

  #apply(change: AnnounceChange, record: boolean): void {
    if ("init" in change) this.#initialize(change.c, change.init, record);
    else if ("feed" in change) this.#addFeed(change.c, change.feed, record);
    else if ("entry" in change) this.#set(change.c, change.id, change.entry, record);
    else this.#forget(change.c, change.forget, record);
  }

  isInitialized(target: string): boolean {
    this.#inScope(target);
    return this.#targets.has(target);
  }

  initialize(target: string, at: Date): void {
    this.#inScope(target);
    this.#initialize(target, at.toISOString(), true);
  }

  #initialize(target: string, since: string, record: boolean): void {
    if (this.#targets.has(target)) return;
    this.#targets.set(target, { since, feeds: [], entries: {} });
    this.#links.set(target, new Set());
    this.#titles.set(target, new Set());
    if (record) this.#changes.push({ c: target, init: since });
  }

  entry(target: string, id: string): AnnounceEntry | undefined {
    this.#inScope(target);
    const entries = this.#targets.get(target)?.entries;
    return entries && Object.hasOwn(entries, id) ? entries[id] : undefined;
  }

  hasLink(target: string, link: string): boolean {
    this.#inScope(target);
    return link !== "" && (this.#links.get(target)?.has(link) ?? false);
  }

  hasTitle(target: string, title: string): boolean {
    this.#inScope(target);
    return title !== "" && (this.#titles.get(target)?.has(title) ?? false);
  }

  hasFeed(target: string, feed: string): boolean {
    this.#inScope(target);
    return this.#targets.get(target)?.feeds.includes(feed) ?? false;
  }

  addFeed(target: string, feed: string): void {
    this.#inScope(target);
    this.#require(target);
    this.#addFeed(target, feed, true);
  }

  #addFeed(target: string, feed: string, record: boolean): void {
    const found = this.#targets.get(target);
    if (!found || found.feeds.includes(feed)) return;
    found.feeds.push(feed);
    if (record) this.#changes.push({ c: target, feed });
  }

  set(target: string, id: string, entry: AnnounceEntry): void {
    this.#inScope(target);
    this.#require(target);
    this.#set(target, id, entry, true);
  }

  #set(target: string, id: string, entry: AnnounceEntry, record: boolean): void {
    const found = this.#targets.get(target);
    if (!found) return;
    found.entries[id] = { ...entry };
    if (entry.link) this.#links.get(target)?.add(entry.link);
    if (entry.title) this.#titles.get(target)?.add(entry.title);
    if (record) this.#changes.push({ c: target, id, entry: { ...entry } });
  }

  /**
   * Drop an entry, making the item new again. For a post Slack refused outright: it never landed,
   * so there is nothing to look for in the history, and the next run simply tries it afresh.
   */
  forget(target: string, id: string): void {
    this.#inScope(target);
    this.#forget(target, id, true);
  }

  #forget(target: string, id: string, record: boolean): void {
    const entries = this.#targets.get(target)?.entries;
    if (!entries || !Object.hasOwn(entries, id)) return;
    const { link, title } = entries[id] ?? {};
    delete entries[id];
    if (record) this.#changes.push({ c: target, forget: id });
    const others = Object.values(entries);
    if (link && !others.some((e) => e.link === link)) this.#links.get(target)?.delete(link);
    if (title && !others.some((e) => e.title === title)) this.#titles.get(target)?.delete(title);
  }

  pending(target: string): [string, AnnounceEntry][] {
    this.#inScope(target);
    const entries = this.#targets.get(target)?.entries ?? {};
    return Object.entries(entries).filter(([, e]) => e.state === "pending");
  }

  count(target: string, state: EntryState): number {
    this.#inScope(target);
    const entries = this.#targets.get(target)?.entries ?? {};
    return Object.values(entries).filter((e) => e.state === state).length;
  }

  /**
   * Persists the changes made since the last save. A change that could not be stored is kept for
   * the next save (the caller still gets the error).
   */
  save(): Promise<void> {
    const changes = this.#changes;
    this.#changes = [];
    const next = this.#saving.then(() => (changes.length === 0 ? undefined : this.write(changes)));
    // A failed save must not wedge later ones; the caller still gets the error.
    this.#saving = next.catch((err: unknown) => {
      this.#changes = [...this.keepAfterFailure(changes, err), ...this.#changes];
    });
    return next;
  }

  #inScope(target: string): void {
    if (this.#scope && !this.#scope.has(target)) {
      throw new Error(
        `announce state: target ${target} is not among those it was read for (${[...this.#scope].join(", ")})`,
      );
    }
  }

  #require(target: string): TargetRecord {
    const found = this.#targets.get(target);
    if (!found) throw new Error(`announce state: target ${target} used before initialize()`);
    return found;
  }
}
