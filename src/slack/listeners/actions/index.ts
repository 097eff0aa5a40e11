import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { type ActionKind, ANY_ACTION, actionKind } from "../../../render/actions.js";
import type { ListenerDeps } from "../deps.js";
import type { ButtonArgs } from "./button-args.js";
import { homeSearchAction } from "./home-search.js";
import { modalPageAction } from "./modal-page.js";
import { pageAction } from "./page.js";
import { relatedPostAction } from "./related-post.js";
import { removeAlertAction } from "./remove-alert.js";
import { shareAction } from "./share.js";
import { registerStopAlerts } from "./stop-alerts.js";
import { suggestionAction } from "./suggestion.js";

type ClientArgs = Pick<AllMiddlewareArgs, "client">;

/**
 * One Bolt listener for all our buttons, routed here by kind. Bolt runs every registered
 * listener's middleware chain for every incoming request, slash commands included, so five
 * separate `app.action` listeners cost each `/essay` about a sixth of its server time.
 */
export function registerActions(app: App, deps: ListenerDeps): void {
  registerStopAlerts(app, deps);
  const page = pageAction(deps);
  const modalPage = modalPageAction(deps);
  const handlers: Record<ActionKind, (args: ButtonArgs & ClientArgs) => Promise<void>> = {
    next: page,
    prev: page,
    share: shareAction(deps),
    suggest: suggestionAction(deps),
    // "Read essay" opens a URL in the browser; Slack still posts the click and expects an ack.
    open: async ({ ack }) => {
      await ack();
    },
    modalNext: modalPage,
    modalPrev: modalPage,
    modalSuggest: modalPage,
    homeSearch: homeSearchAction(deps),
    removeAlert: removeAlertAction(deps),
    relatedPost: relatedPostAction(deps),
  };
  app.action<BlockButtonAction>(
    ANY_ACTION,
    async (args: SlackActionMiddlewareArgs<BlockButtonAction> & ClientArgs) => {
      const kind = actionKind(args.action.action_id);
      // ANY_ACTION admits only our kinds; the fallback is an ack so Slack never shows a timeout.
      await (kind ? handlers[kind](args) : args.ack());
    },
  );
}
