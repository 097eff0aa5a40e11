/**
 * The search modal (global shortcut `essay_search`, App Home's "Search essays"): a search box,
 * and under it the page of sections the last submitted query found, with the same notices as the
 * `/essay` reply (corrected query, unmatched words, suggestions) and Next / Previous that update
 * the modal in place. The box keeps the query, so a person refines it and searches again.
 */
import type { types } from "@slack/bolt";
import type { SearchPage } from "../search/types.js";
import { ACTION_IDS, encodePage } from "./actions.js";
import {
  actionButton,
  context,
  divider,
  type KnownBlock,
  type ModalView,
  section,
  viewTitle,
} from "./block-kit.js";
import { renderNoMatch } from "./no-match.js";
import { countOf, headlineOf, hitBlocks, MAX_PAGE_SIZE } from "./search-results.js";

export const SEARCH_MODAL = {
  callbackId: "essay_search_modal",
  queryBlock: "essay_query",
  queryAction: "query",
} as const;

/** Four blocks a hit: five fit a screen and stay far inside a modal's 100 blocks. */
export const MODAL_PAGE_SIZE = MAX_PAGE_SIZE;
/** As long as `/essay` reads a query (MAX_QUERY_CHARS); Slack stops the typing there. */
export const MAX_MODAL_QUERY = 200;

export interface SearchModalInput {
  /** The query shown in the box (the last one submitted). */
  query?: string;
  /** Its page of results; absent before the first search. */
  page?: SearchPage;
  /** Instead of results: why there are none to show (loading, no essays), as blocks. */
  status?: KnownBlock[];
}

export function renderSearchModal(input: SearchModalInput = {}): ModalView {
  const blocks: KnownBlock[] = [queryInput(input.query ?? "")];
  if (input.status) blocks.push(...input.status);
  else if (input.page) blocks.push(...resultBlocks(input.page));
  else {
    blocks.push(
      context(
        'Words find their other forms (`promoted` finds *promotion*); quote a phrase to match it exactly: `"pull request"`.',
      ),
    );
  }
  return {
    type: "modal",
    callback_id: SEARCH_MODAL.callbackId,
    title: viewTitle("Search essays"),
    submit: viewTitle("Search"),
    close: viewTitle("Close"),
    blocks,
  };
}

function queryInput(query: string): KnownBlock {
  const element: types.PlainTextInput = {
    type: "plain_text_input",
    action_id: SEARCH_MODAL.queryAction,
    max_length: MAX_MODAL_QUERY,
    placeholder: { type: "plain_text", text: 'promotion, hiring, "pull request"' },
  };
  // Slack shows initial_value as typed; it is plain text, never parsed as mrkdwn.
  const initial = Array.from(query).slice(0, MAX_MODAL_QUERY).join("");
  if (initial.trim() !== "") element.initial_value = initial;
  return {
    type: "input",
    block_id: queryBlockId(initial.trim() === "" ? "" : initial),
    label: { type: "plain_text", text: "Find the essay sections that match" },
    element,
  };
}

/**
 * views.update keeps what a person typed in an input whose block_id and action_id it already
 * shows, ignoring initial_value: after a suggestion click the box would still say "promootionx"
 * over results for "promotion". A block_id of the query makes a new query a new block, which
 * Slack fills from initial_value; the same query (Next, Previous) keeps the person's typing.
 */
function queryBlockId(query: string): string {
  if (query === "") return SEARCH_MODAL.queryBlock;
  // FNV-1a over UTF-16 units: short, stable, and enough to tell one query from the last.
  let hash = 0x811c9dc5;
  for (let i = 0; i < query.length; i++) {
    hash ^= query.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${SEARCH_MODAL.queryBlock}_${hash.toString(36)}`;
}

/**
 * The search box in a submitted view's state, found by its action_id in whichever block holds
 * it (the block_id follows the query), or undefined when the payload has none.
 */
export function submittedQuery(
  values: Record<string, Record<string, { value?: unknown }>> | undefined,
): { blockId: string; value: string } | undefined {
  if (typeof values !== "object" || values === null) return undefined;
  for (const [blockId, actions] of Object.entries(values)) {
    if (typeof actions !== "object" || actions === null) continue;
    if (!Object.hasOwn(actions, SEARCH_MODAL.queryAction)) continue;
    const raw = actions[SEARCH_MODAL.queryAction]?.value;
    return { blockId, value: typeof raw === "string" ? raw : "" };
  }
  return undefined;
}

function resultBlocks(page: SearchPage): KnownBlock[] {
  if (page.total === 0) return renderNoMatch(page.query, page.suggestions, "modalSuggest").blocks;
  const { headline } = headlineOf(page, countOf(page.total));
  const hits = page.hits.slice(0, MODAL_PAGE_SIZE);
  const blocks: KnownBlock[] = [section(headline)];
  for (const hit of hits) blocks.push(divider(), ...hitBlocks(hit));
  const nav = [];
  if (page.offset > 0) {
    const value = encodePage({
      query: page.query,
      offset: Math.max(0, page.offset - MODAL_PAGE_SIZE),
    });
    nav.push(actionButton("Previous", ACTION_IDS.modalPrev, value));
  }
  if (page.offset + hits.length < page.total) {
    const value = encodePage({ query: page.query, offset: page.offset + MODAL_PAGE_SIZE });
    nav.push(actionButton("Next", ACTION_IDS.modalNext, value));
  }
  blocks.push(divider());
  if (nav.length > 0) blocks.push({ type: "actions", elements: nav });
  blocks.push(context(`Showing ${page.offset + 1}–${page.offset + hits.length} of ${page.total}`));
  return blocks;
}
