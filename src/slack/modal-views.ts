/**
 * The search and related-message modals as the index makes them now: shared by the shortcuts
 * that open them and the buttons that update them, so every path answers the same way (loading,
 * no essays, results).
 */
import type { KnownBlock, ModalView } from "../render/block-kit.js";
import { section } from "../render/block-kit.js";
import { renderNotLoaded } from "../render/not-loaded.js";
import { MAX_RELATED, type RelatedTarget, renderRelatedModal } from "../render/related-modal.js";
import { MODAL_PAGE_SIZE, renderSearchModal } from "../render/search-modal.js";
import { distinctiveWords } from "../search/distinctive-words.js";
import type { ServingIndex } from "../search/serving-index.js";
import { slackTextToQuery } from "./command-text.js";
import type { ListenerDeps } from "./listeners/deps.js";
import { messageWords } from "./message-text.js";
import { loadingReply } from "./replies.js";

type IndexDeps = Pick<ListenerDeps, "getIndex" | "loadProblem">;

/** The index to answer from, or the blocks that say why there is none. */
function ready(deps: IndexDeps): { index: ServingIndex } | { status: KnownBlock[] } {
  const index = deps.getIndex();
  if (!index) return { status: [section(loadingReply.text)] };
  const problem = deps.loadProblem?.();
  if (problem) return { status: renderNotLoaded(problem).blocks };
  return { index };
}

/** The search modal for `query` (as typed; cut like an /essay query) at page start `offset`. */
export function searchModalView(deps: IndexDeps, rawQuery?: string, offset = 0): ModalView {
  if (rawQuery === undefined) return renderSearchModal();
  const query = slackTextToQuery(rawQuery);
  const state = ready(deps);
  if ("status" in state) return renderSearchModal({ query, status: state.status });
  const page = state.index.page(query, offset, MODAL_PAGE_SIZE);
  return renderSearchModal({ query, page });
}

/** A message's most distinctive words, as the index weighs them ([] while loading). */
export function relatedWords(deps: IndexDeps, text: unknown): string[] {
  const index = deps.getIndex();
  return index ? distinctiveWords(messageWords(text), (key) => index.termWeight(key)) : [];
}

/**
 * The related modal for words read from a message (when opened) or from the modal's own target
 * (when a button updates it). `place`: where its buttons post; none, no buttons.
 */
export function relatedModalView(
  deps: IndexDeps,
  words: string[],
  place: Omit<RelatedTarget, "query"> | undefined,
  notice?: string,
): ModalView {
  const query = words.join(" ");
  const base = {
    words,
    ...(place ? { target: { ...place, query } } : {}),
    ...(notice ? { notice } : {}),
  };
  const state = ready(deps);
  if ("status" in state) return renderRelatedModal({ ...base, words: [], status: state.status });
  if (words.length === 0) return renderRelatedModal(base);
  return renderRelatedModal({ ...base, page: state.index.page(query, 0, MAX_RELATED) });
}
