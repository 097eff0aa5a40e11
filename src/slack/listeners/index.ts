/** Every listener the app has, in one place. */
import type { App } from "@slack/bolt";
import { registerActions } from "./actions/index.js";
import { registerCommands } from "./commands/index.js";
import type { ListenerDeps } from "./deps.js";
import { registerEvents } from "./events/index.js";
import { registerShortcuts } from "./shortcuts/index.js";
import { registerViews } from "./views/index.js";

export type { ListenerDeps } from "./deps.js";

export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
  registerShortcuts(app, deps);
  registerViews(app, deps);
}
