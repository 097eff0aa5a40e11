import type { App, ViewSubmitAction } from "@slack/bolt";
import { SEARCH_MODAL } from "../../../render/search-modal.js";
import type { ListenerDeps } from "../deps.js";
import { searchSubmit } from "./search-submit.js";

export function registerViews(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(SEARCH_MODAL.callbackId, searchSubmit(deps));
}
