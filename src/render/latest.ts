/** `/essay latest`: the newest essays, each as a linked title, where it stands, and how it opens. */
import type { SplitEssay } from "../essay/types.js";
import { context, divider, type KnownBlock, type RenderedMessage, section } from "./block-kit.js";
import { boldLink, essayTitle, firstSentences, metaParts, openingSection } from "./format.js";

/** Three blocks and up to ~2,000 characters each: more would crowd Slack's message limits. */
export const MAX_LATEST = 5;
const MAX_OPENING = 300;

export function renderLatest(essays: SplitEssay[]): RenderedMessage {
  if (essays.length === 0) {
    return {
      text: "No essays yet",
      blocks: [
        section(
          "*No essays yet.* The feed has not been loaded, or it has no items; try again after the next refresh.",
        ),
      ],
    };
  }
  const shown = essays.slice(0, MAX_LATEST);
  const blocks: KnownBlock[] = [
    section(shown.length === 1 ? "*The newest essay*" : "*The newest essays*"),
  ];
  for (const essay of shown) {
    const opening = openingSection(essay);
    const lines = [boldLink(essay.meta.url, essayTitle(essay.meta))];
    const first = opening ? firstSentences(opening.text, MAX_OPENING) : "";
    if (first) lines.push(first);
    blocks.push(divider(), section(lines.join("\n")), context(...metaParts(essay.meta, {})));
  }
  return { text: `The newest essays (${shown.length})`, blocks };
}
