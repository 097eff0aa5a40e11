/**
 * The preview for a pasted essay link, kept short: the title (or, for `#anchor` links, the linked
 * section's heading) linked once, the first sentences of that passage as plain text, and a byline
 * line. Slack shows an unfurl under the message it belongs to; a tall one, or one whose passage
 * carries the essay's own links, buries the conversation. Returned as one entry of chat.unfurl's
 * `unfurls` map; the caller keys it by the URL Slack sent.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { context, type KnownBlock, section } from "./block-kit.js";
import {
  boldLink,
  escaped,
  essayTitle,
  firstSentences,
  formatDate,
  formatReadingTime,
  openingSection,
  sectionLabel,
} from "./format.js";

/** An unfurl is a teaser: about three lines, never the essay. */
const MAX_PASSAGE = 300;

export function renderUnfurl(essay: SplitEssay, linked?: Section): { blocks: KnownBlock[] } {
  const meta = essay.meta;
  const anchored = linked !== undefined && linked.heading.trim() !== "";
  const target = linked ?? openingSection(essay);
  const title = anchored
    ? boldLink(linked.url, sectionLabel(linked))
    : boldLink(meta.url, essayTitle(meta));
  const passage = target ? firstSentences(target.text, MAX_PASSAGE) : "";
  const blocks: KnownBlock[] = [section(passage ? `${title}\n${passage}` : title)];
  blocks.push(
    context(
      anchored ? escaped(essayTitle(meta), 100) : "",
      escaped(meta.author, 60),
      formatDate(meta.published),
      formatReadingTime(meta.readingMinutes),
    ),
  );
  return { blocks };
}
