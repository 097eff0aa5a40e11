/**
 * New essays to every target that asked for them: each channel subscription with delivery "each"
 * (ANNOUNCE_CHANNEL among them) and each person's alert. Every target gets its own announcer (the
 * same pending → post → announced machinery, flood rule and history check) over ONE announce state
 * file, keyed by target: ANNOUNCE_CHANNEL keeps the key it always had, so nothing already
 * announced there is posted again. Targets run side by side, so a channel whose posts fail or wait
 * out a Retry-After never holds the others back; one shared pace keeps the workspace under Slack's
 * limit.
 */
import type { SplitEssay } from "../essay/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { renderAlert, renderTopicPost } from "../render/topic-post.js";
import type { ServingIndex } from "../search/serving-index.js";
import type { AnnounceLedger, DigestWeekLog } from "../store/announce-ledger.js";
import type { SubscriptionStore } from "../store/subscription-store.js";
import type { SubscriptionProblem } from "../subscriptions/types.js";
import {
  type AnnounceReport,
  type Announcer,
  type AnnounceStatus,
  createAnnouncer,
  type RunOptions,
} from "./announce.js";
import { markSeen, takeBaseline } from "./announce-plan.js";
import { type DigestOutcome, runDigest } from "./digests.js";
import { pacedPoster } from "./paced-poster.js";
import { type AnnouncePoster, PostError } from "./poster.js";
import { sleep as realSleep, type Sleep } from "./sleep.js";
import { topicMatcher } from "./topics.js";

/** Slack's answers that mean the bot can no longer post in a channel: its subscription pauses. */
export const CANNOT_POST = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

export interface DeliveryOptions {
  subscriptions: SubscriptionStore;
  /** ANNOUNCE_CHANNEL: the one target ANNOUNCE_BACKLOG applies to. */
  operatorChannel?: string | undefined;
  backlog?: number;
  /** The announce state, read once per run (stores.announceState). */
  announceState: (targets?: readonly string[]) => Promise<AnnounceLedger>;
  /** When each weekly digest last went (stores.digestWeeks). */
  digestWeeks: () => Promise<DigestWeekLog>;
  /** Posts to channels. */
  poster: AnnouncePoster;
  /** Posts direct messages (a user ID as the channel); `poster` when unset. */
  dmPoster?: AnnouncePoster;
  getIndex: () => ServingIndex | undefined;
  /** Every essay known now (library.essays()), for a new subscription's baseline. */
  essays: () => SplitEssay[];
  feedOf?: (id: string) => string | undefined;
  log?: Logger;
  now?: () => Date;
  sleep?: Sleep;
  /** Least time between two posts in one channel (default: the announcer's 1 s). */
  intervalMs?: number;
  /** The date digests go by (which ISO week it is); `now` when unset. */
  digestClock?: () => Date;
  /** Least time between any two posts (default WORKSPACE_INTERVAL_MS). */
  workspaceIntervalMs?: number;
}

type Target = { id: string; kind: "channel" | "alert" };

export function createDelivery(opts: DeliveryOptions) {
  const log = opts.log ?? silentLogger;
  const now = opts.now ?? (() => new Date());
  const sleep = opts.sleep ?? realSleep;
  const store = opts.subscriptions;
  const pace = {
    now,
    sleep,
    ...(opts.workspaceIntervalMs === undefined ? {} : { intervalMs: opts.workspaceIntervalMs }),
  };
  const channelPoster = pacedPoster(opts.poster, pace);
  const dmPoster = opts.dmPoster ? pacedPoster(opts.dmPoster, pace) : channelPoster;
  // One state per run, shared by every target of that run: their saves go through one ledger.
  let runState: Promise<AnnounceLedger> | undefined;
  const getState = () => runState ?? opts.announceState();
  const announcers = new Map<string, Announcer>();

  const topicsOf = (target: Target): readonly string[] =>
    (target.kind === "alert"
      ? store.alertOf(target.id)?.topics
      : store.channel(target.id)?.topics) ?? [];

  function announcerFor(target: Target): Announcer {
    const key = `${target.kind}:${target.id}`;
    let announcer = announcers.get(key);
    if (announcer) return announcer;
    const alert = target.kind === "alert";
    announcer = createAnnouncer({
      channel: target.id,
      backlog: target.id === opts.operatorChannel && !alert ? (opts.backlog ?? 0) : 0,
      state: getState,
      poster: alert ? dmPoster : channelPoster,
      log: log.child(alert ? { target: "alert" } : {}),
      now,
      sleep,
      ...(opts.intervalMs === undefined ? {} : { intervalMs: opts.intervalMs }),
      ...(opts.feedOf ? { feedOf: opts.feedOf } : {}),
      render: alert ? renderAlert : renderTopicPost,
      select: () => {
        const topics = topicsOf(target);
        return topics.length === 0 ? undefined : topicMatcher(opts.getIndex(), topics);
      },
    });
    announcers.set(key, announcer);
    return announcer;
  }

  function targets(): Target[] {
    const channels = store
      .channels()
      .filter((s) => s.delivery === "each" && !s.paused)
      .map((s): Target => ({ id: s.channel, kind: "channel" }));
    const alerts = store.alerts().map((a): Target => ({ id: a.user, kind: "alert" }));
    return [...channels, ...alerts];
  }

  /** What a run taught us about a channel: a failure shows on its subscription until a post works. */
  async function record(target: Target, status: AnnounceStatus): Promise<void> {
    if (target.kind !== "channel") return;
    const problem: SubscriptionProblem | null = status.lastError && { ...status.lastError };
    // The bot cannot post there any more: paused until someone subscribes again. Not
    // ANNOUNCE_CHANNEL, which Slack cannot resume: it keeps trying, its error in /healthz.
    const gone = problem && CANNOT_POST.has(problem.code) && target.id !== opts.operatorChannel;
    if (!gone) return store.markChannel(target.id, { lastError: problem });
    const paused = {
      ...problem,
      message: `Slack answered ${problem.code}: the bot cannot post here. Invite it (/invite @essay-bot), or unarchive the channel, and subscribe again to resume.`,
    };
    await store.markChannel(target.id, { lastError: problem, paused });
  }

  async function runTargets(
    essays: readonly SplitEssay[],
    list: Target[],
    runOpts: RunOptions,
  ): Promise<AnnounceReport[]> {
    const reports = await Promise.all(
      list.map(async (target) => {
        const announcer = announcerFor(target);
        try {
          return await announcer.run(essays, runOpts);
        } catch (err) {
          log.error(
            { err, target: target.id },
            "Delivering to one target failed; the others go on",
          );
          return undefined;
        } finally {
          await record(target, announcer.status()).catch((err: unknown) =>
            log.error({ err }, "Could not record a subscription's last error"),
          );
        }
      }),
    );
    return reports.filter((r): r is AnnounceReport => r !== undefined);
  }

  return {
    async run(essays: readonly SplitEssay[], runOpts: RunOptions = {}): Promise<AnnounceReport[]> {
      const list = targets();
      runState = opts.announceState();
      try {
        // A state that cannot be read fails every target alike: said once, by the caller.
        await runState;
        return await runTargets(essays, list, runOpts);
      } finally {
        runState = undefined;
      }
    },

    /**
     * A target just subscribed (or changed or resumed its subscription): every essay known now
     * counts as delivered there, so it only ever receives essays that appear after this. While
     * nothing is loaded yet the target stays new, and its first run takes the baseline instead.
     */
    async baseline(target: string): Promise<void> {
      const state = await (runState ?? opts.announceState([target]));
      const essays = opts.essays();
      if (!state.isInitialized(target)) {
        if (essays.length === 0) return;
        takeBaseline(state, target, essays, {
          backlog: 0,
          now: now(),
          ...(opts.feedOf ? { feedOf: opts.feedOf } : {}),
        });
      } else {
        // Resubscribing (or resuming a paused channel) takes a fresh baseline: a post that was
        // still pending when the channel stopped taking posts is not sent now, nor is a summary.
        for (const essay of essays) {
          const entry = state.entry(target, essay.meta.id);
          if (!entry || entry.state === "pending") markSeen(state, target, essay, now());
        }
        for (const [id] of state.pending(target)) {
          if (id.startsWith("summary:")) state.forget(target, id);
        }
      }
      await state.save();
      // The announcer remembers the last run's failure; a resumed channel starts without it, or
      // the next quiet run would record that failure again and pause the channel once more.
      for (const kind of ["channel", "alert"]) announcers.delete(`${kind}:${target}`);
    },

    /**
     * One DIGEST_CRON run: every daily subscription, and every weekly one on its first run of
     * the ISO week. Side by side: one channel's failure holds back no other.
     */
    async digest(signal?: AbortSignal): Promise<Map<string, DigestOutcome | "failed">> {
      const [state, weeks] = await Promise.all([opts.announceState(), opts.digestWeeks()]);
      const essays = opts.essays();
      const index = opts.getIndex();
      const outcomes = new Map<string, DigestOutcome | "failed">();
      const subs = store.channels().filter((s) => s.delivery !== "each" && !s.paused);
      await Promise.all(
        subs.map(async (sub) => {
          const ctx = {
            state,
            weeks,
            poster: channelPoster,
            essays,
            index,
            now: opts.digestClock ?? now,
            sleep,
            log,
            signal,
          };
          try {
            outcomes.set(sub.channel, await runDigest(sub, { ...ctx, feedOf: opts.feedOf }));
            await store.markChannel(sub.channel, { lastError: null });
          } catch (err) {
            outcomes.set(sub.channel, "failed");
            log.warn(
              { err, channel: sub.channel },
              "A digest could not be posted; it is tried again at the next digest run",
            );
            // Only Slack's answers are the channel's problem, shown on its subscription. A lost
            // lease, a stopped run or a store error is ours: shown there it would say nothing
            // useful to the channel, and a database error would show the database's address.
            if (!(err instanceof PostError)) return;
            const code = err.code;
            const problem = {
              code,
              message: err instanceof Error ? err.message : String(err),
              at: now().toISOString(),
            };
            const gone = CANNOT_POST.has(code);
            await store
              .markChannel(
                sub.channel,
                gone ? { lastError: problem, paused: problem } : { lastError: problem },
              )
              .catch(() => {});
          }
        }),
      );
      return outcomes;
    },

    /** ANNOUNCE_CHANNEL's announcer status, for /healthz `announce`, as before. */
    status(): AnnounceStatus | undefined {
      if (!opts.operatorChannel) return undefined;
      return announcerFor({ id: opts.operatorChannel, kind: "channel" }).status();
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
