/**
 * Announces new essays in one channel, each exactly once, across restarts and crashes:
 * mark pending (saved) → post with metadata → mark announced (saved). A pending item found on a
 * later run is looked up in the channel's history before it is posted again.
 */
import type { SplitEssay } from "../essay/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { renderAnnouncement } from "../render/announcement.js";
import { renderFloodSummary } from "../render/flood-summary.js";
import type { AnnounceLedger } from "../store/announce-ledger.js";
import {
  type ChannelProblem,
  createFailureReporter,
  type StopReason,
} from "./announce-failures.js";
import { aliasesOf, markSeen, planPosts, splitFlood, takeBaseline } from "./announce-plan.js";
import {
  ANNOUNCE_EVENT_TYPE,
  type AnnounceMessage,
  type AnnouncePoster,
  PostError,
  sendIfStill,
} from "./poster.js";
import { withRateLimits } from "./rate-limits.js";
import { sleep as realSleep, type Sleep } from "./sleep.js";
import type { TopicMatch } from "./topics.js";

export interface AnnouncerOptions {
  /** Channel ID (ANNOUNCE_CHANNEL). */
  channel: string;
  /** On the channel's first run, how many of the newest items to post (ANNOUNCE_BACKLOG). */
  backlog?: number;
  /**
   * The announce state to run with (shared by every target). Called once per run: a store shared
   * by several processes hands back what the database holds now.
   */
  state: () => Promise<AnnounceLedger>;
  poster: AnnouncePoster;
  log?: Logger;
  sleep?: Sleep;
  now?: () => Date;
  /** Least time between two posts in the channel. Default 1000: Slack allows ~1 message/s/channel. */
  intervalMs?: number;
  /** A 429 asking to wait longer than this leaves the post for the next run. Default 60. */
  maxRetryAfterSec?: number;
  /** 429s tolerated per call before leaving the rest for the next run. Default 3. */
  maxRateLimitRetries?: number;
  /**
   * History is searched from this long before a pending post was attempted to this long after
   * the attempt could have ended (clock skew between us and Slack). Default 10 min.
   */
  historyMarginMs?: number;
  /**
   * Which feed an essay came from (e.g. `(id) => library.feedOf(id)`): the existing essays
   * of a feed the channel has not seen before are recorded, not posted.
   */
  feedOf?: (id: string) => string | undefined;
  render?: (essay: SplitEssay, match?: TopicMatch) => AnnounceMessage;
  /**
   * Which essays this target wants (a topic subscription or alert): an essay new to the target
   * that does not match is recorded as seen, once, and never looked at again (so an edit that
   * makes it match later does not send it). Unset: every essay.
   */
  select?: () => ((essay: SplitEssay) => TopicMatch | undefined) | undefined;
  /**
   * New essays in one run beyond this many are not posted one by one: the newest this many are,
   * after one message naming the rest. Default FLOOD_LIMIT.
   */
  floodLimit?: number;
}

/**
 * Five full announcements in a row is already a lot for a channel to scroll past; 300 at one a
 * second would hold it for five minutes. Not an environment variable: the contract lists those.
 */
export const FLOOD_LIMIT = 5;

export interface RunOptions {
  /** Aborts between posts (graceful stop). */
  signal?: AbortSignal;
  /** Feeds that loaded in this refresh: an empty one is known from now on (see announce-plan). */
  loadedFeeds?: readonly string[];
}

export interface AnnounceReport {
  channel: string;
  /** Posted in this run, in order. */
  posted: { id: string; ts: string }[];
  /** Pending from an earlier run and found already posted in the channel's history. */
  foundInHistory: string[];
  /** Recorded without posting (first-run baseline, repeated links, a new feed's history). */
  recordedOnly: number;
  /** New essays named together in one message rather than posted one by one (a flood). */
  summarized?: number;
  /** Still waiting to be posted (a later run retries them). */
  waiting: number;
  /** Why posting stopped early, if it did. */
  stopped?: { reason: StopReason };
}

export interface AnnounceStatus {
  channel: string;
  lastRunAt: string | null;
  lastPostAt: string | null;
  announced: number;
  pending: number;
  /** The problem a person must fix (bot not in channel, bad token…), cleared by the next good post. */
  lastError: ChannelProblem | null;
  /** The last post that could not be checked against the history (it may appear twice), and why. */
  lastWarning: ChannelProblem | null;
}

export function createAnnouncer(opts: AnnouncerOptions) {
  const { channel, poster } = opts;
  const log = (opts.log ?? silentLogger).child({ channel });
  const now = opts.now ?? (() => new Date());
  const sleep = opts.sleep ?? realSleep;
  const intervalMs = opts.intervalMs ?? 1000;
  const render = opts.render ?? renderAnnouncement;
  const floodLimit = Math.max(1, opts.floodLimit ?? FLOOD_LIMIT);
  const failures = createFailureReporter(log, now);
  let chain: Promise<unknown> = Promise.resolve();
  let lastPostMs = Number.NEGATIVE_INFINITY;
  const historyMarginMs = opts.historyMarginMs ?? 10 * 60_000;
  const maxRetries = opts.maxRateLimitRetries ?? 3;
  const maxRetryAfterSec = opts.maxRetryAfterSec ?? 60;
  // How long one attempt can go on after its pending mark: every 429 waited out, and each call
  // given a generous minute (the poster's own timeout is 10 s).
  const attemptMs = maxRetries * maxRetryAfterSec * 1000 + (maxRetries + 1) * 60_000;
  const status = {
    lastRunAt: null as string | null,
    lastPostAt: null as string | null,
    announced: 0,
    pending: 0,
  };

  const getState = () => opts.state();

  const slack = <T>(call: () => Promise<T>, signal?: AbortSignal) =>
    withRateLimits(call, {
      sleep,
      log,
      signal,
      maxRetries,
      maxRetryAfterSec,
    });

  /**
   * Pending posts may have landed before a crash: trust the channel's history over our file.
   * Each is looked for only in the minutes its attempt could have landed in. Returns the ids
   * that could not be checked this time (they wait for the next run; the others go on), or a
   * reason to stop the whole run (a problem no post would get past).
   */
  async function resolvePending(
    state: AnnounceLedger,
    report: AnnounceReport,
    byId: ReadonlyMap<string, SplitEssay>,
    signal?: AbortSignal,
  ): Promise<{ unchecked: Set<string> } | { stop: StopReason }> {
    const unchecked = new Set<string>();
    let changed = false;
    for (const [id, entry] of state.pending(channel)) {
      const essay = byId.get(id);
      const fields = { essayId: id, essayUrl: essay?.meta.url };
      const at = Date.parse(entry.at);
      const window = {
        since: new Date(at - historyMarginMs),
        until: new Date(at + historyMarginMs + attemptMs),
      };
      let found: Awaited<ReturnType<AnnouncePoster["findAnnounced"]>>;
      try {
        found = await slack(() => poster.findAnnounced(channel, [id], window), signal);
      } catch (err) {
        if (err instanceof PostError && err.kind === "fatal") {
          return { stop: failures.failed(err) ?? "fatal" };
        }
        unchecked.add(id);
        for (const covered of entry.covers ?? []) unchecked.add(covered);
        log.warn(
          { ...fields, code: err instanceof PostError ? err.code : undefined, err },
          "Could not check the channel's history for an interrupted post; that essay waits for the next run, the others go on",
        );
        continue;
      }
      if (entry.covers) {
        // A flood summary: found, its essays are announced; not found (or undecidable), they are
        // simply new again and the run names them in a new summary.
        const ts = found instanceof Map ? found.get(id) : undefined;
        if (ts !== undefined) {
          markSummarized(state, entry.covers, byId, ts);
          report.foundInHistory.push(...entry.covers);
        }
        state.forget(channel, id);
        changed = true;
        if (found instanceof Map) continue;
      } else if (found instanceof Map) {
        const ts = found.get(id);
        if (ts === undefined) continue; // it never landed: the queue posts it
        state.set(channel, id, { ...entry, state: "announced", ts, at: now().toISOString() });
        report.foundInHistory.push(id);
        changed = true;
        continue;
      }
      // The check cannot decide. The rule: post it again. A duplicate is a visible nuisance; a
      // lost announcement means nobody hears of the essay, which is the one thing the bot is for.
      const title = entry.covers
        ? `the message naming ${entry.covers.length} new essays`
        : essay
          ? `"${essay.meta.title}"`
          : id;
      const persistent = found.unknown !== "history_incomplete";
      const message = persistent
        ? found.message
        : `Could not tell whether ${title} was announced in ${channel} before a crash: ${found.message} It is posted again, so it may appear twice.`;
      failures.uncertain(found.unknown, message, fields, persistent);
    }
    if (changed) await state.save();
    return { unchecked };
  }

  async function postOne(
    state: AnnounceLedger,
    essay: SplitEssay,
    match: TopicMatch | undefined,
    signal?: AbortSignal,
  ) {
    const { id, url } = essay.meta;
    const message = render(essay, match);
    const aliases = aliasesOf(essay);
    state.set(channel, id, { state: "pending", ...aliases, at: now().toISOString() });
    await state.save(); // on disk before Slack hears of it: a crash now leaves a trace to check
    const metadata = { event_type: ANNOUNCE_EVENT_TYPE, event_payload: { id, url } } as const;
    try {
      const { ts } = await slack(() => {
        sendIfStill(signal);
        return poster.post(channel, message, metadata, signal);
      }, signal);
      const at = now().toISOString();
      state.set(channel, id, { state: "announced", ...aliases, at, ts });
      status.lastPostAt = at;
      status.announced += 1;
      status.pending = Math.max(0, status.pending - 1);
      failures.recovered();
      await state.save();
      log.info({ essay: id, title: essay.meta.title, ts }, "Announced essay");
      return ts;
    } finally {
      // Spacing counts from when Slack answered, so it holds at Slack's end too.
      lastPostMs = now().getTime();
    }
  }

  /** Waits until the channel may take another post; false when a stop was requested. */
  async function paced(signal?: AbortSignal): Promise<boolean> {
    // A loop, not one sleep: timers may fire a little early, and the spacing must hold.
    let wait = lastPostMs + intervalMs - now().getTime();
    while (wait > 0 && !signal?.aborted) {
      await sleep(wait, signal);
      wait = lastPostMs + intervalMs - now().getTime();
    }
    return !signal?.aborted;
  }

  async function runOnce(essays: readonly SplitEssay[], runOpts: RunOptions) {
    const { signal, loadedFeeds } = runOpts;
    const report: AnnounceReport = {
      channel,
      posted: [],
      foundInHistory: [],
      recordedOnly: 0,
      waiting: 0,
    };
    const state = await getState();
    status.lastRunAt = now().toISOString();
    let baselineSaved = true;
    const firstRun = !state.isInitialized(channel);
    if (firstRun) {
      // Nothing loaded yet (feed down on the very first start): a baseline of nothing would
      // make everything "new" later, so wait for content.
      if (essays.length === 0) return report;
      const backlog = state.recovered ? 0 : (opts.backlog ?? 0);
      const baseline = { backlog, now: now(), feedOf: opts.feedOf, loadedFeeds };
      report.recordedOnly += takeBaseline(state, channel, essays, baseline);
      baselineSaved = await saved(state, report);
      log.info(
        { recorded: report.recordedOnly, backlog },
        "First run for this channel: existing essays recorded, not posted",
      );
    }
    const planned = planPosts(state, channel, essays, {
      now: now(),
      feedOf: opts.feedOf,
      loadedFeeds,
    });
    report.recordedOnly += planned.skipped;
    const matches = new Map<string, TopicMatch>();
    const select = opts.select?.();
    if (select) {
      const wanted: SplitEssay[] = [];
      for (const essay of planned.queue) {
        const match = select(essay);
        if (match) matches.set(essay.meta.id, match);
        // Pending: it matched when it was first tried; its post is finished whatever it says now.
        if (match || state.entry(channel, essay.meta.id)) wanted.push(essay);
        else {
          markSeen(state, channel, essay, now());
          report.recordedOnly += 1;
        }
      }
      planned.queue = wanted;
    }
    // ANNOUNCE_BACKLOG asks for that many posts on the first run, flood or not.
    const limit = Math.max(floodLimit, firstRun && !state.recovered ? (opts.backlog ?? 0) : 0);
    const { queue, rest } = splitFlood(state, channel, planned.queue, limit);
    const all = [...rest, ...queue];
    count(state, all);
    // Skipped items and newly known feeds must be on disk before anything is posted.
    if (!baselineSaved || !(await saved(state, report))) return finish(state, report, all);
    let unchecked: Set<string>;
    try {
      const byId = new Map(all.map((e) => [e.meta.id, e]));
      const resolved = await resolvePending(state, report, byId, signal);
      if ("stop" in resolved) {
        report.stopped = { reason: resolved.stop };
        return finish(state, report, all);
      }
      unchecked = resolved.unchecked;
    } catch (err) {
      report.stopped = { reason: failures.failed(err) ?? "retryable" };
      return finish(state, report, all);
    }
    count(state, all);
    // Named by a summary found in the history, or one whose history could not be read yet.
    const unsaid = rest.filter(
      (e) => state.entry(channel, e.meta.id) === undefined && !unchecked.has(e.meta.id),
    );
    if (unsaid.length > 0) {
      const individually = queue.filter((e) => state.entry(channel, e.meta.id) === undefined);
      const reason = await postSummary(state, unsaid, individually.length, signal);
      if (reason) {
        report.stopped = { reason };
        return finish(state, report, all);
      }
      report.summarized = unsaid.length;
    }
    for (const essay of queue) {
      if (state.entry(channel, essay.meta.id)?.state === "announced") continue;
      // Posting it could duplicate a post that landed: it waits until history can be read.
      if (unchecked.has(essay.meta.id)) continue;
      if (!(await paced(signal))) {
        report.stopped = { reason: "stop-requested" };
        break;
      }
      try {
        const match = matches.get(essay.meta.id);
        report.posted.push({ id: essay.meta.id, ts: await postOne(state, essay, match, signal) });
      } catch (err) {
        if (err instanceof PostError && err.kind === "rejected") {
          // Slack answered that it did not post (invalid_blocks, msg_too_long): no pending mark
          // to resolve from history; the item is simply new again at the next run.
          state.forget(channel, essay.meta.id);
          await state.save().catch(() => {});
        }
        const reason = failures.failed(err, essay);
        if (reason) {
          report.stopped = { reason };
          break;
        }
      }
    }
    return finish(state, report, all);
  }

  /**
   * One message naming the essays of a flood that are not posted one by one, exactly once like
   * an essay's post: its own entry is marked pending (naming the essays it covers) and saved,
   * then it is posted with metadata carrying its id, and a later run looks for a pending one in
   * the history before naming those essays again. The essays stay new until it is confirmed.
   * Returns why the run should stop, if it should.
   */
  async function postSummary(
    state: AnnounceLedger,
    rest: readonly SplitEssay[],
    individually: number,
    signal?: AbortSignal,
  ): Promise<StopReason | undefined> {
    if (!(await paced(signal))) return "stop-requested";
    const attemptAt = now().toISOString();
    const id = `summary:${channel}:${attemptAt}`;
    const covers = rest.map((e) => e.meta.id);
    let marked = false;
    try {
      const message = renderFloodSummary(rest, individually);
      state.set(channel, id, { state: "pending", link: "", at: attemptAt, covers });
      marked = true;
      await state.save(); // on disk before Slack hears of it, as for an essay's post
      const metadata = { event_type: ANNOUNCE_EVENT_TYPE, event_payload: { id, url: "" } } as const;
      const { ts } = await slack(() => {
        sendIfStill(signal);
        return poster.post(channel, message, metadata, signal);
      }, signal);
      markSummarized(state, covers, new Map(rest.map((e) => [e.meta.id, e])), ts);
      state.forget(channel, id);
      status.lastPostAt = now().toISOString();
      status.announced += rest.length;
      status.pending = Math.max(0, status.pending - rest.length);
      failures.recovered();
      await state.save();
      log.info(
        { summarized: rest.length, individually, ts },
        "Many new essays at once: announced the newest one by one and named the rest in one message",
      );
    } catch (err) {
      if (marked && err instanceof PostError && err.kind === "rejected") {
        // Slack answered that it did not post: nothing to look for in the history.
        state.forget(channel, id);
        await state.save().catch(() => {});
      }
      return failures.failed(err);
    } finally {
      lastPostMs = now().getTime();
    }
    return undefined;
  }

  /** The essays a summary named are announced, as its message `ts`. */
  function markSummarized(
    state: AnnounceLedger,
    ids: readonly string[],
    byId: ReadonlyMap<string, SplitEssay>,
    ts: string,
  ) {
    const at = now().toISOString();
    for (const essayId of ids) {
      const essay = byId.get(essayId);
      // An essay gone from its feed since keeps no link or title: nothing can repeat it.
      const aliases = essay ? aliasesOf(essay) : { link: "" };
      state.set(channel, essayId, { state: "announced", ...aliases, at, ts });
    }
  }

  /** The /healthz counters, from the state: kept current as posts land, not only at the end. */
  function count(state: AnnounceLedger, all: readonly SplitEssay[]) {
    status.announced = state.count(channel, "announced");
    status.pending = all.filter(
      (e) => state.entry(channel, e.meta.id)?.state !== "announced",
    ).length;
  }

  /** Saves; a failure (disk full) stops the run, and is reported, instead of escaping it. */
  async function saved(state: AnnounceLedger, report: AnnounceReport): Promise<boolean> {
    try {
      await state.save();
      return true;
    } catch (err) {
      report.stopped = { reason: failures.failed(err) ?? "store" };
      return false;
    }
  }

  function finish(state: AnnounceLedger, report: AnnounceReport, all: SplitEssay[]) {
    count(state, all);
    report.waiting = status.pending;
    failures.endRun(status.pending);
    if (report.posted.length > 0) {
      log.info({ posted: report.posted.length, waiting: report.waiting }, "Announced new essays");
    }
    return report;
  }

  return {
    /** Announce what is new among `essays` (the whole archive). Runs one at a time. */
    run(essays: readonly SplitEssay[], runOpts: RunOptions = {}): Promise<AnnounceReport> {
      const next = chain.then(() => runOnce(essays, runOpts));
      chain = next.catch(() => {});
      return next;
    },
    status(): AnnounceStatus {
      return {
        channel,
        ...status,
        lastError: failures.problem(),
        lastWarning: failures.warning(),
      };
    },
  };
}

export type Announcer = ReturnType<typeof createAnnouncer>;
