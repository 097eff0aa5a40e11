import type { BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";

/** The parts of a button click the listeners use: tests pass just these. */
export type ButtonArgs = Pick<
  SlackActionMiddlewareArgs<BlockButtonAction>,
  "ack" | "action" | "body" | "respond"
>;
