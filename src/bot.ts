/**
 * Wires the bot: store → library (answers from the store at once) → Slack app → scheduled refresh
 * and announce. Every collaborator is a parameter, so tests run the real thing against loopback
 * fakes and a temp DATA_DIR without touching process.env.
 */
import type { Logger } from "pino";
import type { BotConfig } from "./config.js";
import { displayFeedUrl } from "./feed/display-url.js";
import { createAnnouncer } from "./jobs/announce.js";
import { jobsHealth, refreshAndAnnounce } from "./jobs/refresh-and-announce.js";
import { startScheduler } from "./jobs/scheduler.js";
import { Library } from "./library/library.js";
import { OffThread } from "./library/worker/off-thread.js";
import { createAnnouncePoster } from "./slack/announce-poster.js";
import { createSlackApp } from "./slack/app.js";
import { unfurlDomainsCheck } from "./slack/unfurl-domains.js";
import { FileEssayStore } from "./store/file-essay-store.js";

export interface BotOptions {
  config: BotConfig;
  log: Logger;
  /** For feeds; tests and benchmarks may pass their own. */
  fetch?: typeof fetch;
}

export interface Bot {
  /** The port /healthz (and /slack/events in HTTP mode) listens on. */
  readonly port: number | undefined;
  readonly library: Library;
  /** Runs refresh + announce now (as the schedule does); resolves when it is done. */
  runJobNow(): Promise<void>;
  /** Lets a running job finish its current post and save, then disconnects from Slack. */
  stop(): Promise<void>;
}

export async function startBot({ config, log, fetch }: BotOptions): Promise<Bot> {
  const store = await FileEssayStore.open(config.dataDir, {
    log: log.child({ component: "store" }),
  });
  const startedAt = new Date().toISOString();
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
  // Not awaited: Slack and /healthz come up at once, answering "loading" until the store's
  // essays are indexed (in slices, so requests are answered meanwhile).
  const loading = library.load();
  loading.catch((err: unknown) => {
    log.error({ err }, "Could not load the essays from the store; check DATA_DIR");
  });

  const announcer = config.announceChannel
    ? createAnnouncer({
        channel: config.announceChannel,
        backlog: config.announceBacklog,
        dataDir: config.dataDir,
        poster: createAnnouncePoster({
          token: config.slack.botToken,
          ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}),
          log: log.child({ component: "announce-poster" }),
        }),
        log: log.child({ component: "announce" }),
        // A feed added to FEED_URLS later has its back catalogue recorded, not posted.
        feedOf: (id) => library.feedOf(id),
      })
    : undefined;
  const refreshJob = refreshAndAnnounce({
    library,
    announcer,
    log: log.child({ component: "job" }),
  });
  // After each run, not once at start: essays (and their hosts) may arrive only on a later
  // refresh, when the feeds were down at start. Each host is named once.
  const checkUnfurls = unfurlDomainsCheck(log.child({ component: "unfurl" }));
  const job = async (signal?: AbortSignal) => {
    await refreshJob(signal);
    await checkUnfurls(() => library.essays().map((e) => e.meta.url));
  };
  const health = () => ({ ...jobsHealth({ library, announcer }), startedAt });

  const slack = createSlackApp({
    slack: config.slack,
    port: config.port,
    logger: log,
    getIndex: () => library.index(),
    loadProblem: () => library.loadProblem(),
    health,
  });
  await slack.start();

  const scheduler = startScheduler({
    cron: config.refreshCron,
    run: job,
    log: log.child({ component: "scheduler" }),
  });
  const runJobNow = () => scheduler.runNow();
  // Not awaited: the first refresh waits for the load itself, and the bot answers meanwhile.
  const firstRun = runJobNow();

  log.info(
    {
      mode: config.slack.mode,
      port: slack.port,
      store: store.kind,
      feeds: config.feedUrls.map(displayFeedUrl),
      announceChannel: config.announceChannel ?? null,
      refreshCron: config.refreshCron,
    },
    "essay-bot is running",
  );

  return {
    get port() {
      return slack.port;
    },
    library,
    runJobNow,
    async stop() {
      await scheduler.stop();
      await firstRun.catch(() => {});
      await loading.catch(() => {});
      await slack.stop();
      // The index is saved for the next start, so it loads instead of being built.
      await library.close();
      await offThread.close();
    },
  };
}
