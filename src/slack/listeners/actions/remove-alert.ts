/**
 * App Home's "Remove" beside the person's alerts: stop them, then republish the Home with a line
 * saying so (a Home tab has no response_url to answer through).
 */
import { mrkdwnBold } from "../../../mrkdwn/escape.js";
import { publishHome } from "../../home.js";
import type { ListenerDeps } from "../deps.js";
import type { ViewButtonArgs } from "./view-button-args.js";

export function removeAlertAction(deps: ListenerDeps) {
  return async ({ ack, body, client }: ViewButtonArgs) => {
    await ack();
    const user = body.user?.id;
    if (typeof user !== "string") return;
    const log = deps.logger.child({ action: "remove_alert", user });
    const subs = deps.subscriptions?.store;
    let notice: string;
    try {
      const alert = subs?.alertOf(user);
      if (!subs || !alert) notice = "You have no alerts to remove.";
      else {
        await subs.removeAlert(user);
        const topics = (Array.isArray(alert.topics) ? alert.topics : []).slice(0, 5);
        const about = topics.map((t) => mrkdwnBold(String(t).slice(0, 60))).join(", ");
        notice = `:white_check_mark: Your alerts are off${about ? ` (${about})` : ""}: no more direct messages about new essays.`;
        log.info({}, "removed a personal alert from App Home");
      }
    } catch (error) {
      log.error({ err: error }, "could not remove a personal alert");
      notice =
        ":warning: Your alerts could not be removed. Please try again, or type `/essay notify off`.";
    }
    await publishHome(client, user, deps, { notice });
  };
}
