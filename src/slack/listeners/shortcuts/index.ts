import type { App, GlobalShortcut, MessageShortcut } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { RELATED_SHORTCUT, relatedShortcut } from "./related.js";
import { SEARCH_SHORTCUT, searchShortcut } from "./search.js";

export function registerShortcuts(app: App, deps: ListenerDeps): void {
  app.shortcut<GlobalShortcut>(SEARCH_SHORTCUT, searchShortcut(deps));
  app.shortcut<MessageShortcut>(RELATED_SHORTCUT, relatedShortcut(deps));
}
