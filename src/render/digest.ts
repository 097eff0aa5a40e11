/**
 * A channel's daily or weekly digest: one message, one line per new essay (linked title, byline,
 * and the topic it matched), oldest first. Long digests are cut, never split across messages:
 * the line count and the section size stay within Block Kit's limits however much came in.
 */
import type { SplitEssay } from "../essay/types.js";
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { context, type KnownBlock, type RenderedMessage, section } from "./block-kit.js";
import { essayTitle, formatDate, link } from "./format.js";
import { truncatePlain } from "./truncate.js";

/** Essays listed by name; the rest are counted. */
export const MAX_DIGEST_LINES = 60;
/** Per section: well inside 3,000 characters. */
const MAX_SECTION_CHARS = 2800;
/** All lines together: well inside the 12,000 characters a message's text may total. */
const MAX_TOTAL_CHARS = 10_000;

export interface DigestItem {
  essay: SplitEssay;
  /** The topic it matched, for a topic subscription. */
  topic?: string;
}

export function renderDigest(
  delivery: "daily" | "weekly",
  items: readonly DigestItem[],
): RenderedMessage {
  const count = items.length === 1 ? "1 new essay" : `${items.length} new essays`;
  const title = `${delivery === "daily" ? "Daily" : "Weekly"} digest: ${count}`;
  const all = items.slice(0, MAX_DIGEST_LINES).map(({ essay, topic }) => {
    const meta = essay.meta;
    const parts = [
      link(meta.url, essayTitle(meta), 120),
      meta.author ? `by ${escapeMrkdwn(truncatePlain(meta.author, 60))}` : "",
      formatDate(meta.published),
      topic ? `matched *${escapeMrkdwn(truncatePlain(topic.replace(/\*/g, ""), 60))}*` : "",
    ].filter(Boolean);
    return `• ${parts.join(" · ")}`;
  });
  const lines: string[] = [];
  let total = 0;
  for (const line of all) {
    if (total + line.length > MAX_TOTAL_CHARS) break;
    lines.push(line);
    total += line.length + 1;
  }
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(title)}*`)];
  let chunk: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > MAX_SECTION_CHARS && chunk.length > 0) {
      blocks.push(section(chunk.join("\n")));
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
  }
  if (chunk.length > 0) blocks.push(section(chunk.join("\n")));
  const more = items.length - lines.length;
  const find = "Find any of them with `/essay &lt;words&gt;`.";
  blocks.push(context(more > 0 ? `…and ${more} more. ${find}` : find));
  return { text: escapeMrkdwn(title), blocks };
}
