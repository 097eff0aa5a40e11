/** App Home's "Search essays": the same modal the `essay_search` shortcut opens. */
import type { ListenerDeps } from "../deps.js";
import { openSearchModal } from "../shortcuts/search.js";
import type { ViewButtonArgs } from "./view-button-args.js";

export function homeSearchAction(deps: ListenerDeps) {
  return async ({ ack, body, client }: ViewButtonArgs) => {
    await ack();
    await openSearchModal(client, body.trigger_id, body.user?.id, deps);
  };
}
