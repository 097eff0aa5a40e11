/**
 * "Stop these alerts" on an alert: the person who clicks is the one whose alerts stop (an alert
 * is only ever in its owner's DM), so the button's value is not trusted for anything.
 */
import type { App, BlockButtonAction } from "@slack/bolt";
import { STOP_ALERTS_ACTION } from "../../../render/topic-post.js";
import { publishHome } from "../../home.js";
import type { ListenerDeps } from "../deps.js";
import { ephemeral, respondSafely } from "./respond-safely.js";

export const ALERTS_STOPPED_TEXT =
  "Your alerts are off. `/essay notify &lt;topic&gt;, …` sets them again.";

export function registerStopAlerts(app: App, deps: ListenerDeps): void {
  const subscriptions = deps.subscriptions;
  app.action<BlockButtonAction>(STOP_ALERTS_ACTION, async ({ ack, body, respond, client }) => {
    await ack();
    let text = ALERTS_STOPPED_TEXT;
    try {
      if (subscriptions) await subscriptions.store.removeAlert(body.user.id);
    } catch (error) {
      deps.logger.error({ err: error, user: body.user.id }, "could not stop a person's alerts");
      text = "Sorry, your alerts could not be stopped just now. Try `/essay notify off`.";
    }
    await respondSafely(respond, deps.logger, () => ephemeral({ text }));
    // The Home tab lists the person's alerts (publishHome never throws).
    await publishHome(client, body.user.id, deps);
  });
}
