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
  const blocks: KnownBlock[] = [
    section(`${who} shared a passage from ${mrkdwnBold(title)}`),
    section(boldLink(s.url, sectionLabel(s))),
  ];
  const excerpt = excerptMrkdwn(hit.excerpt, MAX_EXCERPT);
  if (excerpt) blocks.push(section(excerpt));
  blocks.push(context(link(s.url, "Read the section"), ...metaParts(s.essay, {})));
  return { text: `${who} shared a passage from ${escapeMrkdwn(title)}`, blocks };
}
