/**
 * `/essay subscribe | unsubscribe | subscriptions | notify`. A channel's change is confirmed in
 * the channel (chat.postMessage), so everyone there sees who changed what; everything else is
 * answered privately in the ack. The checks and the post happen before the ack: Slack allows
 * 3 s, and each call here takes a fraction of one.
 */
import type { SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import {
  ARCHIVED_TEXT,
  adminsOnlyText,
  alertOffText,
  alertSetText,
  DIRECT_MESSAGE_TEXT,
  INVITE_FIRST_TEXT,
  NOT_SUBSCRIBED_TEXT,
  OPERATOR_CHANNEL_TEXT,
  renderSubscriptions,
  subscribedText,
  unsubscribedText,
} from "../../../render/subscriptions.js";
import type { ChannelSubscription } from "../../../subscriptions/types.js";
import type { EssayIntent } from "../../command-text.js";
import type { SubscriptionDeps } from "../subscription-deps.js";

export type SubscriptionIntent = Extract<
  EssayIntent,
  { kind: "subscribe" | "unsubscribe" | "subscriptions" | "notify" | "notify-off" }
>;

type Reply = { text: string; blocks?: unknown[] };

/** Slack's own errors that mean "the bot cannot post there". */
const CANNOT_POST = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

export async function subscriptionAnswer(
  intent: SubscriptionIntent,
  command: SlackCommandMiddlewareArgs["command"],
  client: WebClient,
  deps: SubscriptionDeps,
): Promise<Reply | undefined> {
  const user = command.user_id;
  const channel = command.channel_id;
  const { store } = deps;
  switch (intent.kind) {
    case "subscriptions":
      return renderSubscriptions(store.channel(channel), store.alertOf(user));
    case "notify": {
      const alert = { user, topics: intent.topics, createdAt: new Date().toISOString() };
      const previous = await store.setAlert(alert);
      await deps.baseline(user);
      return { text: alertSetText(alert, previous) };
    }
    case "notify-off": {
      const had = store.alertOf(user) !== undefined;
      await store.removeAlert(user);
      return { text: alertOffText(had) };
    }
  }
  // A channel's subscription: who may change it, and whether the bot can post there.
  if (channel.startsWith("D")) return { text: DIRECT_MESSAGE_TEXT };
  if (store.isOperator(channel)) return { text: OPERATOR_CHANNEL_TEXT };
  if (deps.admins.length > 0 && !deps.admins.includes(user)) {
    return { text: adminsOnlyText(deps.admins) };
  }
  if (intent.kind === "unsubscribe") {
    const previous = await store.removeChannel(channel);
    if (!previous) return { text: NOT_SUBSCRIBED_TEXT };
    const text = unsubscribedText(user, previous);
    // Said in the channel; when that cannot be (removed meanwhile), at least to the person.
    return (await tryPost(client, channel, text)) === undefined ? undefined : { text };
  }
  const { problem, isPrivate } = await postingProblem(client, channel);
  if (problem) return { text: problem };
  const sub: ChannelSubscription = {
    channel,
    delivery: intent.delivery,
    topics: intent.topics,
    createdBy: user,
    createdAt: new Date().toISOString(),
    ...(isPrivate ? { private: true } : {}),
  };
  const previous = await store.setChannel(sub);
  await deps.baseline(channel);
  const text = subscribedText(user, sub, previous);
  const failed = await tryPost(client, channel, text);
  if (failed === undefined) return undefined;
  if (CANNOT_POST.has(failed)) {
    // Nothing would ever arrive: undo, rather than keep a subscription that cannot work.
    if (previous) await store.setChannel(previous);
    else await store.removeChannel(channel);
    return { text: failed === "is_archived" ? ARCHIVED_TEXT : INVITE_FIRST_TEXT };
  }
  return { text };
}

/**
 * Why the bot cannot post in `channel`, from conversations.info, or no problem when it can (or
 * the check cannot tell: a missing scope, Slack down; then the confirmation post tells); and
 * whether the channel is private.
 */
async function postingProblem(
  client: WebClient,
  channel: string,
): Promise<{ problem?: string; isPrivate?: boolean }> {
  let info: { is_archived?: boolean; is_member?: boolean; is_private?: boolean } | undefined;
  try {
    info = (await client.conversations.info({ channel })).channel;
  } catch (err) {
    const code = slackCode(err);
    if (code === "channel_not_found" || code === "not_in_channel") {
      return { problem: INVITE_FIRST_TEXT };
    }
    return {};
  }
  const isPrivate = info?.is_private === true;
  if (info?.is_archived) return { problem: ARCHIVED_TEXT };
  // A public channel takes posts without an invitation (chat:write.public); a private one not.
  if (isPrivate && info?.is_member === false) return { problem: INVITE_FIRST_TEXT };
  return { isPrivate };
}

/** Posts; resolves with Slack's error code when it failed, undefined when it landed. */
async function tryPost(client: WebClient, channel: string, text: string) {
  try {
    await client.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
    return undefined;
  } catch (err) {
    return slackCode(err) ?? "unknown";
  }
}

export function slackCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}
