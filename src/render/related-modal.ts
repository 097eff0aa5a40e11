/**
 * The modal the `essay_related` message shortcut opens: the sections that best match the
 * message's most distinctive words, each with a button that posts the passage in that message's
 * thread. Where to post travels in the view's private_metadata, which Slack hands back with every
 * click; it is read back as untrusted text.
 */
import { mrkdwnBold } from "../mrkdwn/escape.js";
import type { SearchPage } from "../search/types.js";
import { actionId, encodeShare } from "./actions.js";
import {
  actionButton,
  context,
  divider,
  type KnownBlock,
  LIMITS,
  type ModalView,
  section,
  viewTitle,
} from "./block-kit.js";
import { oneLine } from "./format.js";
import { hitBlocks } from "./search-results.js";
import { truncatePlain } from "./truncate.js";

export const RELATED_MODAL = { callbackId: "essay_related_modal" } as const;
/** The best few: a reply in a thread, not a search session. */
export const MAX_RELATED = 5;

/** Where the passages go, and the words they were found with. */
export interface RelatedTarget {
  channel: string;
  /** The thread: the message's own ts, or its parent's when it is a reply. */
  threadTs: string;
  query: string;
}

const CHANNEL = /^[CGD][A-Z0-9]{2,30}$/;
const TS = /^\d{1,12}\.\d{1,8}$/;

export function encodeTarget(target: RelatedTarget): string {
  return JSON.stringify({ c: target.channel, t: target.threadTs, q: target.query });
}

export function decodeTarget(raw: unknown): RelatedTarget | undefined {
  if (typeof raw !== "string" || raw.length > LIMITS.privateMetadata) return undefined;
  try {
    const v = JSON.parse(raw) as Record<string, unknown> | null;
    if (!v || typeof v.c !== "string" || typeof v.t !== "string" || typeof v.q !== "string") {
      return undefined;
    }
    if (!CHANNEL.test(v.c) || !TS.test(v.t)) return undefined;
    return { channel: v.c, threadTs: v.t, query: v.q };
  } catch {
    return undefined;
  }
}

export interface RelatedModalInput {
  /** The distinctive words read from the message, in its order (none: nothing to match). */
  words: string[];
  page?: SearchPage;
  /** Where a click posts; without it (a message the bot cannot answer in) there are no buttons. */
  target?: RelatedTarget;
  /** A line above the results: what the last click did. Our own mrkdwn, escaped by the caller. */
  notice?: string;
  /** Instead of results: why there are none (loading, no essays), as blocks. */
  status?: KnownBlock[];
}

export function renderRelatedModal(input: RelatedModalInput): ModalView {
  const blocks: KnownBlock[] = [];
  if (input.notice) blocks.push(section(input.notice));
  if (input.status) blocks.push(...input.status);
  else blocks.push(...resultBlocks(input));
  const view: ModalView = {
    type: "modal",
    callback_id: RELATED_MODAL.callbackId,
    title: viewTitle("Related essays"),
    close: viewTitle("Close"),
    blocks,
  };
  if (input.target) view.private_metadata = encodeTarget(input.target);
  return view;
}

function resultBlocks({ words, page, target }: RelatedModalInput): KnownBlock[] {
  if (words.length === 0) {
    return [
      section(
        "That message has no words the essays use, so there is nothing to match. Try the *Search essays* shortcut with your own words.",
      ),
    ];
  }
  const shown = words.map((w) => mrkdwnBold(truncatePlain(oneLine(w), 40))).join(", ");
  const hits = (page?.hits ?? []).slice(0, MAX_RELATED);
  if (hits.length === 0) return [section(`No section matches the message's words: ${shown}.`)];
  const blocks: KnownBlock[] = [section(`Sections about ${shown}, best first`)];
  hits.forEach((hit, i) => {
    const value = target && encodeShare({ query: target.query, sectionId: hit.section.id });
    const button = value
      ? actionButton("Post in thread", actionId("relatedPost", i), value)
      : undefined;
    blocks.push(divider(), ...hitBlocks(hit, button));
  });
  if (!target) {
    blocks.push(context("I can't post in this conversation, so there are no buttons to share."));
  }
  return blocks;
}
