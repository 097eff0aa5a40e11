/**
 * The answer to a search or `latest` while there is no essay at all because the feeds failed
 * (mistyped or down on a first start). "No section matches" would blame the query; this says
 * what is wrong and who can fix it. The feed problems name each feed without credentials.
 */
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { context, type RenderedMessage, section } from "./block-kit.js";
import { truncatePlain } from "./truncate.js";

/** Well inside a section's 3,000 characters, with the sentence around it. */
const MAX_PROBLEM = 2_000;

export function renderNotLoaded(problem: string): RenderedMessage {
  const shown = escapeMrkdwn(truncatePlain(problem.replace(/\s+/g, " ").trim(), MAX_PROBLEM));
  return {
    text: escapeMrkdwn("The essays could not be loaded, so there is nothing to search yet."),
    blocks: [
      section(`*The essays could not be loaded*, so there is nothing to search yet.\n${shown}`),
      context(
        "Whoever runs essay-bot can fix the feed address (`FEED_URLS`) or wait for the feed to come back; the bot tries again at every refresh.",
      ),
    ],
  };
}
