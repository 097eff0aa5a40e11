/**
 * One pace for every post the bot makes, whatever the target: each channel is already held to one
 * post a second by its announcer, and this keeps the whole workspace under chat.postMessage's
 * limit (Slack asks for no more than several hundred a minute) when many targets have news at
 * once. History reads are not paced: they are a different method with its own limit.
 */
import type { AnnouncePoster } from "./poster.js";
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
  const wait = () => {
    const mine = turn.then(async () => {
      let gap = last + intervalMs - opts.now().getTime();
      while (gap > 0) {
        await opts.sleep(gap);
        gap = last + intervalMs - opts.now().getTime();
      }
      last = opts.now().getTime();
    });
    turn = mine.catch(() => {});
    return mine;
  };
  return {
    async post(channel, message, metadata) {
      await wait();
      return poster.post(channel, message, metadata);
    },
    findAnnounced: (channel, ids, window) => poster.findAnnounced(channel, ids, window),
  };
}
