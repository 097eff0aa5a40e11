/**
 * The one owner of the essays: it merges what the feeds bring into the store, splits each essay
 * once (when it is added or changed), keeps the search index current, and answers every
 * question about the essays. The bot, the scheduled jobs, the Slack listeners and the CLI all go
 * through it; nothing else builds a corpus or an index.
 *
 * Nothing it does holds the event loop for long: splitting and index builds run in slices
 * (slices.ts) while the index already serving keeps answering, and an unchanged refresh costs a
 * conditional request (or a stat) per feed and nothing more. No essay can stop the others: one
 * that cannot be split or indexed is set aside with the reason (`status().quarantined`).
 */
import type { Section, SplitEssay } from "../essay/types.js";
import type { ParseFn } from "../feed/load.js";
import type { Essay } from "../feed/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { SearchIndex } from "../search/search-index.js";
import type { SearchPage, SearchResult } from "../search/types.js";
import type { EssayRecord, EssayStore } from "../store/essay-store.js";
import type { SplitCache } from "../store/split-cache.js";
import { Catalog } from "./catalog.js";
import { FeedPoller, type FeedStatus, type LoadFeedFn } from "./feeds.js";
import { fingerprintOf, loadIndex, saveIndex } from "./index-cache.js";
import { type Quarantined, Shelf } from "./shelf.js";
import { DEFAULT_SLICE_MS, runInSlices, sliceClock } from "./slices.js";
import { failed, isCurrent, type Splitter, splitToCache } from "./splitting.js";

export interface LibraryOptions {
  store: EssayStore;
  feedUrls: readonly string[];
  log?: Logger;
  now?: () => Date;
  /** For feeds; tests and benchmarks pass their own. */
  fetch?: typeof fetch;
  loadFeed?: LoadFeedFn;
  /** Bytes → essays; the bot parses on its worker thread so a 10 MB feed never stalls a request. */
  parse?: ParseFn;
  /** Per-feed request limits (defaults: 15 s, 10 MB). */
  timeoutMs?: number;
  maxBytes?: number;
  /** Essay → section drafts; essay/split.ts unless a test needs one that fails. */
  split?: Splitter;
  /**
   * Splits an essay elsewhere (the bot: on its worker thread, library/worker/off-thread.ts), so
   * an essay that takes seconds to split never holds the event loop. Without it, splitting runs
   * here, in slices.
   */
  splitOffThread?: (essay: Essay) => Promise<SplitCache>;
  /**
   * How long a slice of splitting or indexing runs before requests get a turn (default 12 ms).
   * `Infinity` runs everything at once, for the CLI, which serves no requests.
   */
  sliceMs?: number;
}

export interface RefreshReport {
  feeds: { feedUrl: string; outcome: "ok" | "not-modified" | "error"; error?: string }[];
  added: number;
  updated: number;
  /** True when this refresh built and swapped in a new index. */
  rebuilt: boolean;
}

export interface LibraryStatus {
  /** True once the store is loaded and the index serves (after the first refresh when empty). */
  ready: boolean;
  store: string;
  essays: number;
  sections: number;
  /** When the last refresh finished (ISO), successful or not. */
  lastRefreshAt: string | null;
  /** Every problem of the last refresh as sentences naming the feed; null when all went well. */
  lastError: string | null;
  feeds: FeedStatus[];
  quarantined: Quarantined[];
}

export class Library {
  readonly #opts: LibraryOptions;
  readonly #store: EssayStore;
  readonly #log: Logger;
  readonly #now: () => Date;
  readonly #sliceMs: number;
  readonly #feeds: FeedPoller;
  readonly #shelf = new Shelf();
  #catalog = new Catalog();
  #index: SearchIndex | undefined;
  #loaded: Promise<void> | undefined;
  #refreshing: Promise<RefreshReport> | undefined;
  /** Records merged but not yet saved (the store failed): saved again by the next refresh. */
  readonly #unsaved = new Map<string, { record: EssayRecord; body?: string }>();
  readonly #unsavedRemovals = new Set<string>();
  /** What the serving index indexes, and what the saved copy in the store indexes. */
  #indexFingerprint: string | undefined;
  #savedFingerprint: string | undefined;
  #lastRefreshAt: string | null = null;
  #lastError: string | null = null;

  constructor(opts: LibraryOptions) {
    this.#opts = opts;
    this.#store = opts.store;
    this.#log = opts.log ?? silentLogger;
    this.#now = opts.now ?? (() => new Date());
    this.#sliceMs = opts.sliceMs ?? DEFAULT_SLICE_MS;
    this.#feeds = new FeedPoller({
      feedUrls: opts.feedUrls,
      log: this.#log,
      now: this.#now,
      ...pick(opts, ["loadFeed", "timeoutMs", "maxBytes", "fetch", "parse"]),
    });
  }

  /** Loads what the store holds and builds the index from it; repeated calls share the load. */
  load(): Promise<void> {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  /** Fetches every feed and takes in what changed; a call while one runs shares that run. */
  refresh(): Promise<RefreshReport> {
    this.#refreshing ??= this.#refresh().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /** The index serving now, or undefined while the first load is still running. */
  index(): SearchIndex | undefined {
    return this.#index;
  }

  /** Matching sections, best first (at most `limit`); an empty result while nothing is loaded. */
  search(query: string, limit?: number): SearchResult {
    return this.#index?.search(query, limit) ?? { query, total: 0, hits: [], suggestions: [] };
  }

  /** One page of results, plain hits with excerpts, as a reply shows them; undefined while loading. */
  page(query: string, offset: number, size: number): SearchPage | undefined {
    return this.#index?.page(query, offset, size);
  }

  latest(n: number): SplitEssay[] {
    return this.#index?.latest(n) ?? [];
  }

  findByUrl(url: string): { essay: SplitEssay; section?: Section } | undefined {
    return this.#index?.findByUrl(url);
  }

  /**
   * Every essay, in the order first seen, for the announcer: those set aside come by title and
   * link alone, so a new essay is announced even when its body cannot be shown.
   */
  essays(): SplitEssay[] {
    return this.#shelf.announceable(this.#catalog.records());
  }

  /** The feed an essay came from (the announcer records a new feed's back catalogue). */
  feedOf(id: string): string | undefined {
    return this.#catalog.get(id)?.head.feedUrl;
  }

  status(): LibraryStatus {
    const index = this.#index;
    return {
      ready: index !== undefined,
      store: this.#store.kind,
      essays: index?.essayCount ?? 0,
      sections: index?.sectionCount ?? 0,
      lastRefreshAt: this.#lastRefreshAt,
      lastError: this.#lastError,
      feeds: this.#feeds.status(),
      quarantined: this.#shelf.quarantined(this.#catalog.records()),
    };
  }

  async #load(): Promise<void> {
    const { records, problems } = await this.#store.loadAll();
    this.#catalog = new Catalog(records);
    if (problems.length > 0) this.#lastError = problems.map((p) => p.message).join(" ");
    const stale: EssayRecord[] = [];
    for (const record of records) {
      if (isCurrent(record.split)) this.#shelf.set(record.head.id, record.split);
      else stale.push(record);
    }
    if (stale.length > 0) await this.#resplit(stale);
    // An empty store answers "loading" until the first refresh has tried the feeds.
    if (this.#catalog.size === 0) return;
    await this.#rebuild({ fromSaved: true });
    // Saved right away too, not only at a clean stop: a crash later still restarts fast.
    await this.#saveIndex();
  }

  /** Saves the index for the next start, if it changed since it was last saved (a clean stop). */
  async close(): Promise<void> {
    await this.#refreshing?.catch(() => {});
    await this.#saveIndex();
  }

  async #saveIndex(): Promise<void> {
    const index = this.#index;
    const fingerprint = this.#indexFingerprint;
    if (!index || !fingerprint || fingerprint === this.#savedFingerprint) return;
    if (await saveIndex(this.#store, index, fingerprint, this.#log)) {
      this.#savedFingerprint = fingerprint;
    }
  }

  /**
   * Essays whose split was made by another version of the splitter (or never made: a migrated
   * archive) are split again from their stored bodies, once, and saved.
   */
  async #resplit(stale: readonly EssayRecord[]): Promise<void> {
    const clock = sliceClock(this.#sliceMs);
    for (const record of stale) {
      const body = await this.#store.readBody(record.head.id).catch(() => undefined);
      record.split =
        body === undefined
          ? failed(
              { ...record.head, html: "" },
              "its body is missing from the store; it comes back when its feed lists it again",
            )
          : await this.#splitOne({ ...record.head, html: body });
      this.#shelf.set(record.head.id, record.split);
      await clock.pause();
    }
    this.#log.info({ essays: stale.length }, "Split essays whose stored split was out of date");
    await this.#save(
      stale.map((record) => ({ record })),
      [],
    );
  }

  async #refresh(): Promise<RefreshReport> {
    await this.load();
    const problems: string[] = [];
    const outcomes = await this.#feeds.pollAll();
    let added = 0;
    let updated = 0;
    const put: { record: EssayRecord; body: string }[] = [];
    const removed: string[] = [];
    // Merged in FEED_URLS order, so the first feed wins ties every time.
    for (const outcome of outcomes) {
      if (outcome.error) problems.push(outcome.error);
      if (!outcome.essays) continue;
      const merged = this.#catalog.merge(outcome.essays, this.#now());
      added += merged.added.length;
      updated += merged.updated.length;
      put.push(...merged.put);
      removed.push(...merged.removed);
    }
    for (const id of removed) this.#shelf.remove(id);
    await this.#splitAll(put);
    const saveProblem = await this.#save(put, removed);
    if (saveProblem) problems.push(saveProblem);

    let rebuilt = false;
    if (put.length > 0 || removed.length > 0 || this.#index === undefined) {
      try {
        await this.#rebuild();
        rebuilt = true;
      } catch (err) {
        const message = `Building the search index failed (${String(err)}); the previous index keeps serving.`;
        problems.push(message);
        this.#log.error({ err }, message);
      }
    }
    this.#lastRefreshAt = this.#now().toISOString();
    this.#lastError = problems.length > 0 ? problems.join(" ") : null;
    const feeds = outcomes.map(({ essays: _essays, ...feed }) => feed);
    return { feeds, added, updated, rebuilt };
  }

  /** One essay split, here or off the thread; never throws (a failure is a cache that says why). */
  async #splitOne(essay: Essay): Promise<SplitCache> {
    const offThread = this.#opts.splitOffThread;
    if (!offThread) return splitToCache(essay, this.#opts.split);
    const cache = await offThread(essay);
    // Plain data from the worker: checked, and its blocks made compact, like a stored split.
    return isCurrent(cache) ? cache : failed(essay, "the split came back unusable");
  }

  /** Splits each new or changed essay, once, in slices; the result is saved with its record. */
  async #splitAll(put: readonly { record: EssayRecord; body: string }[]): Promise<void> {
    const clock = sliceClock(this.#sliceMs);
    // Sent ahead in batches, so the worker never waits on a round trip between essays.
    const ahead = new Map<EssayRecord, Promise<SplitCache>>();
    const BATCH = 64;
    for (const [i, { record, body }] of put.entries()) {
      if (this.#opts.splitOffThread && i % BATCH === 0) {
        for (const next of put.slice(i, i + BATCH)) {
          ahead.set(next.record, this.#splitOne({ ...next.record.head, html: next.body }));
        }
      }
      record.split = await (ahead.get(record) ?? this.#splitOne({ ...record.head, html: body }));
      ahead.delete(record);
      this.#shelf.set(record.head.id, record.split);
      if (!record.split.ok) {
        this.#log.error(
          { essay: record.head.title, link: record.head.url, reason: record.split.reason },
          "Set an essay aside: it cannot be split; every other essay is served as usual",
        );
      }
      await clock.pause();
    }
  }

  /**
   * Saves what changed; a failure (disk full, database down) keeps it for the next refresh and
   * comes back as a sentence, while the essays keep being served from memory.
   */
  async #save(
    put: readonly { record: EssayRecord; body?: string }[],
    removed: readonly string[],
  ): Promise<string | undefined> {
    for (const item of put) {
      const earlier = this.#unsaved.get(item.record.head.id);
      // A body not yet saved must survive a later save of the same record without one.
      this.#unsaved.set(item.record.head.id, { ...item, body: item.body ?? earlier?.body });
    }
    for (const id of removed) {
      this.#unsaved.delete(id);
      this.#unsavedRemovals.add(id);
    }
    if (this.#unsaved.size === 0 && this.#unsavedRemovals.size === 0) return undefined;
    const change = { put: [...this.#unsaved.values()], remove: [...this.#unsavedRemovals] };
    try {
      await this.#store.write(change);
      this.#unsaved.clear();
      this.#unsavedRemovals.clear();
      return undefined;
    } catch (err) {
      const message = `Could not save essays to the store (${err instanceof Error ? err.message : String(err)}); they are served from memory and saved again at the next refresh.`;
      this.#log.error({ err, essays: change.put.length }, message);
      return message;
    }
  }

  /**
   * A new index from every essay, built in slices while the current one keeps serving; at start,
   * the index saved by the last run when it indexes exactly these essays.
   */
  async #rebuild({ fromSaved = false } = {}): Promise<void> {
    const records = this.#catalog.records();
    const essays = await runInSlices(this.#shelf.indexable(records), this.#sliceMs);
    const fingerprint = fingerprintOf(essays, (id) => this.#catalog.get(id)?.bodyHash);
    const saved = fromSaved
      ? await loadIndex(this.#store, essays, fingerprint, this.#log)
      : undefined;
    if (saved) {
      this.#index = saved;
      this.#indexFingerprint = fingerprint;
      this.#savedFingerprint = fingerprint;
      this.#log.info(
        { essays: saved.essayCount, sections: saved.sectionCount },
        "Search index loaded from the store",
      );
      return;
    }
    const index = await runInSlices(SearchIndex.steps(essays), this.#sliceMs);
    for (const { id, reason } of index.skipped) {
      this.#shelf.indexFailed(id, reason);
      const head = this.#catalog.get(id)?.head;
      this.#log.error(
        { essay: head?.title, link: head?.url, reason },
        "Set an essay aside: it cannot be indexed; every other essay is served as usual",
      );
    }
    this.#index = index;
    // The index left skipped essays out: its fingerprint must say so, or the saved copy would
    // not match the essays given to it at the next start (they are left out again there).
    this.#indexFingerprint =
      index.skipped.length === 0
        ? fingerprint
        : fingerprintOf(
            essays.filter((e) => !index.skipped.some((s) => s.id === e.meta.id)),
            (id) => this.#catalog.get(id)?.bodyHash,
          );
    this.#log.info(
      { essays: index.essayCount, sections: index.sectionCount },
      "Search index rebuilt",
    );
  }
}

function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
