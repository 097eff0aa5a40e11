/**
 * Next / Previous and "Try: …" inside the search modal: search again and update the modal in
 * place (views.update with the view's hash, so a click on an outdated modal changes nothing).
 */
import { decodePage, decodeSuggest } from "../../../render/actions.js";
import { searchModalView } from "../../modal-views.js";
import type { ListenerDeps } from "../deps.js";
import type { ViewButtonArgs } from "./view-button-args.js";

export function modalPageAction(deps: ListenerDeps) {
  return async ({ ack, action, body, client }: ViewButtonArgs) => {
    await ack();
    const log = deps.logger.child({ action: action.action_id, user: body.user?.id });
    const page = decodePage(action.value);
    const suggested = page ? undefined : decodeSuggest(action.value);
    const viewId = body.view?.id;
    if ((!page && suggested === undefined) || typeof viewId !== "string") {
      log.warn({}, "a search modal button without a readable value or view; ignored");
      return;
    }
    try {
      const view = page
        ? searchModalView(deps, page.query, page.offset)
        : searchModalView(deps, suggested);
      const hash = body.view?.hash;
      await client.views.update({
        view_id: viewId,
        ...(typeof hash === "string" ? { hash } : {}),
        view,
      });
    } catch (error) {
      log.error({ err: error }, "could not update the search modal");
    }
  };
}
