/**
 * Polls the configured feeds: conditional requests (HTTP validators, a local file's stamp, the
 * same bytes as last time), one outcome per feed, and a status per feed for /healthz. A feed that
 * fails is logged and reported; it never stops the others.
 */
import { displayFeedUrl, withDisplayFeedUrl } from "../feed/display-url.js";
import { FeedError } from "../feed/errors.js";
import { type LoadResult, type ParseFn, loadFeed as realLoadFeed } from "../feed/load.js";
import type { Essay, FeedValidators } from "../feed/types.js";
import { type Logger, silentLogger } from "../logger.js";

export type LoadFeedFn = (
  source: string,
  opts: {
    validators?: FeedValidators;
    timeoutMs?: number;
    maxBytes?: number;
    fetch?: typeof fetch;
    parse?: ParseFn;
  },
) => Promise<LoadResult>;

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

export interface FeedOutcome {
  feedUrl: string;
  outcome: "ok" | "not-modified" | "error";
  /** The feed's essays, when it loaded and changed. */
  essays?: Essay[];
  error?: string;
}

export interface FeedPollerOptions {
  feedUrls: readonly string[];
  log?: Logger;
  loadFeed?: LoadFeedFn;
  now?: () => Date;
  /** Per-feed request limits, passed to loadFeed (its defaults: 15 s, 10 MB). */
  timeoutMs?: number;
  maxBytes?: number;
  fetch?: typeof fetch;
  /** Bytes → essays (default: on this thread; the bot parses on a worker thread). */
  parse?: ParseFn;
}

/**
 * Feeds polled at once. Parsing (on the worker thread) takes feeds one at a time anyway; this
 * many keeps it fed and lets a slow server time out without holding up the rest.
 */
const POLL_PARALLEL = 8;

export class FeedPoller {
  readonly #opts: FeedPollerOptions;
  readonly #log: Logger;
  readonly #load: LoadFeedFn;
  readonly #now: () => Date;
  /** In memory only: after a restart each feed is read once in full, which also heals a store
   * that lost essays. */
  readonly #validators = new Map<string, FeedValidators>();
  readonly #feeds: FeedStatus[];

  constructor(opts: FeedPollerOptions) {
    this.#opts = opts;
    this.#log = opts.log ?? silentLogger;
    this.#load = opts.loadFeed ?? realLoadFeed;
    this.#now = opts.now ?? (() => new Date());
    this.#feeds = opts.feedUrls.map((feedUrl) => ({
      feedUrl,
      lastSuccessAt: null,
      lastError: null,
    }));
  }

  /**
   * Every feed, a few at a time; outcomes in FEED_URLS order, so the first feed wins ties. Not
   * all at once: a hundred local feed files read together filled the thread pool and hashed
   * 130 MB in one burst on the main thread, and /essay waited over a second behind them.
   */
  async pollAll(): Promise<FeedOutcome[]> {
    const outcomes: FeedOutcome[] = new Array(this.#feeds.length);
    let next = 0;
    const lane = async () => {
      while (next < this.#feeds.length) {
        const i = next++;
        outcomes[i] = await this.#poll(this.#feeds[i] as FeedStatus);
      }
    };
    await Promise.all(Array.from({ length: Math.min(POLL_PARALLEL, this.#feeds.length) }, lane));
    return outcomes;
  }

  /** Per-feed status for /healthz: addresses without credentials or query. */
  status(): FeedStatus[] {
    return this.#feeds.map((f) => ({
      ...f,
      feedUrl: displayFeedUrl(f.feedUrl),
      lastError: f.lastError && { ...f.lastError },
    }));
  }

  async #poll(feed: FeedStatus): Promise<FeedOutcome> {
    const { feedUrl } = feed;
    const opts = this.#opts;
    try {
      const result = await this.#load(feedUrl, {
        validators: this.#validators.get(feedUrl) ?? {},
        ...(opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs }),
        ...(opts.maxBytes === undefined ? {} : { maxBytes: opts.maxBytes }),
        ...(opts.fetch === undefined ? {} : { fetch: opts.fetch }),
        ...(opts.parse === undefined ? {} : { parse: opts.parse }),
      });
      feed.lastSuccessAt = this.#now().toISOString();
      feed.lastError = null;
      if (result.status === "not-modified") return { feedUrl, outcome: "not-modified" };
      this.#validators.set(feedUrl, result.validators);
      return { feedUrl, outcome: "ok", essays: result.feed.essays };
    } catch (err) {
      const code = err instanceof FeedError ? err.code : "unexpected";
      // /healthz and logs show the feed without credentials or query (see displayFeedUrl).
      const message = withDisplayFeedUrl(
        err instanceof FeedError
          ? err.message
          : `Feed ${feedUrl} could not be loaded: ${String(err)}`,
        feedUrl,
      );
      feed.lastError = { code, message, at: this.#now().toISOString() };
      this.#log.warn(
        { feedUrl: displayFeedUrl(feedUrl), code, err: message },
        "Feed refresh failed; keeping what the store has",
      );
      return { feedUrl, outcome: "error", error: message };
    }
  }
}
