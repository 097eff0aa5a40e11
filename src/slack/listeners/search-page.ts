/**
 * One search turned into one message, shared by the slash command and the buttons that re-run a
 * search (next/prev page, "did you mean"), so all of them answer the same way.
 */
import type { RenderedMessage } from "../../render/block-kit.js";
import { DEFAULT_PAGE_SIZE, renderSearchReply } from "../../render/search-results.js";
import type { ServingIndex } from "../../search/serving-index.js";

/** Replies kept per index: people repeat queries and page back and forth. */
const RECENT_REPLIES = 64;

/**
 * Recent replies per index, least recently used dropped first. The one cache of the search
 * path, kept because the slash benchmark shows it pays: a repeated query or a page click costs
 * a lookup instead of about half of the request's time (BENCHMARKS.md). An index never changes,
 * so a reply stays right for the index's life; weak keys let it go with the index.
 */
const recent = new WeakMap<ServingIndex, Map<string, RenderedMessage>>();

/**
 * The page of hits starting at `offset` (an offset past the end, from a button made before a
 * refresh, shows the last page), or the "no match" message with suggestions. Only the page's
 * hits and excerpts are made, so this costs the same for a rare word as for a common one.
 */
export function searchReply(index: ServingIndex, query: string, offset = 0): RenderedMessage {
  let replies = recent.get(index);
  if (!replies) {
    replies = new Map();
    recent.set(index, replies);
  }
  // Buttons carry page starts; anything else is tampered with and shows the page it falls in.
  const start = Math.max(0, offset - (offset % DEFAULT_PAGE_SIZE)) || 0;
  let key = keyOf(start, query);
  let reply = replies.get(key);
  if (!reply) {
    // An offset past the end shows the last page, and is kept under the last page's key only:
    // otherwise every tampered offset would add an entry and evict everyone's recent replies.
    const page = index.page(query, start, DEFAULT_PAGE_SIZE);
    key = keyOf(page.offset, query);
    reply = replies.get(key) ?? renderSearchReply(page);
  }
  replies.delete(key); // most recently used goes last
  if (replies.size >= RECENT_REPLIES) replies.delete(replies.keys().next().value ?? "");
  replies.set(key, reply);
  return reply;
}

function keyOf(offset: number, query: string): string {
  return `${offset}\u0000${query}`;
}
