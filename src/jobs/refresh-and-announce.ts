/**
 * The scheduled job: refresh the feeds, then announce what is new in the whole archive. Kept apart
 * from both so either can run alone (the CLI refreshes without announcing).
 */
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import type { Announcer, AnnounceStatus } from "./announce.js";
import type { Refresher, RefreshStatus } from "./refresh.js";

export interface JobParts {
  refresher: Refresher;
  /** Unset when ANNOUNCE_CHANNEL is not set. */
  announcer?: Announcer;
  log?: Logger;
}

/** The function to hand to startScheduler({ run }). */
export function refreshAndAnnounce({ refresher, announcer, log = silentLogger }: JobParts) {
  return async (signal?: AbortSignal): Promise<void> => {
    const report = await refresher.run();
    // No corpus yet (every feed down on the first start, empty archive): announcing against
    // nothing would teach the announcer nothing, so wait for the next run.
    if (!announcer || !report.corpus || signal?.aborted) return;
    try {
      const loadedFeeds = report.feeds.filter((f) => f.outcome !== "error").map((f) => f.feedUrl);
      await announcer.run(report.corpus, signal ? { signal, loadedFeeds } : { loadedFeeds });
    } catch (err) {
      log.error({ err }, "Announcing failed; unannounced essays are retried at the next refresh");
    }
  };
}

/** What /healthz shows about the jobs: refresh times and errors per feed, and the announcer's state. */
export function jobsHealth({
  refresher,
  announcer,
}: JobParts): RefreshStatus & { announce?: AnnounceStatus } {
  return { ...refresher.status(), ...(announcer ? { announce: announcer.status() } : {}) };
}
