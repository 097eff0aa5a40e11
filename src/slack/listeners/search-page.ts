/**
 * One search turned into one message, shared by the slash command and the buttons that re-run a
 * search (next/prev page, "did you mean"), so all of them answer the same way.
 */
import type { RenderedMessage } from "../../render/block-kit.js";
import { renderSearchReply } from "../../render/search-results.js";
import type { SearchIndex } from "../../search/search-index.js";
import type { SearchResult } from "../../search/types.js";

/**
 * Pages already rendered, per result. SearchIndex hands back the same result object for a
 * repeated query, and a page of a given result always renders the same, so a popular query or a
 * Next/Previous click costs a lookup. Weak keys: a page goes when its result leaves the index's
 * cache or the index is replaced.
 */
const rendered = new WeakMap<SearchResult, Map<number, RenderedMessage>>();

/**
 * A page of hits starting at `offset`, or the "no match" message with suggestions when nothing
 * matched (renderSearchReply routes that case, and clamps offsets from buttons made before a
 * refresh shrank the results).
 */
export function searchReply(index: SearchIndex, query: string, offset = 0): RenderedMessage {
  const result = index.search(query);
  let pages = rendered.get(result);
  if (!pages) {
    pages = new Map();
    rendered.set(result, pages);
  }
  let message = pages.get(offset);
  if (!message) {
    message = renderSearchReply(result, { offset });
    pages.set(offset, message);
  }
  return message;
}
