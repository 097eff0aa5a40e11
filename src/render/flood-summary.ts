/**
 * Many new essays at once (a feed that appears with its archive, a migration, an outage): the
 * newest few are announced one by one, and this one message names the rest, so the channel gets
 * a handful of posts instead of hundreds.
 */
import type { SplitEssay } from "../essay/types.js";
import { context, type KnownBlock, type RenderedMessage, section } from "./block-kit.js";
import { essayTitle, formatDate, link } from "./format.js";

/** Titles listed by name; the rest are counted. */
const MAX_LISTED = 10;
/** Well inside a section's 3,000 characters, however long the titles and links are. */
const MAX_LIST_CHARS = 2500;

/**
 * `rest`: the essays not posted one by one, newest first. `individually`: how many newer ones
 * follow in posts of their own.
 */
export function renderFloodSummary(
  rest: readonly SplitEssay[],
  individually: number,
): RenderedMessage {
  const total = rest.length + individually;
  const lines: string[] = [];
  let length = 0;
  for (const essay of rest.slice(0, MAX_LISTED)) {
    const date = formatDate(essay.meta.published);
    const line = `• ${link(essay.meta.url, essayTitle(essay.meta), 100)}${date ? ` · ${date}` : ""}`;
    if (length + line.length > MAX_LIST_CHARS) break;
    lines.push(line);
    length += line.length + 1;
  }
  const unlisted = rest.length - lines.length;
  const follow =
    individually === 1
      ? "The newest follows in a post of its own"
      : `The ${individually} newest follow in posts of their own`;
  const blocks: KnownBlock[] = [
    section(
      `*${total} new essays* were published at once. ${follow}; rather than post the other ${rest.length} one by one, here they are, newest first:`,
    ),
    section(lines.join("\n")),
  ];
  const find = "Find any of them with `/essay &lt;words&gt;`.";
  blocks.push(context(unlisted > 0 ? `…and ${unlisted} more. ${find}` : find));
  return { text: `${total} new essays were published at once`, blocks };
}
