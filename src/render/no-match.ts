/**
 * The answer when nothing matched: say so plainly, offer the index's own near-misses as one-click
 * searches, and point at help, so a typo is one click from a result rather than a dead end.
 */

import { escapeMrkdwn, mrkdwnBold } from "../mrkdwn/escape.js";
import { type ActionKind, actionId, encodeSuggest } from "./actions.js";
import {
  actionButton,
  context,
  type KnownBlock,
  type RenderedMessage,
  section,
} from "./block-kit.js";
import { oneLine } from "./format.js";
import { truncatePlain } from "./truncate.js";

const MAX_SUGGESTIONS = 5;
const MAX_SHOWN_QUERY = 100;
/** "Try: " plus this stays within Slack's 75-character button text. */
const MAX_SUGGESTION_LABEL = 60;

/** `suggest`: the kind of the suggestion buttons (a modal's buttons are routed apart). */
export function renderNoMatch(
  query: string,
  suggestions: string[],
  suggest: Extract<ActionKind, "suggest" | "modalSuggest"> = "suggest",
): RenderedMessage {
  const shown = truncatePlain(oneLine(query), MAX_SHOWN_QUERY);
  const headline = shown
    ? `No section matches ${mrkdwnBold(shown)}.`
    : "Type a word or phrase to search for.";
  const blocks: KnownBlock[] = [section(headline)];

  const unique = [...new Set(suggestions.map(oneLine).filter((s) => s !== ""))];
  const buttons = unique
    .slice(0, MAX_SUGGESTIONS)
    .map((s, i) =>
      actionButton(
        `Try: ${truncatePlain(s, MAX_SUGGESTION_LABEL)}`,
        actionId(suggest, i),
        encodeSuggest(s),
      ),
    );
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
  blocks.push(
    context(
      "Fewer or different words often help; quote a phrase to match it exactly. `/essay help` shows more.",
    ),
  );
  const text = shown ? `No section matches “${shown}”` : "Type a word or phrase to search for";
  return { text: escapeMrkdwn(text), blocks };
}
