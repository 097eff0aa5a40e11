/**
 * Digests on DIGEST_CRON: a "daily" subscription gets one on every run, a "weekly" one on the
 * first run of each ISO week; each lists the essays new to that channel since its last digest
 * (matching its topics, if it has some), and nothing is posted when there are none. Exactly once,
 * with the announcer's bookkeeping in the same announce state: the digest's essays are marked
 * pending (saved) before the post, and announced after Slack confirms. The post carries metadata
 * naming the attempt, so after a crash the channel's history says whether it landed.
 */
import type { SplitEssay } from "../essay/types.js";
import type { Logger } from "../logger.js";
import { type DigestItem, renderDigest } from "../render/digest.js";
import type { ServingIndex } from "../search/serving-index.js";
import type { AnnounceLedger, DigestWeekLog } from "../store/announce-ledger.js";
import { isoWeek } from "../store/digest-weeks.js";
import type { ChannelSubscription } from "../subscriptions/types.js";
import { aliasesOf, markSeen, planPosts, takeBaseline } from "./announce-plan.js";
import { ANNOUNCE_EVENT_TYPE, type AnnouncePoster, PostError, sendIfStill } from "./poster.js";
import { withRateLimits } from "./rate-limits.js";
import type { Sleep } from "./sleep.js";
import { topicMatcher } from "./topics.js";

export interface DigestContext {
  state: AnnounceLedger;
  weeks: DigestWeekLog;
  poster: AnnouncePoster;
  essays: readonly SplitEssay[];
  index: ServingIndex | undefined;
  feedOf?: ((id: string) => string | undefined) | undefined;
  now: () => Date;
  sleep: Sleep;
  log: Logger;
  signal?: AbortSignal | undefined;
}

export type DigestOutcome =
  | "posted"
  | "nothing-new"
  | "not-this-week"
  | "baseline"
  /** Topics to match but no index serving yet: skipped, nothing marked, tried next run. */
  | "index-loading";

/** The id a digest attempt's message carries, from the time its essays were marked pending. */
const digestId = (channel: string, at: string) => `digest:${channel}:${at}`;
const MARGIN_MS = 10 * 60_000;

export async function runDigest(
  sub: ChannelSubscription,
  ctx: DigestContext,
): Promise<DigestOutcome> {
  const { state, channel } = { state: ctx.state, channel: sub.channel };
  const now = ctx.now();
  const week = isoWeek(now);
  if (!state.isInitialized(channel)) {
    if (ctx.essays.length === 0) return "baseline";
    takeBaseline(state, channel, ctx.essays, { backlog: 0, now, feedOf: ctx.feedOf });
    await state.save();
    return "baseline";
  }
  if (sub.delivery === "weekly" && ctx.weeks.week(channel) === week) return "not-this-week";
  // Without the index no essay matches a topic: running now would mark them all seen and lose
  // them. Skipped before anything is marked (a weekly one stays due this week).
  if (sub.topics.length > 0 && !ctx.index) {
    ctx.log.info({ channel }, "A topic digest waits: the index is still loading");
    return "index-loading";
  }
  const slack = <T>(call: () => Promise<T>) =>
    withRateLimits(call, {
      sleep: ctx.sleep,
      log: ctx.log,
      signal: ctx.signal,
      maxRetries: 3,
      maxRetryAfterSec: 60,
    });

  // An earlier digest interrupted after its essays were marked: did it land?
  const attempts = new Map<string, string[]>();
  for (const [id, entry] of state.pending(channel)) {
    attempts.set(entry.at, [...(attempts.get(entry.at) ?? []), id]);
  }
  for (const [at, ids] of attempts) {
    const attempt = digestId(channel, at);
    const t = Date.parse(at);
    const window = { since: new Date(t - MARGIN_MS), until: new Date(t + 6 * MARGIN_MS) };
    const found = await slack(() => ctx.poster.findAnnounced(channel, [attempt], window));
    const ts = found instanceof Map ? found.get(attempt) : undefined;
    if (ts === undefined) continue; // never landed (or cannot tell): the new digest lists them
    for (const id of ids) {
      const entry = state.entry(channel, id);
      if (entry) state.set(channel, id, { ...entry, state: "announced", ts });
    }
  }

  const planned = planPosts(state, channel, ctx.essays, { now, feedOf: ctx.feedOf });
  const match = sub.topics.length > 0 ? topicMatcher(ctx.index, sub.topics) : undefined;
  const items: DigestItem[] = [];
  for (const essay of planned.queue) {
    const pending = state.entry(channel, essay.meta.id)?.state === "pending";
    const topic = match?.(essay)?.topic;
    if (match && !topic && !pending) {
      markSeen(state, channel, essay, now);
      continue;
    }
    items.push(topic ? { essay, topic } : { essay });
  }
  if (items.length === 0) {
    await state.save();
    await ctx.weeks.set(channel, week);
    return "nothing-new";
  }
  const at = now.toISOString();
  for (const { essay } of items) {
    state.set(channel, essay.meta.id, { state: "pending", ...aliasesOf(essay), at });
  }
  await state.save(); // on disk before Slack hears of it
  const message = renderDigest(sub.delivery === "weekly" ? "weekly" : "daily", items);
  const metadata = {
    event_type: ANNOUNCE_EVENT_TYPE,
    event_payload: { id: digestId(channel, at), url: "" },
  } as const;
  let ts: string;
  try {
    ({ ts } = await slack(() => {
      sendIfStill(ctx.signal);
      return ctx.poster.post(channel, message, metadata, ctx.signal);
    }));
  } catch (err) {
    if (err instanceof PostError && err.kind === "rejected") {
      // Slack refused it outright: it never landed, so the essays are simply new again.
      for (const { essay } of items) state.forget(channel, essay.meta.id);
      await state.save();
    }
    throw err;
  }
  const done = ctx.now().toISOString();
  for (const { essay } of items) {
    state.set(channel, essay.meta.id, { state: "announced", ...aliasesOf(essay), at: done, ts });
  }
  await state.save();
  await ctx.weeks.set(channel, week);
  ctx.log.info({ channel, essays: items.length, ts }, "Posted a digest");
  return "posted";
}
