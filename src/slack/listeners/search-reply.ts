/**
 * One search turned into one message, shared by the slash command and the buttons that re-run a
 * search (next/prev page, "did you mean"), so all of them answer the same way.
 */
import type { RenderedMessage } from "../../render/block-kit.js";
import { renderSearchReply } from "../../render/search-reply.js";
import type { SearchIndex } from "../../search/search-index.js";

/**
 * A page of hits starting at `offset`, or the "no match" message with suggestions when nothing
 * matched (renderSearchReply routes that case, and clamps offsets from buttons made before a
 * refresh shrank the results).
 */
export function searchReply(index: SearchIndex, query: string, offset = 0): RenderedMessage {
  return renderSearchReply(index.search(query), { offset });
}
