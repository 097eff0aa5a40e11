/**
 * The in-channel message a Share click posts: who shared it, from which essay, the passage, and a
 * link to read on. Only the clicking user's id (from Slack's own payload) may become a mention.
 */

import { escapeMrkdwn, mrkdwnBold } from "../mrkdwn/escape.js";
import type { Hit } from "../search/types.js";
import { context, type KnownBlock, type RenderedMessage, section } from "./block-kit.js";
import { boldLink, essayTitle, excerptMrkdwn, link, metaParts, sectionLabel } from "./format.js";
import { truncatePlain } from "./truncate.js";

const MAX_EXCERPT = 1200;
const USER_ID = /^[UW][A-Z0-9]+$/;

export function renderSharedPassage(hit: Hit, sharedBy: string): RenderedMessage {
  const s = hit.section;
  const who = USER_ID.test(sharedBy) && sharedBy.length <= 32 ? `<@${sharedBy}>` : "Someone";
  const title = truncatePlain(essayTitle(s.essay), 120);
  // The opening section's label is the essay's title: said once, linked, instead of twice.
  const opening = s.heading.trim() === "";
  const blocks: KnownBlock[] = opening
    ? [section(`${who} shared a passage from ${boldLink(s.url, title)}`)]
    : [
        section(`${who} shared a passage from ${mrkdwnBold(title)}`),
        section(boldLink(s.url, sectionLabel(s))),
      ];
  const excerpt = excerptMrkdwn(hit.excerpt, MAX_EXCERPT);
  if (excerpt) blocks.push(section(excerpt));
  const readOn = link(s.url, opening ? "Read the essay" : "Read the section");
  blocks.push(context(readOn, ...metaParts(s.essay, {})));
  return { text: `${who} shared a passage from ${escapeMrkdwn(title)}`, blocks };
}
