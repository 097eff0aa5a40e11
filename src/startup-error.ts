/**
 * Start-up failed for a reason the person running the bot can fix (a rejected token, Slack out of
 * reach, a port or DATA_DIR in use): the message is the whole story, printed as it is; the stack
 * and causes are for debugging only. Anything else that stops a start is a bug and keeps its stack.
 */
export class StartupError extends Error {
  override readonly name = "StartupError";
}
