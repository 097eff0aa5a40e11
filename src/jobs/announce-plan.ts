/**
 * Deciding what to announce: which items are new for a channel, which are only the baseline, and
 * in what order to post. Pure bookkeeping over AnnounceState; no Slack, no clock of its own.
 */
import type { SplitEssay } from "../essay/types.js";
import { urlKey } from "../feed/url-key.js";
import type { AnnounceState } from "../store/announce-state.js";

/** The key two entries share when they link to the same essay ("" when there is no link). */
export function linkOf(essay: SplitEssay): string {
  return (essay.meta.url && urlKey(essay.meta.url)) || "";
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
  state: AnnounceState,
  channel: string,
  essays: readonly SplitEssay[],
  opts: { backlog: number; now: Date; feedOf?: ((id: string) => string | undefined) | undefined },
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
  return baseline.length;
}

/**
 * The items to post now, oldest first: earlier attempts still pending, then items whose identity
 * AND link are both unknown to the channel. Records as "seen" (never posting them) items that
 * only repeat a known link (a guid change), duplicates of a link within this batch, and the
 * existing items of a feed the channel has not seen before (a feed added to FEED_URLS later, or
 * one that failed on the first run, must not flood the channel with its history).
 */
export function planPosts(
  state: AnnounceState,
  channel: string,
  essays: readonly SplitEssay[],
  opts: { now: Date; feedOf?: ((id: string) => string | undefined) | undefined },
): { queue: SplitEssay[]; skipped: number } {
  const queue: SplitEssay[] = [];
  const queuedLinks = new Set<string>();
  const newFeeds = new Set<string>();
  let skipped = 0;
  for (const essay of oldestFirst(essays)) {
    const entry = state.entry(channel, essay.meta.id);
    const link = linkOf(essay);
    if (entry?.state === "pending") {
      queue.push(essay);
      if (link) queuedLinks.add(link);
      continue;
    }
    if (entry) continue;
    const feed = opts.feedOf?.(essay.meta.id);
    const unknownFeed = feed !== undefined && !state.hasFeed(channel, feed);
    if (unknownFeed) newFeeds.add(feed);
    if (unknownFeed || state.hasLink(channel, link) || (link && queuedLinks.has(link))) {
      markSeen(state, channel, essay, opts.now);
      skipped++;
      continue;
    }
    queue.push(essay);
    if (link) queuedLinks.add(link);
  }
  for (const feed of newFeeds) state.addFeed(channel, feed);
  return { queue, skipped };
}

function markSeen(state: AnnounceState, channel: string, essay: SplitEssay, now: Date): void {
  state.set(channel, essay.meta.id, { state: "seen", link: linkOf(essay), at: now.toISOString() });
}
