/** The `essay_search` global shortcut (and App Home's button): open the search modal. */
import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { searchModalView } from "../../modal-views.js";
import type { ListenerDeps } from "../deps.js";

export const SEARCH_SHORTCUT = "essay_search";

type ShortcutArgs = Pick<SlackShortcutMiddlewareArgs<GlobalShortcut>, "ack" | "shortcut"> &
  Pick<AllMiddlewareArgs, "client">;

export function searchShortcut(deps: ListenerDeps) {
  return async ({ ack, shortcut, client }: ShortcutArgs) => {
    await ack();
    await openSearchModal(client, shortcut.trigger_id, shortcut.user?.id, deps);
  };
}

/** views.open needs the trigger_id within 3 seconds of the click: opened before anything else. */
export async function openSearchModal(
  client: AllMiddlewareArgs["client"],
  triggerId: unknown,
  user: unknown,
  deps: ListenerDeps,
): Promise<void> {
  const log = deps.logger.child({ shortcut: SEARCH_SHORTCUT, user });
  if (typeof triggerId !== "string" || triggerId === "") {
    log.warn({}, "no trigger_id to open the search modal with");
    return;
  }
  try {
    await client.views.open({ trigger_id: triggerId, view: searchModalView(deps) });
  } catch (error) {
    log.error({ err: error }, "could not open the search modal");
  }
}
