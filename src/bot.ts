/**
 * Wires the bot: archive → index (answers at once from disk) → Slack app → scheduled refresh and
 * announce. Every collaborator is a parameter, so tests run the real thing against loopback fakes
 * and a temp DATA_DIR without touching process.env.
 */
import type { Logger } from "pino";
import type { BotConfig } from "./config.js";
import { buildCorpus } from "./essay/corpus.js";
import { displayFeedUrl } from "./feed/display-url.js";
import { createAnnouncer } from "./jobs/announce.js";
import { createRefresher } from "./jobs/refresh.js";
import { jobsHealth, refreshAndAnnounce } from "./jobs/refresh-and-announce.js";
import { startScheduler } from "./jobs/scheduler.js";
import { SearchIndex } from "./search/search-index.js";
import { createAnnouncePoster } from "./slack/announce-poster.js";
import { createSlackApp } from "./slack/app.js";
import { Archive } from "./store/archive.js";

export interface BotOptions {
  config: BotConfig;
  log: Logger;
  /** For feeds; tests and benchmarks may pass their own. */
  fetch?: typeof fetch;
}

export interface Bot {
  /** The port /healthz (and /slack/events in HTTP mode) listens on. */
  readonly port: number | undefined;
  /** Runs refresh + announce now (as the schedule does); resolves when it is done. */
  runJobNow(): Promise<void>;
  /** Lets a running job finish its current post and save, then disconnects from Slack. */
  stop(): Promise<void>;
}

export async function startBot({ config, log, fetch }: BotOptions): Promise<Bot> {
  const archive = await Archive.open(config.dataDir, log.child({ component: "archive" }));
  const startedAt = new Date().toISOString();

  // The archive answers at once, even when the feed is down; the first refresh swaps in a fresher
  // index. Until one exists (empty archive, first refresh still running) /essay says "loading".
  let index: SearchIndex | undefined;
  if (archive.all().length > 0) index = SearchIndex.build(buildCorpus(archive.all()));
  let firstRefreshDone = false;

  const refresher = createRefresher({
    feedUrls: config.feedUrls,
    archive,
    log: log.child({ component: "refresh" }),
    onIndex: (next) => {
      index = next;
    },
    ...(fetch ? { fetch } : {}),
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
        feedOf: (id) => archive.get(id)?.feedUrl,
      })
    : undefined;
  const job = refreshAndAnnounce({ refresher, announcer, log: log.child({ component: "job" }) });

  const health = () => ({
    ready: index !== undefined || firstRefreshDone,
    essays: index?.essayCount ?? 0,
    sections: index?.sectionCount ?? 0,
    startedAt,
    ...jobsHealth({ refresher, announcer }),
  });

  const slack = createSlackApp({
    slack: config.slack,
    port: config.port,
    logger: log,
    getIndex: () => index,
    health,
  });
  await slack.start();

  const scheduler = startScheduler({
    cron: config.refreshCron,
    run: job,
    log: log.child({ component: "scheduler" }),
  });
  const runJobNow = async () => {
    await scheduler.runNow();
    if (!firstRefreshDone) {
      firstRefreshDone = true;
      // Every feed down on a first start with an empty archive: answer "no match" rather than
      // "loading" forever; /healthz shows the feed errors.
      index ??= SearchIndex.build([]);
    }
  };
  // Not awaited: the bot already answers from the archive while the feeds are fetched.
  const firstRun = runJobNow();

  log.info(
    {
      mode: config.slack.mode,
      port: slack.port,
      essays: index?.essayCount ?? 0,
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
    runJobNow,
    async stop() {
      await scheduler.stop();
      await firstRun.catch(() => {});
      await slack.stop();
    },
  };
}
