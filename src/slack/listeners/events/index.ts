import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { registerChannelGone } from "./channel-gone.js";
import { linkShared } from "./link-shared.js";

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event("link_shared", linkShared(deps));
  registerChannelGone(app, deps);
}
