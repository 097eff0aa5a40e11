/**
 * The preview for a pasted essay link: title, byline, and the passage a reader would meet first
 * (the opening, or the linked section for `#anchor` links). Returned as one entry of chat.unfurl's
 * `unfurls` map; the caller keys it by the URL Slack sent.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { ACTION_IDS } from "./actions.js";
import { context, type KnownBlock, section, urlButton } from "./block-kit.js";
import {
  boldLink,
  buttonUrl,
  essayTitle,
  link,
  metaParts,
  openingSection,
  passageMrkdwn,
  sectionLabel,
} from "./format.js";

/** An unfurl is a teaser: a few sentences, not the essay. */
const MAX_PASSAGE = 700;

export function renderUnfurl(essay: SplitEssay, linked?: Section): { blocks: KnownBlock[] } {
  const meta = essay.meta;
  const target = linked ?? openingSection(essay);
  const blocks: KnownBlock[] = [section(boldLink(meta.url, essayTitle(meta)))];
  blocks.push(context(...metaParts(meta, { author: true })));
  if (target) {
    const passage = passageMrkdwn(target, MAX_PASSAGE);
    const heading =
      linked && linked.heading.trim() !== "" ? `*${link(target.url, sectionLabel(target))}*\n` : "";
    if (heading || passage) blocks.push(section(heading + passage));
  }
  const url = buttonUrl(meta.url);
  if (url)
    blocks.push({ type: "actions", elements: [urlButton("Read essay", url, ACTION_IDS.open)] });
  return { blocks };
}
