/**
 * The scheduled job: refresh the library from the feeds, then announce what is new among all its
 * essays. Kept apart from both so either can run alone (the CLI refreshes without announcing).
 */
import type { Library, LibraryStatus } from "../library/library.js";
import type { Logger } from "../logger.js";
import { silentLogger } from "../logger.js";
import type { AnnounceStatus, RunOptions } from "./announce.js";

/** One announcer, or the delivery to every subscription (which includes ANNOUNCE_CHANNEL's). */
export interface AnnounceJob {
  run(essays: ReturnType<Library["essays"]>, opts?: RunOptions): Promise<unknown>;
  /** ANNOUNCE_CHANNEL's status, when there is one. */
  status(): AnnounceStatus | undefined;
}

export interface JobParts {
  library: Library;
  /** Unset when nothing is announced. */
  announcer?: AnnounceJob | undefined;
  log?: Logger;
}

/** The function to hand to startScheduler({ run }). */
export function refreshAndAnnounce({ library, announcer, log = silentLogger }: JobParts) {
  return async (signal?: AbortSignal): Promise<void> => {
    const report = await library.refresh();
    if (!announcer || signal?.aborted) return;
    const loadedFeeds = report.feeds.filter((f) => f.outcome !== "error").map((f) => f.feedUrl);
    const essays = library.essays();
    // Nothing known and no feed answered (every feed down on a first start): announcing against
    // nothing would teach the announcer nothing, so wait for the next run.
    if (essays.length === 0 && loadedFeeds.length === 0) return;
    try {
      await announcer.run(essays, signal ? { signal, loadedFeeds } : { loadedFeeds });
    } catch (err) {
      log.error({ err }, "Announcing failed; unannounced essays are retried at the next refresh");
    }
  };
}

/** What /healthz shows about the library and the jobs: essays, feeds, set-aside essays, announcing. */
export function jobsHealth({
  library,
  announcer,
}: JobParts): LibraryStatus & { announce?: AnnounceStatus } {
  const announce = announcer?.status();
  return { ...library.status(), ...(announce ? { announce } : {}) };
}
