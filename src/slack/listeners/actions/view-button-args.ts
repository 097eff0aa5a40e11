import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";

/** A click in a modal or the Home tab: no response_url there, so answers go through the Web API. */
export type ViewButtonArgs = Pick<
  SlackActionMiddlewareArgs<BlockButtonAction>,
  "ack" | "action" | "body"
> &
  Pick<AllMiddlewareArgs, "client">;
