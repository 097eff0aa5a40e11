/**
 * A new essay, announced in a channel: the title as a header, "New essay" and the byline, how it
 * opens, what it covers, and a button to read it. The caller posts it with unfurl_links off, so this message is
 * the only preview.
 */
import type { SplitEssay } from "../essay/types.js";
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { ACTION_IDS } from "./actions.js";
import {
  context,
  type KnownBlock,
  LIMITS,
  type RenderedMessage,
  section,
  urlButton,
} from "./block-kit.js";
import {
  buttonUrl,
  essayTitle,
  link,
  metaParts,
  openingSection,
  passageMrkdwn,
  sectionLabel,
} from "./format.js";
import { truncatePlain } from "./truncate.js";

const MAX_PASSAGE = 700;
/** A contents list longer than this is the essay's outline, not a glance at it. */
const MAX_CONTENTS = 8;
const MAX_CONTENTS_CHARS = 2000;

export function renderAnnouncement(essay: SplitEssay): RenderedMessage {
  const meta = essay.meta;
  const title = essayTitle(meta);
  const blocks: KnownBlock[] = [
    {
      type: "header",
      text: { type: "plain_text", text: truncatePlain(title, LIMITS.headerText), emoji: true },
    },
    // Said in the message too: the notification text is all that says it otherwise, and the
    // channel reads the message.
    context("*New essay*", ...metaParts(meta, { author: true })),
  ];
  const opening = openingSection(essay);
  const passage = opening ? passageMrkdwn(opening, MAX_PASSAGE) : "";
  if (passage) blocks.push(section(passage));
  const contents = contentsList(essay);
  if (contents) blocks.push(section(contents));
  const url = buttonUrl(meta.url);
  if (url)
    blocks.push({ type: "actions", elements: [urlButton("Read essay", url, ACTION_IDS.open)] });
  return { text: escapeMrkdwn(`New essay: ${truncatePlain(title, LIMITS.headerText)}`), blocks };
}

/** "*In this essay*" and a bullet per subheading, capped by count and by length. */
function contentsList(essay: SplitEssay): string {
  const headed = essay.sections.filter((s) => s.heading.trim() !== "");
  const lines: string[] = [];
  let length = 0;
  for (const s of headed.slice(0, MAX_CONTENTS)) {
    const line = `• ${link(s.url, sectionLabel(s), 100)}`;
    if (length + line.length > MAX_CONTENTS_CHARS) break;
    lines.push(line);
    length += line.length + 1;
  }
  if (lines.length === 0) return "";
  const more = headed.length - lines.length;
  if (more > 0) lines.push(`…and ${more} more`);
  return `*In this essay*\n${lines.join("\n")}`;
}
