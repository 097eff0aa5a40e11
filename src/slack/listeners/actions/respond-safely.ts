/**
 * Every button answers through its response_url. Building the answer and posting it can both
 * fail (a bug, an expired response_url); the user then gets an ephemeral sentence instead of a
 * silent button, and the log gets the error with context.
 */
import type { RespondArguments, RespondFn } from "@slack/bolt";
import type { Logger } from "../../../logger.js";
import { errorReply } from "../../replies.js";

/** A new private message under the original, which stays as it was. */
export function ephemeral(message: { text: string }): RespondArguments {
  return { response_type: "ephemeral", replace_original: false, ...message };
}

export async function respondSafely(
  respond: RespondFn,
  log: Logger,
  build: () => RespondArguments,
): Promise<boolean> {
  let message: RespondArguments;
  try {
    message = build();
  } catch (error) {
    log.error({ err: error }, "could not build the answer to a button click");
    message = ephemeral(errorReply);
  }
  try {
    await respond(message);
    return true;
  } catch (error) {
    log.error({ err: error }, "posting to the response_url failed");
    return false;
  }
}
