/**
 * `/essay [help | latest | <query>]`. The answer goes back in the ack itself: it is ephemeral,
 * arrives with the command's HTTP response (or Socket Mode ack), and needs no extra API call.
 */

import type { SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { KnownBlock } from "../../../render/block-kit.js";
import { renderHelp } from "../../../render/help.js";
import { renderLatest } from "../../../render/latest.js";
import { renderNotLoaded } from "../../../render/not-loaded.js";
import { StoreUnavailable } from "../../../store/errors.js";
import { type EssayIntent, parseEssayText } from "../../command-text.js";
import { publishHome } from "../../home.js";
import { errorReply, loadingReply } from "../../replies.js";
import type { ListenerDeps } from "../deps.js";
import { searchReply } from "../search-page.js";
import { type SubscriptionIntent, subscriptionAnswer } from "./subscribe.js";

/** How many essays `/essay latest` lists. */
export const LATEST_COUNT = 5;

export function essayCommand(deps: ListenerDeps) {
  return async ({
    command,
    ack,
    client,
  }: Pick<SlackCommandMiddlewareArgs, "command" | "ack"> & { client?: WebClient }) => {
    let reply: Reply | undefined;
    let intent: EssayIntent | undefined;
    let failure: unknown;
    try {
      intent = parseEssayText(command.text ?? "");
      reply = isSubscription(intent)
        ? await subscriptionReply(intent, command, client, deps)
        : answer(intent, deps);
    } catch (error) {
      failure = error;
      // The store down: its sentence says so, and that nothing changed.
      reply = error instanceof StoreUnavailable ? { text: error.message } : errorReply;
    }
    // No reply: the answer was posted in the channel for everyone, so nothing private is added.
    await (reply ? ack({ response_type: "ephemeral", ...reply }) : ack());
    // Logged after the ack, so the person's answer never waits on the log line. The query itself
    // is the user's words: not logged, only what kind of answer they got.
    // One object rather than a child logger: a child per request costs more than the line itself.
    const fields = { command: command.command, user: command.user_id };
    if (intent && failure === undefined) {
      const loaded = deps.getIndex() !== undefined;
      deps.logger.info({ ...fields, intent: intent.kind, loaded }, "answered /essay");
    } else {
      deps.logger.error({ ...fields, err: failure }, "could not answer /essay");
    }
  };
}

type Reply = { text: string; blocks?: KnownBlock[] };

function isSubscription(intent: EssayIntent): intent is SubscriptionIntent {
  return ["subscribe", "unsubscribe", "subscriptions", "notify", "notify-off"].includes(
    intent.kind,
  );
}

async function subscriptionReply(
  intent: SubscriptionIntent,
  command: SlackCommandMiddlewareArgs["command"],
  client: WebClient | undefined,
  deps: ListenerDeps,
): Promise<Reply | undefined> {
  if (!deps.subscriptions || !client) return { text: SUBSCRIPTIONS_OFF_TEXT };
  const reply = await subscriptionAnswer(intent, command, client, deps.subscriptions);
  // The Home tab lists the person's alerts: show the change there too (never throws).
  if (intent.kind === "notify" || intent.kind === "notify-off") {
    void publishHome(client, command.user_id, deps);
  }
  return reply as Reply | undefined;
}

const SUBSCRIPTIONS_OFF_TEXT = "Subscriptions are not available on this essay-bot.";

function answer(intent: EssayIntent, deps: ListenerDeps): Reply {
  if (intent.kind === "help") return renderHelp();
  if (intent.kind === "invalid") return { text: intent.problem };
  const index = deps.getIndex();
  if (!index) return loadingReply;
  const problem = deps.loadProblem?.();
  if (problem) return renderNotLoaded(problem);
  if (intent.kind === "latest") return renderLatest(index.latest(LATEST_COUNT));
  if (intent.kind !== "search") return errorReply;
  return searchReply(index, intent.query);
}
