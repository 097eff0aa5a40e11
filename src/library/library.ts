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
import { LayeredIndex } from "../search/layered-index.js";
import { SearchIndex } from "../search/search-index.js";
import type { ServingIndex } from "../search/serving-index.js";
import type { SearchPage, SearchResult } from "../search/types.js";
import type { EssayRecord, EssayStore, StoreProblem } from "../store/essay-store.js";
import type { SplitCache } from "../store/split-cache.js";
import { Catalog } from "./catalog.js";
import { FeedPoller, type FeedStatus, type LoadFeedFn } from "./feeds.js";
import { fingerprintOf, fingerprintSteps, loadIndex, saveIndex } from "./index-cache.js";
import { type Quarantined, Shelf } from "./shelf.js";
import { DEFAULT_SLICE_MS, runInSlices, sliceClock } from "./slices.js";
import { SplitRunner } from "./split-runner.js";
import { isCurrent, type Splitter } from "./splitting.js";
import { StoreWriter } from "./store-writer.js";

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

/** What a take-up found: essays another process stored or changed, and removed. */
export interface TakeUpReport {
  put: number;
  removed: number;
}

export interface LibraryStatus {
  /**
   * True once the store is loaded and the index serves (after the first refresh when empty),
   * unless that left no essay at all because feeds failed (see `notReady`).
   */
  ready: boolean;
  /** Why the library is not ready though loaded: no essay, and the feeds' problems. */
  notReady?: string;
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
  readonly #store: EssayStore;
  readonly #log: Logger;
  readonly #now: () => Date;
  readonly #sliceMs: number;
  readonly #feeds: FeedPoller;
  readonly #shelf = new Shelf();
  #catalog = new Catalog();
  /** The last full index; what serves is it, or it with the essays changed since laid over it. */
  #full: SearchIndex | undefined;
  #index: ServingIndex | undefined;
  /** Ids of the essays added, changed or removed since `#full` was built. */
  readonly #changedSinceFull = new Set<string>();
  #loaded: Promise<void> | undefined;
  #refreshing: Promise<RefreshReport> | undefined;
  #takingUp: Promise<TakeUpReport> | undefined;
  /** Refreshes and take-ups change the catalog one at a time, in the order asked. */
  #turn: Promise<unknown> = Promise.resolve();
  /** With a shared store: how far its changes are taken up (changesSince's mark). */
  #mark: string | undefined;
  readonly #splitter: SplitRunner;
  readonly #writer: StoreWriter;
  /** What the serving index indexes, and what the saved copy in the store indexes. */
  #indexFingerprint: string | undefined;
  #savedFingerprint: string | undefined;
  #lastRefreshAt: string | null = null;
  #lastError: string | null = null;

  constructor(opts: LibraryOptions) {
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
    this.#splitter = new SplitRunner({
      log: this.#log,
      sliceMs: this.#sliceMs,
      ...pick(opts, ["split", "splitOffThread"]),
      onSplit: (record) => {
        if (record.split) this.#shelf.set(record.head.id, record.split);
      },
    });
    this.#writer = new StoreWriter(opts.store, this.#log);
  }

  /** Loads what the store holds and builds the index from it; repeated calls share the load. */
  load(): Promise<void> {
    // A load that failed (the database blinked) is tried again by the next caller, take-up or
    // refresh; callers meanwhile share the one attempt.
    this.#loaded ??= this.#load().catch((err: unknown) => {
      this.#loaded = undefined;
      throw err;
    });
    return this.#loaded;
  }

  /** Fetches every feed and takes in what changed; a call while one runs shares that run. */
  refresh(): Promise<RefreshReport> {
    this.#refreshing ??= this.#inTurn(() => this.#refresh()).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  /**
   * With a store several processes share: takes up the essays others stored since the last
   * call (the leader's refreshes, as every other process sees them). Changed essays are laid
   * over the index at once and the full index is rebuilt after, as after a refresh. Nothing to
   * do on a store only this process writes. A call while one waits shares it.
   */
  takeUp(): Promise<TakeUpReport> {
    this.#takingUp ??= this.#inTurn(() => this.#takeUp()).finally(() => {
      this.#takingUp = undefined;
    });
    return this.#takingUp;
  }

  #inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#turn.then(work, work);
    this.#turn = next.catch(() => {});
    return next;
  }

  /** The index serving now, or undefined while the first load is still running. */
  index(): ServingIndex | undefined {
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

  /**
   * When there is no essay at all because the feeds failed (mistyped or down on a first start):
   * a sentence per failing feed, naming it without credentials; otherwise undefined. /essay says
   * this instead of "no match", and /healthz is not ready, since the bot has nothing to serve.
   */
  loadProblem(): string | undefined {
    const index = this.#index;
    if (!index || index.essayCount > 0 || this.#catalog.size > 0) return undefined;
    const problems = this.#feeds
      .status()
      .flatMap((f) => (f.lastError ? [f.lastError.message] : []));
    return problems.length > 0 ? problems.join(" ") : undefined;
  }

  status(): LibraryStatus {
    const index = this.#index;
    const problem = this.loadProblem();
    return {
      ready: index !== undefined && problem === undefined,
      ...(problem ? { notReady: `No essays could be loaded: ${problem}` } : {}),
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
    const stages = stageClock();
    // Read alongside the records (on the thread pool), though used only if it matches them.
    const saved = this.#store.readIndexSnapshot?.() ?? Promise.resolve(undefined);
    saved.catch(() => {}); // an unhandled failure here must not end the process
    const { records, problems } = await this.#readAll();
    stages.mark("read");
    this.#catalog = new Catalog(records);
    if (problems.length > 0) this.#lastError = problems.map((p) => p.message).join(" ");
    const stale = await this.#shelve(records);
    stages.mark("shelve");
    if (stale.length > 0) {
      await this.#splitter.resplit(this.#store, stale);
      // A shared store is re-split in memory only, as in #takeUp: a process that may be a
      // follower never writes, and a write would wake every other process in turn.
      if (!this.#store.changesSince) {
        await this.#writer.save(
          stale.map((record) => ({ record })),
          [],
        );
      }
    }
    stages.mark("resplit");
    // An empty store answers "loading" until the first refresh has tried the feeds.
    if (this.#catalog.size === 0) return;
    await this.#rebuild({ saved });
    stages.mark("index");
    this.#log.debug({ essays: records.length, ms: stages.ms }, "Store loaded");
    // Saved right away too, not only at a clean stop: a crash later still restarts fast.
    await this.#saveIndex();
  }

  /**
   * Puts each record's split on the shelf; returns the records whose split is out of date. In
   * slices: checking and compacting 100k sections' blocks takes over a second.
   */
  async #shelve(records: readonly EssayRecord[]): Promise<EssayRecord[]> {
    const stale: EssayRecord[] = [];
    const clock = sliceClock(this.#sliceMs);
    for (const record of records) {
      if (isCurrent(record.split)) this.#shelf.set(record.head.id, record.split);
      else stale.push(record);
      await clock.pause();
    }
    return stale;
  }

  /** Marks these essays changed since the full index, and lays them over it at once. */
  async #layerChanged(put: readonly string[], removed: readonly string[]): Promise<void> {
    for (const id of put) this.#changedSinceFull.add(id);
    for (const id of removed) this.#changedSinceFull.add(id);
    if (put.length > 0 || removed.length > 0) await this.#layerChanges();
  }

  /** Every record; with a shared store, also where to take up its changes from. */
  async #readAll(): Promise<{ records: EssayRecord[]; problems: StoreProblem[] }> {
    if (!this.#store.changesSince) return this.#store.loadAll();
    const { mark, records, problems } = await this.#store.changesSince(undefined);
    this.#mark = mark;
    return { records, problems };
  }

  async #takeUp({ rebuild = true } = {}): Promise<TakeUpReport> {
    await this.load();
    const store = this.#store;
    if (!store.changesSince) return { put: 0, removed: 0 };
    const changes = await store.changesSince(this.#mark);
    this.#mark = changes.mark;
    for (const problem of changes.problems) {
      this.#log.error({ where: problem.where }, problem.message);
    }
    const { put, removed } = this.#catalog.takeUp(changes.records, changes.removed);
    for (const id of removed) this.#shelf.remove(id);
    const stale = await this.#shelve(put);
    // Split here (the body is in the store) but not written back: the process that stored the
    // essay owns its record, and a write from here would wake every other process in turn.
    if (stale.length > 0) await this.#splitter.resplit(store, stale);
    await this.#layerChanged(
      put.map((r) => r.head.id),
      removed,
    );
    const changed = put.length > 0 || removed.length > 0;
    // The first essays of a store that was empty at start are indexed here too.
    if (rebuild && (changed || (this.#index === undefined && this.#catalog.size > 0))) {
      try {
        await this.#rebuild();
      } catch (err) {
        this.#log.error(
          { err },
          "Building the search index failed; the previous index keeps serving",
        );
      }
    }
    if (changed) {
      this.#log.info(
        { put: put.length, removed: removed.length },
        "Took up essays another process stored",
      );
    }
    return { put: put.length, removed: removed.length };
  }

  /** Saves the index for the next start, if it changed since it was last saved (a clean stop). */
  async close(): Promise<void> {
    await this.#refreshing?.catch(() => {});
    await this.#saveIndex();
  }

  async #saveIndex(): Promise<void> {
    const index = this.#full;
    const fingerprint = this.#indexFingerprint;
    if (!index || !fingerprint || fingerprint === this.#savedFingerprint) return;
    if (await saveIndex(this.#store, index, fingerprint, this.#sliceMs, this.#log)) {
      this.#savedFingerprint = fingerprint;
    }
  }

  async #refresh(): Promise<RefreshReport> {
    await this.load();
    // A process that has just become the leader first catches up with what the last one stored,
    // so it neither takes known essays for new nor writes them again.
    const caughtUp = this.#store.changesSince
      ? await this.#takeUp({ rebuild: false })
      : { put: 0, removed: 0 };
    const stages = stageClock();
    const problems: string[] = [];
    const outcomes = await this.#feeds.pollAll();
    stages.mark("poll");
    let added = 0;
    let updated = 0;
    const put: { record: EssayRecord; body: string }[] = [];
    const removed: string[] = [];
    // Merged in FEED_URLS order, so the first feed wins ties every time.
    const order = new Map(outcomes.map((o, i) => [o.feedUrl, i]));
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.error) problems.push(outcome.error);
      if (!outcome.essays) continue;
      // An essay two feeds carry under one id stays the first feed's copy, whether or not that
      // feed changed this time: merging a later feed's copy over it rewrote the essay, and
      // rebuilt the index, at every refresh, and showed whichever feed was merged last.
      const essays = outcome.essays.filter((essay) => {
        const holder = this.#catalog.get(essay.id)?.head.feedUrl;
        return (order.get(holder ?? "") ?? i) >= i;
      });
      const merged = this.#catalog.merge(essays, this.#now());
      added += merged.added.length;
      updated += merged.updated.length;
      put.push(...merged.put);
      removed.push(...merged.removed);
    }
    for (const id of removed) this.#shelf.remove(id);
    stages.mark("merge");
    await this.#splitter.splitAll(put);
    stages.mark("split");
    const saveProblem = await this.#writer.save(put, removed);
    if (saveProblem) problems.push(saveProblem);
    stages.mark("save");

    await this.#layerChanged(
      put.map(({ record }) => record.head.id),
      removed,
    );
    stages.mark("layer");

    let rebuilt = false;
    const takenUp = caughtUp.put > 0 || caughtUp.removed > 0;
    if (put.length > 0 || removed.length > 0 || takenUp || this.#index === undefined) {
      try {
        await this.#rebuild();
        rebuilt = true;
      } catch (err) {
        const message = `Building the search index failed (${String(err)}); the previous index keeps serving.`;
        problems.push(message);
        this.#log.error({ err }, message);
      }
    }
    stages.mark("rebuild");
    this.#lastRefreshAt = this.#now().toISOString();
    this.#lastError = problems.length > 0 ? problems.join(" ") : null;
    // Where a slow refresh spends its time (wall clock, slices included), for whoever turns
    // LOG_LEVEL to debug.
    this.#log.debug({ added, updated, removed: removed.length, ms: stages.ms }, "Refresh done");
    const nothing = this.loadProblem();
    if (nothing) {
      // An error, not the per-feed warning: the bot has nothing to search or announce.
      this.#log.error(
        { feeds: this.#feeds.status().map((f) => f.feedUrl) },
        `No essays could be loaded; /essay says so until a feed loads. ${nothing}`,
      );
    }
    const feeds = outcomes.map(({ essays: _essays, ...feed }) => feed);
    return { feeds, added, updated, rebuilt };
  }

  /**
   * A new index from every essay, built in slices while the current one keeps serving; at start,
   * the index saved by the last run when it indexes exactly these essays.
   */
  async #rebuild({ saved: savedBytes }: { saved?: Promise<Uint8Array | undefined> } = {}) {
    const records = this.#catalog.records();
    const essays = await runInSlices(this.#shelf.indexable(records), this.#sliceMs);
    const bodyHashOf = (id: string) => this.#catalog.get(id)?.bodyHash;
    const fingerprint = await runInSlices(fingerprintSteps(essays, bodyHashOf), this.#sliceMs);
    const saved = savedBytes
      ? await loadIndex(savedBytes, essays, fingerprint, this.#sliceMs, this.#log)
      : undefined;
    if (saved) {
      this.#full = saved;
      this.#index = saved;
      this.#changedSinceFull.clear();
      this.#indexFingerprint = fingerprint;
      this.#savedFingerprint = fingerprint;
      this.#log.info(
        { essays: saved.essayCount, sections: saved.sectionCount },
        "Search index loaded from the store",
      );
      return;
    }
    const index = await runInSlices(SearchIndex.steps(essays), this.#sliceMs);
    this.#setAside(index.skipped);
    this.#full = index;
    this.#index = index;
    this.#changedSinceFull.clear();
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

  /**
   * Makes the essays changed since the full index was built searchable at once: a small index of
   * just them, weighed against the full one and laid over it, serves until the rebuild that
   * follows lands (tens of seconds at 100k sections). Nothing to do before the first full index.
   */
  async #layerChanges(): Promise<void> {
    const full = this.#full;
    const changed = this.#changedSinceFull;
    if (!full || changed.size > MAX_LAYERED_ESSAYS) return;
    try {
      const records = this.#catalog.records().filter((r) => changed.has(r.head.id));
      const essays = await runInSlices(this.#shelf.indexable(records), this.#sliceMs);
      const top = await runInSlices(
        SearchIndex.steps(essays, { weighAgainst: full }),
        this.#sliceMs,
      );
      this.#setAside(top.skipped);
      this.#index = new LayeredIndex(full, top, new Set(changed));
      this.#log.info(
        { essays: top.essayCount, sections: top.sectionCount },
        "Changed essays are searchable; the full index is rebuilt next",
      );
    } catch (err) {
      // Only a shortcut: the full rebuild that follows takes the changes in anyway.
      this.#log.warn({ err }, "Could not lay the changed essays over the index; rebuilding it");
    }
  }

  #setAside(skipped: readonly { id: string; reason: string }[]): void {
    for (const { id, reason } of skipped) {
      this.#shelf.indexFailed(id, reason);
      const head = this.#catalog.get(id)?.head;
      this.#log.error(
        { essay: head?.title, link: head?.url, reason },
        "Set an essay aside: it cannot be indexed; every other essay is served as usual",
      );
    }
  }
}

/**
 * Up to this many essays changed since the full index was built are laid over it (LayeredIndex)
 * while it is rebuilt: a 1,000-essay overlay builds in about a second, and past that a query
 * that runs on both indexes costs more than the wait saves.
 */
const MAX_LAYERED_ESSAYS = 1000;

/** Wall-clock milliseconds between marks, by the name of the stage each mark ends. */
function stageClock() {
  const ms: Record<string, number> = {};
  let last = performance.now();
  return {
    ms,
    mark(stage: string) {
      const now = performance.now();
      ms[stage] = Math.round(now - last);
      last = now;
    },
  };
}

function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) if (obj[key] !== undefined) out[key] = obj[key];
  return out;
}
