/**
 * `/essay [help | latest | <query>]`. The answer goes back in the ack itself: it is ephemeral,
 * arrives with the command's HTTP response (or Socket Mode ack), and needs no extra API call.
 */
import type { SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { KnownBlock } from "../../../render/block-kit.js";
import { renderHelp } from "../../../render/help.js";
import { renderLatest } from "../../../render/latest.js";
import { renderNotLoaded } from "../../../render/not-loaded.js";
import { type EssayIntent, parseEssayText } from "../../command-text.js";
import { errorReply, loadingReply } from "../../replies.js";
import type { ListenerDeps } from "../deps.js";
import { searchReply } from "../search-page.js";

/** How many essays `/essay latest` lists. */
export const LATEST_COUNT = 5;

export function essayCommand(deps: ListenerDeps) {
  return async ({ command, ack }: Pick<SlackCommandMiddlewareArgs, "command" | "ack">) => {
    let reply: Reply;
    let intent: EssayIntent | undefined;
    let failure: unknown;
    try {
      intent = parseEssayText(command.text ?? "");
      reply = answer(intent, deps);
    } catch (error) {
      failure = error;
      reply = errorReply;
    }
    await ack({ response_type: "ephemeral", ...reply });
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

function answer(intent: EssayIntent, deps: ListenerDeps): Reply {
  if (intent.kind === "help") return renderHelp();
  const index = deps.getIndex();
  if (!index) return loadingReply;
  const problem = deps.loadProblem?.();
  if (problem) return renderNotLoaded(problem);
  if (intent.kind === "latest") return renderLatest(index.latest(LATEST_COUNT));
  return searchReply(index, intent.query);
}
