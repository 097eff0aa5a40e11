/**
 * The bot removed from a channel, or the channel archived: its subscription pauses (nothing can
 * be posted there) and says so in /essay subscriptions. It resumes only when someone subscribes
 * again, which takes a fresh baseline: essays published while it was paused are not flooded in.
 * Re-inviting the bot or unarchiving does not resume it by itself, since nobody asked for the
 * essays again and the channel may have moved on.
 */
import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";

const WHY = {
  channel_left:
    "The bot was removed from this channel. Invite it (/invite @essay-bot) and subscribe again to resume.",
  channel_archive: "This channel was archived. Unarchive it and subscribe again to resume.",
} as const;

export function registerChannelGone(app: App, deps: ListenerDeps): void {
  const subscriptions = deps.subscriptions;
  if (!subscriptions) return;
  const pause = async (channel: unknown, code: keyof typeof WHY) => {
    if (typeof channel !== "string" || subscriptions.store.isOperator(channel)) return;
    if (!subscriptions.store.channel(channel)) return;
    const paused = { code, message: WHY[code], at: new Date().toISOString() };
    try {
      await subscriptions.store.markChannel(channel, { paused });
      deps.logger.info({ channel, code }, "Paused a channel's subscription");
    } catch (error) {
      deps.logger.error({ err: error, channel }, "Could not pause a channel's subscription");
    }
  };
  // Slack tells the removed bot itself with channel_left / group_left (never member_left_channel
  // with its own ID: slackapi/bolt-js#1847); these only ever concern the bot, so no ID check.
  app.event("channel_left", async ({ event }) => pause(event.channel, "channel_left"));
  app.event("group_left", async ({ event }) => pause(event.channel, "channel_left"));
  app.event("channel_archive", async ({ event }) => pause(event.channel, "channel_archive"));
  app.event("group_archive", async ({ event }) => pause(event.channel, "channel_archive"));
}
