/**
 * A new essay for a topic subscription or a personal alert: today's announcement plus the line
 * that says why it came ("matched *promotion* in: <section>"), and, in an alert, a button to stop
 * them. Topics are what people typed and headings come from the feed: both escaped.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { renderAnnouncement } from "./announcement.js";
import { actionButton, context, type KnownBlock, type RenderedMessage } from "./block-kit.js";
import { link, sectionLabel } from "./format.js";
import { truncatePlain } from "./truncate.js";

/** The "Stop these alerts" button's action_id (its value is unused: the clicker is the owner). */
export const STOP_ALERTS_ACTION = "essay_alerts_stop";

export interface MatchLine {
  topic: string;
  section: Section;
}

export function matchedLine(match: MatchLine): string {
  const topic = escapeMrkdwn(truncatePlain(match.topic.replace(/\*/g, ""), 60));
  return `matched *${topic}* in: ${link(match.section.url, sectionLabel(match.section), 150)}`;
}

/** A channel's post for an essay matching one of its topics (none: the plain announcement). */
export function renderTopicPost(essay: SplitEssay, match?: MatchLine): RenderedMessage {
  const message = renderAnnouncement(essay);
  if (!match) return message;
  return { ...message, blocks: beforeActions(message.blocks, context(matchedLine(match))) };
}

/** A personal alert: the announcement, why it came, and a button that stops the alerts. */
export function renderAlert(essay: SplitEssay, match?: MatchLine): RenderedMessage {
  const message = renderTopicPost(essay, match);
  const stop = actionButton("Stop these alerts", STOP_ALERTS_ACTION, "stop");
  const blocks = [...message.blocks];
  const last = blocks.at(-1);
  if (last?.type === "actions")
    blocks[blocks.length - 1] = { ...last, elements: [...last.elements, stop] };
  else blocks.push({ type: "actions", elements: [stop] });
  return { ...message, blocks };
}

function beforeActions(blocks: readonly KnownBlock[], block: KnownBlock): KnownBlock[] {
  const at = blocks.findIndex((b) => b.type === "actions");
  const copy = [...blocks];
  copy.splice(at === -1 ? copy.length : at, 0, block);
  return copy;
}
