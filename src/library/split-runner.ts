/**
 * Splitting many essays for the library: each new or changed essay once, here in slices or on
 * the worker thread (sent ahead in batches, so the worker never waits on a round trip), each
 * failure set aside and logged with the essay's title and link.
 */
import type { Essay } from "../feed/types.js";
import type { Logger } from "../logger.js";
import type { EssayRecord, EssayStore } from "../store/essay-store.js";
import type { SplitCache } from "../store/split-cache.js";
import { sliceClock } from "./slices.js";
import { failed, isCurrent, type Splitter, splitToCache } from "./splitting.js";

/** Essays sent to the worker ahead of the one awaited. */
const AHEAD = 64;

export interface SplitRunnerOptions {
  log: Logger;
  sliceMs: number;
  split?: Splitter;
  splitOffThread?: (essay: Essay) => Promise<SplitCache>;
  /** Told of every split made, to shelve it. */
  onSplit(record: EssayRecord): void;
}

export class SplitRunner {
  readonly #opts: SplitRunnerOptions;

  constructor(opts: SplitRunnerOptions) {
    this.#opts = opts;
  }

  /** Splits each essay (a record and its body) and keeps the result on the record. */
  async splitAll(items: readonly { record: EssayRecord; body: string }[]): Promise<void> {
    const clock = sliceClock(this.#opts.sliceMs);
    const ahead = new Map<EssayRecord, Promise<SplitCache>>();
    for (const [i, { record, body }] of items.entries()) {
      if (this.#opts.splitOffThread && i % AHEAD === 0) {
        for (const next of items.slice(i, i + AHEAD)) {
          ahead.set(next.record, this.#splitOne({ ...next.record.head, html: next.body }));
        }
      }
      record.split = await (ahead.get(record) ?? this.#splitOne({ ...record.head, html: body }));
      ahead.delete(record);
      this.#done(record);
      await clock.pause();
    }
  }

  /**
   * Essays whose stored split was made by another version of the splitter (or never made: a
   * migrated archive) are split again from their stored bodies.
   */
  async resplit(store: EssayStore, stale: readonly EssayRecord[]): Promise<void> {
    const clock = sliceClock(this.#opts.sliceMs);
    for (const record of stale) {
      const body = await store.readBody(record.head.id).catch(() => undefined);
      record.split =
        body === undefined
          ? failed(
              { ...record.head, html: "" },
              "its body is missing from the store; it comes back when its feed lists it again",
            )
          : await this.#splitOne({ ...record.head, html: body });
      this.#done(record);
      await clock.pause();
    }
    this.#opts.log.info(
      { essays: stale.length },
      "Split essays whose stored split was out of date",
    );
  }

  /** One essay split, here or off the thread; never throws (a failure is a cache that says why). */
  async #splitOne(essay: Essay): Promise<SplitCache> {
    const offThread = this.#opts.splitOffThread;
    if (!offThread) {
      // Loaded only here: the bot splits on its worker, so its main thread never loads cheerio.
      const split = this.#opts.split ?? (await import("../essay/split.js")).draftEssay;
      return splitToCache(essay, split);
    }
    const cache = await offThread(essay);
    // Plain data from the worker: checked, and its blocks made compact, like a stored split.
    return isCurrent(cache) ? cache : failed(essay, "the split came back unusable");
  }

  #done(record: EssayRecord): void {
    this.#opts.onSplit(record);
    const split = record.split;
    if (split && !split.ok) {
      this.#opts.log.error(
        { essay: record.head.title, link: record.head.url, reason: split.reason },
        "Set an essay aside: it cannot be split; every other essay is served as usual",
      );
    }
  }
}
