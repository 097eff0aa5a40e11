/**
 * One refresh: fetch every feed (conditional GET), merge into the archive, save it, and build a
 * new corpus + SearchIndex off to the side from the whole archive, handed over whole. A feed that
 * fails is logged and reported; the other feeds and the index already serving carry on.
 */
import { buildCorpus } from "../essay/corpus.js";
import type { SplitEssay } from "../essay/types.js";
import { displayFeedUrl, withDisplayFeedUrl } from "../feed/display-url.js";
import { FeedError } from "../feed/errors.js";
import { type LoadResult, loadFeed as realLoadFeed } from "../feed/load.js";
import type { Essay, FeedValidators } from "../feed/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { SearchIndex } from "../search/search-index.js";
import type { Archive } from "../store/archive.js";

export type LoadFeedFn = (
  source: string,
  opts: {
    validators?: FeedValidators;
    timeoutMs?: number;
    maxBytes?: number;
    fetch?: typeof fetch;
  },
) => Promise<LoadResult>;

export interface RefresherOptions {
  feedUrls: readonly string[];
  archive: Pick<Archive, "all" | "upsert" | "save">;
  /** Receives each newly built index; the caller swaps its reference to it. */
  onIndex: (index: SearchIndex) => void;
  log?: Logger;
  loadFeed?: LoadFeedFn;
  now?: () => Date;
  /** Per-feed request limits, passed to loadFeed (its defaults: 15 s, 10 MB). */
  timeoutMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
}

export interface FeedProblem {
  code: string;
  message: string;
  at: string;
}

export interface FeedStatus {
  feedUrl: string;
  lastSuccessAt: string | null;
  /** The last attempt's failure; null once the feed loads again. */
  lastError: FeedProblem | null;
}

export interface RefreshStatus {
  /** When the last refresh finished (ISO), successful or not. */
  lastRefreshAt: string | null;
  /** Every problem of the last refresh as sentences naming the feed; null when all went well. */
  lastError: string | null;
  feeds: FeedStatus[];
}

export interface RefreshReport {
  feeds: {
    feedUrl: string;
    outcome: "ok" | "not-modified" | "error";
    essays?: number;
    error?: string;
  }[];
  added: number;
  updated: number;
  /** True when a new index was built and handed to onIndex in this run. */
  rebuilt: boolean;
  /** The corpus now serving (the whole archive), or undefined while there is none. */
  corpus: SplitEssay[] | undefined;
}

export function createRefresher(opts: RefresherOptions) {
  const { archive, onIndex } = opts;
  const log = opts.log ?? silentLogger;
  const load = opts.loadFeed ?? realLoadFeed;
  const now = opts.now ?? (() => new Date());
  // In memory only: after a restart the first fetch is unconditional, which also heals an
  // archive that was lost or moved aside.
  const validators = new Map<string, FeedValidators>();
  const feeds: FeedStatus[] = opts.feedUrls.map((feedUrl) => ({
    feedUrl,
    lastSuccessAt: null,
    lastError: null,
  }));
  const status: Omit<RefreshStatus, "feeds"> = { lastRefreshAt: null, lastError: null };
  let corpus: SplitEssay[] | undefined;
  let running: Promise<RefreshReport> | undefined;

  type FeedOutcome = RefreshReport["feeds"][number] & {
    added?: number;
    updated?: number;
    loaded?: Essay[];
  };

  /** Fetch and parse one feed; merging into the archive happens afterwards, in FEED_URLS order. */
  async function refreshFeed(feed: FeedStatus): Promise<FeedOutcome> {
    const { feedUrl } = feed;
    try {
      const result = await load(feedUrl, {
        validators: validators.get(feedUrl) ?? {},
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
        ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }),
      });
      feed.lastSuccessAt = now().toISOString();
      feed.lastError = null;
      if (result.status === "not-modified") return { feedUrl, outcome: "not-modified" };
      validators.set(feedUrl, result.validators);
      return {
        feedUrl,
        outcome: "ok",
        essays: result.feed.essays.length,
        loaded: result.feed.essays,
      };
    } catch (err) {
      const code = err instanceof FeedError ? err.code : "unexpected";
      // /healthz and logs show the feed without credentials or query (see displayFeedUrl).
      const message = withDisplayFeedUrl(
        err instanceof FeedError
          ? err.message
          : `Feed ${feedUrl} could not be loaded: ${String(err)}`,
        feedUrl,
      );
      feed.lastError = { code, message, at: now().toISOString() };
      log.warn(
        { feedUrl: displayFeedUrl(feedUrl), code, err: message },
        "Feed refresh failed; keeping what the archive has",
      );
      return { feedUrl, outcome: "error", error: message };
    }
  }

  /** Merge what each feed loaded, in FEED_URLS order, so the first feed wins ties every time. */
  function merge(outcome: FeedOutcome): FeedOutcome {
    if (!outcome.loaded) return outcome;
    const { added, updated } = archive.upsert(outcome.loaded);
    log.debug(
      {
        feedUrl: displayFeedUrl(outcome.feedUrl),
        essays: outcome.loaded.length,
        added: added.length,
        updated: updated.length,
      },
      "Feed loaded",
    );
    return { ...outcome, added: added.length, updated: updated.length };
  }

  async function runOnce(): Promise<RefreshReport> {
    const problems: string[] = [];
    // Loaded in parallel, merged in FEED_URLS order so the first feed wins ties.
    const loaded = (await Promise.all(feeds.map((feed) => refreshFeed(feed)))).map(merge);
    for (const outcome of loaded) if (outcome.error) problems.push(outcome.error);
    const essays = archive.all();
    const added = loaded.reduce((n, o) => n + (o.added ?? 0), 0);
    const updated = loaded.reduce((n, o) => n + (o.updated ?? 0), 0);
    const changed = added + updated > 0;
    try {
      await archive.save();
    } catch (err) {
      // The merged essays are still in memory and served; the next refresh saves again.
      const message = err instanceof Error ? err.message : String(err);
      problems.push(message);
      log.error({ err: message }, "Could not save the archive");
    }
    let rebuilt = false;
    const anyLoaded = loaded.some((o) => o.outcome !== "error");
    // Never replace a serving index with an empty one because every feed failed.
    if ((corpus === undefined || changed) && (essays.length > 0 || anyLoaded)) {
      try {
        const next = buildCorpus(essays);
        const index = SearchIndex.build(next);
        corpus = next;
        onIndex(index);
        rebuilt = true;
        log.info(
          { essays: index.essayCount, sections: index.sectionCount },
          "Search index rebuilt",
        );
      } catch (err) {
        const message = `Building the search index failed (${String(err)}); the previous index keeps serving.`;
        problems.push(message);
        log.error({ err }, message);
      }
    }
    status.lastRefreshAt = now().toISOString();
    status.lastError = problems.length > 0 ? problems.join(" ") : null;
    const report = loaded.map(({ added: _a, updated: _u, loaded: _l, ...feed }) => feed);
    return { feeds: report, added, updated, rebuilt, corpus };
  }

  return {
    /** Refresh now; a call while one is running shares that run instead of starting another. */
    run(): Promise<RefreshReport> {
      running ??= runOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    status(): RefreshStatus {
      return {
        ...status,
        feeds: feeds.map((f) => ({
          ...f,
          feedUrl: displayFeedUrl(f.feedUrl),
          lastError: f.lastError && { ...f.lastError },
        })),
      };
    },
  };
}

export type Refresher = ReturnType<typeof createRefresher>;
