/**
 * The private answer to `/essay <query>`: one page of matching sections, each with its heading
 * linked to the anchor, where it comes from, the excerpt with matched words in bold, and Share.
 */

import { escapeMrkdwn, mrkdwnBold } from "../mrkdwn/escape.js";
import type { Hit, SearchPage } from "../search/types.js";
import { ACTION_IDS, actionId, encodePage, encodeShare } from "./actions.js";
import {
  actionButton,
  type Button,
  context,
  divider,
  type KnownBlock,
  type RenderedMessage,
  section,
} from "./block-kit.js";
import { boldLink, excerptMrkdwn, metaParts, oneLine, sectionLabel } from "./format.js";
import { renderNoMatch } from "./no-match.js";
import { truncatePlain } from "./truncate.js";

/**
 * Four blocks and up to ~2,000 characters per hit: more than five hits per page would break
 * Slack's 50-block and 12,000-character limits, and would not fit a screen anyway.
 */
export const MAX_PAGE_SIZE = 5;
export const DEFAULT_PAGE_SIZE = 3;
/** The query as echoed back: recognisable, never a wall of text. */
const MAX_SHOWN_QUERY = 100;
const MAX_EXCERPT = 600;

/**
 * A page of results (SearchIndex.page made it for `pageSize`, the offset already clamped to the
 * last page), or the "no match" message with suggestions when nothing matched.
 */
export function renderSearchReply(
  result: SearchPage,
  opts: { pageSize?: number } = {},
): RenderedMessage {
  const total = result.total;
  if (total === 0) return renderNoMatch(result.query, result.suggestions);
  const size = clamp(opts.pageSize ?? DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const offset = result.offset;
  const page = result.hits.slice(0, size);

  const { headline, fallback } = headlineOf(result, countOf(total));
  const blocks: KnownBlock[] = [section(headline)];
  page.forEach((hit, i) => {
    blocks.push(divider(), ...shareBlocks(hit, result.query, i));
  });

  const nav = [];
  if (offset > 0) {
    const value = encodePage({ query: result.query, offset: Math.max(0, offset - size) });
    nav.push(actionButton("Previous", ACTION_IDS.prev, value));
  }
  if (offset + size < total) {
    const value = encodePage({ query: result.query, offset: offset + size });
    nav.push(actionButton("Next", ACTION_IDS.next, value));
  }
  blocks.push(divider());
  if (nav.length > 0) blocks.push({ type: "actions", elements: nav });
  blocks.push(context(`Showing ${offset + 1}–${offset + page.length} of ${total}`));

  return { text: escapeMrkdwn(fallback), blocks };
}

/**
 * "24 sections match *promotion*", or, when the search read the query otherwise than typed,
 * the query it read ("Showing results for *promotion*"), the related words it also matched
 * ("Also showing *hard conversations*, for *difficult conversations*") and the words no section
 * has, so the count never seems to belong to a typo or to a word that matched nothing. Typed
 * text is escaped.
 */
export function headlineOf(
  result: SearchPage,
  count: string,
): { headline: string; fallback: string } {
  const shown = (query: string) => truncatePlain(oneLine(query), MAX_SHOWN_QUERY);
  const lines: string[] = [];
  let fallback: string;
  if (result.corrected !== undefined) {
    const corrected = shown(result.corrected);
    lines.push(`Showing results for ${mrkdwnBold(corrected)}: ${count.toLowerCase()}.`);
    fallback = `Showing results for “${corrected}”: ${count.toLowerCase()}`;
  } else {
    const query = shown(result.query);
    lines.push(`${count} ${mrkdwnBold(query)}`.trim());
    fallback = `${count} “${query}”`;
  }
  if (result.related !== undefined) {
    // Named with the query as read (corrected or typed), so a reader sees which word stood in.
    const read = shown(result.corrected ?? result.query);
    lines.push(`Also showing ${mrkdwnBold(shown(result.related))}, for ${mrkdwnBold(read)}.`);
  }
  const unmatched = (result.unmatched ?? []).map((w) => mrkdwnBold(shown(w))).filter(Boolean);
  if (unmatched.length > 0) {
    const list =
      unmatched.length === 1
        ? unmatched[0]
        : `${unmatched.slice(0, -1).join(", ")} or ${unmatched.at(-1)}`;
    lines.push(`No section has ${list}; these match your other words.`);
  }
  return { headline: lines.join("\n"), fallback };
}

/** Heading (linked) with Share beside it, where it comes from, then the excerpt. */
function shareBlocks(hit: Hit, query: string, index: number): KnownBlock[] {
  const share = encodeShare({ query, sectionId: hit.section.id });
  return hitBlocks(hit, share ? actionButton("Share", actionId("share", index), share) : undefined);
}

/** Heading (linked) with an optional button beside it, where it comes from, then the excerpt. */
export function hitBlocks(hit: Hit, button?: Button): KnownBlock[] {
  const s = hit.section;
  const heading = boldLink(s.url, sectionLabel(s));
  const blocks: KnownBlock[] = [
    section(heading, button),
    // An opening section's heading line is the essay's title already: not named again.
    context(...metaParts(s.essay, { title: s.heading.trim() !== "" })),
  ];
  const excerpt = excerptMrkdwn(hit.excerpt, MAX_EXCERPT);
  if (excerpt) blocks.push(section(excerpt));
  return blocks;
}

export function countOf(total: number): string {
  return total === 1 ? "1 section matches" : `${total} sections match`;
}

function clamp(n: number, min: number, max: number): number {
  const whole = Number.isFinite(n) ? Math.floor(n) : min;
  return Math.min(Math.max(whole, min), max);
}
