/**
 * Wires the bot: store → library (answers from the store at once) → Slack app → scheduled refresh
 * and announce. Every collaborator is a parameter, so tests run the real thing against loopback
 * fakes and a temp DATA_DIR without touching process.env.
 */
import type { Logger } from "pino";
import type { BotConfig } from "./config.js";
import { displayFeedUrl } from "./feed/display-url.js";
import { createDelivery } from "./jobs/delivery.js";
import { leaderOnly } from "./jobs/leader-only.js";
import { jobsHealth, refreshAndAnnounce } from "./jobs/refresh-and-announce.js";
import { startScheduler } from "./jobs/scheduler.js";
import { Library } from "./library/library.js";
import { OffThread } from "./library/worker/off-thread.js";
import { loadRelatedWords } from "./search/related-words.js";
import { createAnnouncePoster } from "./slack/announce-poster.js";
import { createSlackApp } from "./slack/app.js";
import { createDmPoster } from "./slack/dm-poster.js";
import { unfurlDomainsCheck } from "./slack/unfurl-domains.js";
import { openStores } from "./store/open-stores.js";
import type { Stores } from "./store/stores.js";
import { WithOperator } from "./store/with-operator.js";

export interface BotOptions {
  config: BotConfig;
  log: Logger;
  /** For feeds; tests and benchmarks may pass their own. */
  fetch?: typeof fetch;
  /**
   * Aborted by a stop signal during start-up: the start is abandoned, what it began is undone,
   * and startBot rejects with StartAbandoned.
   */
  signal?: AbortSignal;
  /** What day it is for digests (which ISO week); tests pass a fixed one. */
  digestClock?: () => Date;
}

/** startBot gave up because its signal was aborted: a requested stop, not a failure. */
export class StartAbandoned extends Error {
  override readonly name = "StartAbandoned";
}

export interface Bot {
  /** The port /healthz (and /slack/events in HTTP mode) listens on. */
  readonly port: number | undefined;
  readonly library: Library;
  /** Runs refresh + announce now (as the schedule does); resolves when it is done. */
  runJobNow(): Promise<void>;
  /** Runs the digests now (as DIGEST_CRON does); resolves when they are done. */
  runDigestsNow(): Promise<void>;
  /** Lets a running job finish its current post and save, then disconnects from Slack. */
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<Bot> {
  const { config, log } = options;
  const stores = await openStores(config, {
    log: log.child({ component: "store" }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // What start-up has begun, undone in reverse when it fails or is abandoned.
  const undo: (() => Promise<void>)[] = [() => stores.close()];
  try {
    return await startOn(stores, undo, options);
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw error;
  }
}

async function startOn(
  stores: Stores,
  undo: (() => Promise<void>)[],
  { config, log, fetch, signal, digestClock }: BotOptions,
): Promise<Bot> {
  const checkpoint = () => {
    if (signal?.aborted) throw new StartAbandoned("start-up abandoned: a stop was requested");
  };
  const store = stores.essays;
  const startedAt = new Date().toISOString();
  const subscriptions = new WithOperator(
    stores.subscriptions,
    config.announceChannel,
    new Date(startedAt),
  );
  checkpoint();
  // Feeds parsed and essays split on a worker thread: a 10 MB feed or an essay nested 500,000
  // tags deep takes seconds of synchronous work, which must never stall an answer.
  const offThread = new OffThread();
  const library = new Library({
    store,
    feedUrls: config.feedUrls,
    log: log.child({ component: "library" }),
    parse: offThread.parse,
    splitOffThread: offThread.split,
    ...(fetch ? { fetch } : {}),
  });
  loadRelatedWords().then((related) => {
    if (related.size === 0) {
      log.warn(
        "The related-words table (dist/related-words.json) is missing or unreadable: search matches literal words only. Run `npm run build`.",
      );
    }
  });
  // Not awaited: Slack and /healthz come up at once, answering "loading" until the store's
  // essays are indexed (in slices, so requests are answered meanwhile).
  const loading = library.load();
  loading.catch((err: unknown) => {
    log.error(
      { err },
      `Could not load the essays from the store; check ${stores.kind === "postgres" ? "DATABASE_URL" : "DATA_DIR"}`,
    );
  });
  undo.push(async () => {
    await loading.catch(() => {});
    await library.close();
    await offThread.close();
  });

  const posterOptions = {
    token: config.slack.botToken,
    ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
  };
  const poster = createAnnouncePoster({
    ...posterOptions,
    operatorChannel: config.announceChannel,
    log: log.child({ component: "announce-poster" }),
  });
  // Every subscription (ANNOUNCE_CHANNEL's among them) and every personal alert.
  const announcer = createDelivery({
    subscriptions,
    operatorChannel: config.announceChannel,
    backlog: config.announceBacklog,
    announceState: (targets) => stores.announceState(targets),
    digestWeeks: () => stores.digestWeeks(),
    poster,
    dmPoster: createDmPoster(poster, posterOptions),
    getIndex: () => library.index(),
    essays: () => library.essays(),
    log: log.child({ component: "announce" }),
    // A feed added to FEED_URLS later has its back catalogue recorded, not posted.
    feedOf: (id) => library.feedOf(id),
    ...(digestClock ? { digestClock } : {}),
  });
  const refreshJob = refreshAndAnnounce({
    library,
    announcer,
    log: log.child({ component: "job" }),
  });
  // After each run, not once at start: essays (and their hosts) may arrive only on a later
  // refresh, when the feeds were down at start. Each host is named once.
  const checkUnfurls = unfurlDomainsCheck(log.child({ component: "unfurl" }));
  const job = leaderOnly(stores.leadership, async (signal) => {
    await refreshJob(signal);
    await checkUnfurls(() => library.essays().map((e) => e.meta.url));
  });
  const health = () => {
    const database = stores.health?.();
    return {
      ...jobsHealth({ library, announcer }),
      startedAt,
      // Files: always (one process per DATA_DIR). Postgres: while this process holds the lease.
      leader: stores.leadership.isLeader(),
      leadership: stores.leadership.status(),
      ...(database ? { database } : {}),
      subscriptions: subscriptions.count(),
    };
  };

  const slack = createSlackApp({
    slack: config.slack,
    port: config.port,
    logger: log,
    getIndex: () => library.index(),
    loadProblem: () => library.loadProblem(),
    health,
    subscriptions: {
      store: subscriptions,
      admins: config.subscriptionAdmins,
      baseline: (target) => announcer.baseline(target),
    },
  });
  undo.push(() => slack.stop());
  // A start waiting on Slack (auth.test, the Socket Mode connection) gives way to a stop at once.
  await untilAborted(slack.start(), signal);
  checkpoint();

  const scheduler = startScheduler({
    cron: config.refreshCron,
    run: job,
    log: log.child({ component: "scheduler" }),
  });
  const runJobNow = () => scheduler.runNow();
  // Beside the refresh, on its own schedule: digests list what the refreshes have brought in.
  const digests = startScheduler({
    cron: config.digestCron,
    name: "essay-bot digests",
    run: leaderOnly(stores.leadership, async (signal) => {
      await announcer.digest(signal);
    }),
    log: log.child({ component: "digests" }),
  });
  // The leader runs the jobs at once, as it starts or takes over from another process (which
  // may have died mid-burst). Not awaited: the first refresh waits for the load itself, and the
  // bot answers meanwhile.
  let lastLeaderRun: Promise<void> = Promise.resolve();
  stores.leadership.onGain(() => {
    lastLeaderRun = scheduler.runNext();
  });
  // Every other process takes up what the leader stores, within seconds.
  const unfollow = stores.follow?.(() => {
    library.takeUp().catch((err: unknown) => {
      log.warn({ err }, "Could not take up essays stored by another process; trying again soon");
    });
  });

  log.info(
    {
      mode: config.slack.mode,
      port: slack.port,
      store: stores.kind,
      feeds: config.feedUrls.map(displayFeedUrl),
      announceChannel: config.announceChannel ?? null,
      refreshCron: config.refreshCron,
      digestCron: config.digestCron,
    },
    "essay-bot is running",
  );

  return {
    get port() {
      return slack.port;
    },
    library,
    runJobNow,
    runDigestsNow: () => digests.runNow(),
    async stop() {
      unfollow?.();
      await scheduler.stop();
      await digests.stop();
      await lastLeaderRun.catch(() => {});
      await loading.catch(() => {});
      await slack.stop();
      // The index is saved for the next start, so it loads instead of being built.
      await library.close();
      await offThread.close();
      await stores.close();
    },
  };
}

/** `work`, or a StartAbandoned rejection as soon as `signal` aborts, whichever comes first. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new StartAbandoned("start-up abandoned: a stop was requested"));
    if (signal.aborted) onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
