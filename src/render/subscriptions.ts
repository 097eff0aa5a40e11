/**
 * The sentences /essay subscribe, unsubscribe, subscriptions and notify answer with. Topics are
 * what a person typed and user IDs come from Slack: both are escaped before they reach mrkdwn.
 */
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import type {
  ChannelSubscription,
  Delivery,
  PersonalAlert,
  SubscriptionProblem,
} from "../subscriptions/types.js";
import { type RenderedMessage, section } from "./block-kit.js";
import { truncateMrkdwn } from "./truncate.js";

/** `<@U123>`, for an ID Slack gave us (anything else is shown as text). */
export function mention(user: string): string {
  return /^[UW][A-Z0-9]+$/.test(user) ? `<@${user}>` : escapeMrkdwn(user);
}

/** "*promotion* or *code review*" */
export function topicList(topics: readonly string[]): string {
  const bold = topics.map((t) => `*${escapeMrkdwn(t.replace(/\*/g, ""))}*`);
  if (bold.length <= 1) return bold.join("");
  return `${bold.slice(0, -1).join(", ")} or ${bold.at(-1)}`;
}

/** "every new essay", "essays about *promotion*", "a daily digest of essays about *promotion*" */
export function describeWhat(delivery: Delivery, topics: readonly string[]): string {
  const essays = topics.length === 0 ? "every new essay" : `essays about ${topicList(topics)}`;
  if (delivery === "each") return essays;
  const all = topics.length === 0 ? "all new essays" : essays;
  return `a ${delivery} digest of ${all}`;
}

/** What the channel reads when its subscription changes; `previous` is the one replaced. */
export function subscribedText(
  user: string,
  sub: Pick<ChannelSubscription, "delivery" | "topics">,
  previous: ChannelSubscription | undefined,
): string {
  const now = describeWhat(sub.delivery, sub.topics);
  if (!previous) return `${mention(user)} subscribed this channel to ${now}.`;
  const before = describeWhat(previous.delivery, previous.topics);
  if (previous.paused) {
    return `${mention(user)} resumed this channel's subscription, now to ${now}.`;
  }
  if (before === now)
    return `${mention(user)} subscribed this channel again to ${now} (no change).`;
  return `${mention(user)} changed this channel's subscription from ${before} to ${now}.`;
}

export function unsubscribedText(user: string, previous: ChannelSubscription): string {
  return `${mention(user)} unsubscribed this channel from ${describeWhat(previous.delivery, previous.topics)}.`;
}

export function adminsOnlyText(admins: readonly string[]): string {
  const names = admins.map(mention);
  const who = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  return `Only ${who} can change this channel's subscription. You can still get your own alerts: \`/essay notify &lt;topic&gt;, …\`.`;
}

export const OPERATOR_CHANNEL_TEXT =
  "This channel gets every new essay by the setting of whoever runs essay-bot (ANNOUNCE_CHANNEL), so its subscription cannot be changed from Slack.";

export const INVITE_FIRST_TEXT =
  "I can't post in this channel: invite me first: `/invite @essay-bot`, then subscribe again.";

export const ARCHIVED_TEXT = "This channel is archived, so nothing can be posted in it.";

export const DIRECT_MESSAGE_TEXT =
  "Subscriptions are for channels. For essays just for you, use `/essay notify &lt;topic&gt;, …`: you get a direct message for each new essay about them.";

export const NOT_SUBSCRIBED_TEXT =
  "This channel has no subscription. `/essay subscribe` gets it every new essay; `/essay subscribe &lt;topic&gt;, …` only those about some topics.";

export function alertSetText(alert: PersonalAlert, previous: PersonalAlert | undefined): string {
  const now = topicList(alert.topics);
  const change = previous ? ` (was ${topicList(previous.topics)})` : "";
  return `You'll get a direct message for each new essay about ${now}${change}. \`/essay notify off\` stops them.`;
}

export function alertOffText(had: boolean): string {
  return had
    ? "Your alerts are off."
    : "You had no alerts. `/essay notify &lt;topic&gt;, …` sets some.";
}

function problemLine(label: string, p: SubscriptionProblem | undefined): string {
  return p ? `\n${label} since ${escapeMrkdwn(p.at.slice(0, 10))}: ${escapeMrkdwn(p.message)}` : "";
}

/** The state of one channel subscription, as /essay subscriptions shows it. */
export function channelStatus(sub: ChannelSubscription): string {
  const by =
    sub.createdBy === "operator" ? "the operator (ANNOUNCE_CHANNEL)" : mention(sub.createdBy);
  const paused = sub.paused ? " *Paused.*" : "";
  return (
    `This channel gets ${describeWhat(sub.delivery, sub.topics)} (set by ${by}).${paused}` +
    problemLine(":double_vertical_bar: Paused", sub.paused) +
    (sub.paused ? "\n`/essay subscribe` here resumes it." : "") +
    problemLine(":warning: Posting fails", sub.lastError)
  );
}

export function renderSubscriptions(
  sub: ChannelSubscription | undefined,
  alert: PersonalAlert | undefined,
): RenderedMessage {
  const channel = sub ? channelStatus(sub) : NOT_SUBSCRIBED_TEXT;
  const mine = alert
    ? `Your alerts: a direct message for each new essay about ${topicList(alert.topics)}. \`/essay notify off\` stops them.`
    : "You have no alerts. `/essay notify &lt;topic&gt;, …` sends you a direct message for each new essay about them.";
  return {
    text: "Subscriptions",
    blocks: [section(truncateMrkdwn(channel, 3000)), section(truncateMrkdwn(mine, 3000))],
  };
}
