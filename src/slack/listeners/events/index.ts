import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { appHomeOpened } from "./app-home-opened.js";
import { registerChannelGone } from "./channel-gone.js";
import { linkShared } from "./link-shared.js";

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event("link_shared", linkShared(deps));
  app.event("app_home_opened", appHomeOpened(deps));
  registerChannelGone(app, deps);
}
