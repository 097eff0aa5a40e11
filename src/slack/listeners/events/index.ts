import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { linkShared } from "./link-shared.js";

export function registerEvents(app: App, deps: ListenerDeps): void {
  app.event("link_shared", linkShared(deps));
}
