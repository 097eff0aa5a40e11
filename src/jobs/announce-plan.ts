/**
 * Deciding what to announce: which items are new for a channel, which are only the baseline, and
 * in what order to post. Pure bookkeeping over AnnounceLedger; no Slack, no clock of its own.
 */
import type { SplitEssay } from "../essay/types.js";
import { urlKey } from "../feed/url-key.js";
import type { AnnounceLedger } from "../store/announce-ledger.js";

/** The key two entries share when they link to the same essay ("" when there is no link). */
export function linkOf(essay: SplitEssay): string {
  return (essay.meta.url && urlKey(essay.meta.url)) || "";
}

/**
 * Title + publication day, normalised ("" when undated or untitled): what still identifies an
 * essay after a blog migration that changed both its guid and its link.
 */
export function titleOf(essay: SplitEssay): string {
  const { title, published } = essay.meta;
  if (!published) return "";
  const words = title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return words ? `${words}|${published.slice(0, 10)}` : "";
}

/** What a channel's entry records about an essay's identity besides its id. */
export function aliasesOf(essay: SplitEssay): { link: string; title?: string } {
  const title = titleOf(essay);
  return title ? { link: linkOf(essay), title } : { link: linkOf(essay) };
}

/**
 * Oldest first, so a channel reads in publication order. Undated items go last (they are new to
 * us, so most likely the newest); ties keep the archive's first-seen order.
 */
export function oldestFirst(essays: readonly SplitEssay[]): SplitEssay[] {
  const time = (e: SplitEssay) => {
    const t = e.meta.published ? Date.parse(e.meta.published) : Number.NaN;
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  return essays
    .map((essay, i) => ({ essay, i, t: time(essay) }))
    .sort((a, b) => (a.t === b.t ? a.i - b.i : a.t < b.t ? -1 : 1))
    .map((x) => x.essay);
}

/**
 * A channel's first run: everything already published is recorded as "seen" rather than posted
 * (a bot added to a channel should not dump an author's history into it), except the newest
 * `backlog` items, which are left unrecorded so the normal path announces them.
 */
export function takeBaseline(
  state: AnnounceLedger,
  channel: string,
  essays: readonly SplitEssay[],
  opts: { backlog: number; now: Date } & FeedOptions,
): number {
  state.initialize(channel, opts.now);
  const ordered = oldestFirst(essays);
  const keep = Math.max(0, Math.min(opts.backlog, ordered.length));
  const baseline = ordered.slice(0, ordered.length - keep);
  for (const essay of baseline) markSeen(state, channel, essay, opts.now);
  for (const essay of essays) {
    const feed = opts.feedOf?.(essay.meta.id);
    if (feed) state.addFeed(channel, feed);
  }
  addEmptyFeeds(state, channel, essays, opts);
  return baseline.length;
}

interface FeedOptions {
  /** Which feed an essay came from (enables the new-feed rule below). */
  feedOf?: ((id: string) => string | undefined) | undefined;
  /** Feeds that loaded in this refresh, whether or not they hold any essays yet. */
  loadedFeeds?: readonly string[] | undefined;
}

/**
 * A feed that loaded but has no essays yet has no history to flood the channel with: it is known
 * from now on, so its first essay is announced rather than taken for that feed's back catalogue.
 */
function addEmptyFeeds(
  state: AnnounceLedger,
  channel: string,
  essays: readonly SplitEssay[],
  opts: FeedOptions,
): void {
  if (!opts.loadedFeeds || !opts.feedOf) return;
  const withEssays = new Set(essays.map((e) => opts.feedOf?.(e.meta.id)));
  for (const feed of opts.loadedFeeds) {
    if (!withEssays.has(feed) && !state.hasFeed(channel, feed)) state.addFeed(channel, feed);
  }
}

/**
 * The items to post now, oldest first: earlier attempts still pending, then items whose identity,
 * link and title + day are all unknown to the channel. Records as "seen" (never posting them)
 * items that only repeat a known link (a guid change) or a known title and day (a migration that
 * changed guids and links), duplicates of either within this batch, and the
 * existing items of a feed the channel has not seen before (a feed added to FEED_URLS later, or
 * one that failed on the first run, must not flood the channel with its history).
 */
export function planPosts(
  state: AnnounceLedger,
  channel: string,
  essays: readonly SplitEssay[],
  opts: { now: Date } & FeedOptions,
): { queue: SplitEssay[]; skipped: number } {
  const queue: SplitEssay[] = [];
  const queued = new Set<string>();
  const newFeeds = new Set<string>();
  let skipped = 0;
  const enqueue = (essay: SplitEssay, link: string, title: string) => {
    queue.push(essay);
    if (link) queued.add(`link:${link}`);
    if (title) queued.add(`title:${title}`);
  };
  for (const essay of oldestFirst(essays)) {
    const entry = state.entry(channel, essay.meta.id);
    const link = linkOf(essay);
    const title = titleOf(essay);
    if (entry?.state === "pending") {
      enqueue(essay, link, title);
      continue;
    }
    if (entry) continue;
    const feed = opts.feedOf?.(essay.meta.id);
    const unknownFeed = feed !== undefined && !state.hasFeed(channel, feed);
    if (unknownFeed) newFeeds.add(feed);
    const knownAlias =
      state.hasLink(channel, link) ||
      state.hasTitle(channel, title) ||
      (link !== "" && queued.has(`link:${link}`)) ||
      (title !== "" && queued.has(`title:${title}`));
    if (unknownFeed || knownAlias) {
      markSeen(state, channel, essay, opts.now);
      skipped++;
      continue;
    }
    enqueue(essay, link, title);
  }
  for (const feed of newFeeds) state.addFeed(channel, feed);
  addEmptyFeeds(state, channel, essays, opts);
  return { queue, skipped };
}

export function markSeen(
  state: AnnounceLedger,
  channel: string,
  essay: SplitEssay,
  now: Date,
): void {
  state.set(channel, essay.meta.id, { state: "seen", ...aliasesOf(essay), at: now.toISOString() });
}

/**
 * Many new essays in one run are not posted one by one: the newest `limit` are, and the older
 * ones (`rest`, newest first) are named together in one message. Posts resumed from an earlier
 * attempt are not new and always go on their own.
 */
export function splitFlood(
  state: AnnounceLedger,
  channel: string,
  queue: readonly SplitEssay[],
  limit: number,
): { queue: SplitEssay[]; rest: SplitEssay[] } {
  const fresh = queue.filter((e) => state.entry(channel, e.meta.id) === undefined);
  if (fresh.length <= limit) return { queue: [...queue], rest: [] };
  const rest = new Set(fresh.slice(0, fresh.length - Math.max(1, limit)));
  return { queue: queue.filter((e) => !rest.has(e)), rest: [...rest].reverse() };
}
