import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../deps.js";
import { essayCommand } from "./essay.js";

export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command("/essay", essayCommand(deps));
}
