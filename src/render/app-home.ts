/**
 * The Home tab: a "Search essays" button, the newest essays, and, when subscriptions are
 * kept, the person's alerts (with Remove) and every channel's subscription with its state.
 * Topics and problem messages are people's or Slack's text: escaped like any other.
 */
import type { SplitEssay } from "../essay/types.js";
import { escapeMrkdwn, mrkdwnBold } from "../mrkdwn/escape.js";
import type { ChannelSubscription, PersonalAlert } from "../subscriptions/types.js";
import { ACTION_IDS } from "./actions.js";
import {
  actionButton,
  context,
  divider,
  type HomeView,
  type KnownBlock,
  section,
} from "./block-kit.js";
import { boldLink, escaped, essayTitle, formatDate, formatReadingTime, oneLine } from "./format.js";
import { truncatePlain } from "./truncate.js";

/** Two blocks each. */
export const HOME_ESSAYS = 8;
/** One block each: with the rest of the Home this stays well inside 100 blocks. */
export const HOME_CHANNELS = 40;
const MAX_TOPICS_SHOWN = 10;
const MAX_TOPIC = 60;
const MAX_PROBLEM = 300;
const CHANNEL_ID = /^[CG][A-Z0-9]{2,30}$/;

export interface HomeInput {
  /** Newest first; undefined while the essays are still loading. */
  essays: SplitEssay[] | undefined;
  /** Why no essay could be loaded (every feed failed), when that is so. */
  loadProblem?: string | undefined;
  /** Only when the bot keeps subscriptions; without it those parts are left out. */
  subscriptions?: { alert: PersonalAlert | undefined; channels: readonly ChannelSubscription[] };
  /** A line at the top: what the person's last click did (our own mrkdwn). */
  notice?: string;
}

export function renderAppHome(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [
    section(
      "*Find the essay sections that match your words*, or type `/essay &lt;words&gt;` in any conversation.",
      actionButton("Search essays", ACTION_IDS.homeSearch, "search", "primary"),
    ),
  ];
  if (input.notice) blocks.push(section(input.notice));
  blocks.push(header("Newest essays"), ...essayBlocks(input));
  if (input.subscriptions) {
    blocks.push(header("Your alerts"), alertBlock(input.subscriptions.alert));
    blocks.push(header("Channels subscribed"), ...channelBlocks(input.subscriptions.channels));
  }
  return { type: "home", blocks };
}

function header(text: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text, emoji: true } };
}

function essayBlocks({ essays, loadProblem }: HomeInput): KnownBlock[] {
  if (essays === undefined) {
    return [section("I'm still loading the essays. Open this tab again in a few seconds.")];
  }
  if (loadProblem) {
    const problem = escapeMrkdwn(truncatePlain(oneLine(loadProblem), MAX_PROBLEM));
    return [
      section(`*The essays could not be loaded*, so there is nothing to show yet.\n${problem}`),
    ];
  }
  if (essays.length === 0) return [section("No essays yet; they appear after the next refresh.")];
  return essays
    .slice(0, HOME_ESSAYS)
    .flatMap((essay) => [
      section(boldLink(essay.meta.url, essayTitle(essay.meta))),
      context(
        escaped(essay.meta.author, 60),
        formatDate(essay.meta.published),
        formatReadingTime(essay.meta.readingMinutes),
      ),
    ]);
}

function alertBlock(alert: PersonalAlert | undefined): KnownBlock {
  const topics = topicList(alert?.topics);
  if (!alert || !topics) {
    return section(
      "You have no alerts. Type `/essay notify &lt;topic&gt;` to get a direct message for each new essay about it.",
    );
  }
  return section(
    `You get a direct message for each new essay about ${topics}.`,
    actionButton("Remove", ACTION_IDS.removeAlert, "remove"),
  );
}

function channelBlocks(channels: readonly ChannelSubscription[]): KnownBlock[] {
  if (channels.length === 0) {
    return [
      section(
        "No channel is subscribed. Type `/essay subscribe` in a channel to get new essays there.",
      ),
    ];
  }
  const blocks = channels.slice(0, HOME_CHANNELS).map((c) => section(channelLine(c)));
  const more = channels.length - HOME_CHANNELS;
  if (more > 0) blocks.push(section(`…and ${more} more channels.`));
  return [...blocks, divider()];
}

const DELIVERY: Record<string, string> = {
  each: "one post per essay",
  daily: "a daily digest",
  weekly: "a weekly digest",
};

function channelLine(c: ChannelSubscription): string {
  const where = CHANNEL_ID.test(c.channel) ? `<#${c.channel}>` : escaped(c.channel, 40);
  const what = topicList(c.topics) || "every essay";
  const how = DELIVERY[c.delivery] ?? "one post per essay";
  const lines = [`${where}: ${what}, ${how}`];
  if (c.paused) lines.push(`:double_vertical_bar: Paused: ${problemText(c.paused.message)}`);
  else if (c.lastError) lines.push(`:warning: Failing: ${problemText(c.lastError.message)}`);
  return lines.join("\n");
}

/** "*promotion*, *hiring* +3 more", or "" for no topics. */
function topicList(topics: readonly unknown[] | undefined): string {
  const clean = (Array.isArray(topics) ? topics : [])
    .filter((t): t is string => typeof t === "string")
    .map(oneLine)
    .filter((t) => t !== "");
  const shown = clean
    .slice(0, MAX_TOPICS_SHOWN)
    .map((t) => mrkdwnBold(truncatePlain(t, MAX_TOPIC)));
  const more = clean.length - shown.length;
  return shown.join(", ") + (more > 0 ? ` +${more} more` : "");
}

function problemText(message: unknown): string {
  const text = typeof message === "string" ? oneLine(message) : "";
  return escapeMrkdwn(truncatePlain(text, MAX_PROBLEM)) || "no reason given";
}
