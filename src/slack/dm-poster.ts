/**
 * Posting alerts as direct messages. chat.postMessage takes a user ID and opens the DM itself;
 * reading that DM's history after a crash needs its D… ID, from conversations.open (im:write),
 * and im:history. When either is missing the history check cannot decide, and the announcer's
 * rule applies: post again rather than lose the alert.
 */
import { WebClient } from "@slack/web-api";
import type { AnnouncePoster } from "../jobs/poster.js";

export function createDmPoster(
  poster: AnnouncePoster,
  opts: { token: string; apiUrl?: string },
): AnnouncePoster {
  const client = new WebClient(opts.token, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    retryConfig: { retries: 0 },
    timeout: 10_000,
  });
  const dms = new Map<string, string>();
  return {
    post: (user, message, metadata, signal) => poster.post(user, message, metadata, signal),
    async findAnnounced(user, ids, window) {
      let dm = dms.get(user);
      if (!dm) {
        try {
          dm = (await client.conversations.open({ users: user })).channel?.id;
        } catch (err) {
          const code = (err as { data?: { error?: string } }).data?.error ?? "unknown";
          return {
            unknown: code,
            message: `Could not open the direct message with ${user} to check for an interrupted alert (${code}); it is sent again, so it may arrive twice. Check the bot's im:write and im:history scopes.`,
          };
        }
        if (!dm) return { unknown: "no_dm", message: `Slack gave no direct message for ${user}.` };
        dms.set(user, dm);
      }
      return poster.findAnnounced(dm, ids, window);
    },
  };
}
