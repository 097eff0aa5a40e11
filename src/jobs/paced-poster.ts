/**
 * One pace for every post the bot makes, whatever the target: each channel is already held to one
 * post a second by its announcer, and this keeps the whole workspace under chat.postMessage's
 * limit (Slack asks for no more than several hundred a minute) when many targets have news at
 * once. History reads are not paced: they are a different method with its own limit.
 */
import { type AnnouncePoster, sendIfStill } from "./poster.js";
import type { Sleep } from "./sleep.js";

/** 240 a minute at most: under Slack's workspace guidance with room for replies and unfurls. */
export const WORKSPACE_INTERVAL_MS = 250;

export function pacedPoster(
  poster: AnnouncePoster,
  opts: { intervalMs?: number; now: () => Date; sleep: Sleep },
): AnnouncePoster {
  const intervalMs = opts.intervalMs ?? WORKSPACE_INTERVAL_MS;
  let turn: Promise<void> = Promise.resolve();
  let last = Number.NEGATIVE_INFINITY;
  /** Resolves when this caller may post; callers are served in the order they asked. */
  const wait = (signal: AbortSignal | undefined) => {
    const mine = turn.then(async () => {
      // A caller whose run stopped while queued gives its turn away without waiting.
      if (signal?.aborted) return;
      let gap = last + intervalMs - opts.now().getTime();
      while (gap > 0 && !signal?.aborted) {
        await opts.sleep(gap, signal);
        gap = last + intervalMs - opts.now().getTime();
      }
      last = opts.now().getTime();
    });
    turn = mine.catch(() => {});
    return mine;
  };
  return {
    async post(channel, message, metadata, signal) {
      await wait(signal);
      // The claim was saved before the wait, which may have been long (many targets at once):
      // if this process stopped leading meanwhile, the new leader owns the post now.
      sendIfStill(signal);
      return poster.post(channel, message, metadata, signal);
    },
    findAnnounced: (channel, ids, window) => poster.findAnnounced(channel, ids, window),
  };
}
