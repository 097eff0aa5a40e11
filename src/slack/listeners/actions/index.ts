import type { App } from "@slack/bolt";
import { ACTION_PATTERNS } from "../../../render/actions.js";
import type { ListenerDeps } from "../deps.js";
import { pageAction } from "./page.js";
import { shareAction } from "./share.js";
import { suggestionAction } from "./suggestion.js";

export function registerActions(app: App, deps: ListenerDeps): void {
  app.action(ACTION_PATTERNS.next, pageAction(deps));
  app.action(ACTION_PATTERNS.prev, pageAction(deps));
  app.action(ACTION_PATTERNS.share, shareAction(deps));
  app.action(ACTION_PATTERNS.suggest, suggestionAction(deps));
  // "Read essay" opens a URL in the browser; Slack still posts the click and expects an ack.
  app.action(ACTION_PATTERNS.open, async ({ ack }) => {
    await ack();
  });
}
