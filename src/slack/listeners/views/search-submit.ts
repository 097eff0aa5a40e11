/**
 * The search modal's Search button: the results replace the modal in the submission's own
 * response (response_action "update"), so they arrive with no extra API call.
 */
import type { SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { SEARCH_MODAL, submittedQuery } from "../../../render/search-modal.js";
import { searchModalView } from "../../modal-views.js";
import type { ListenerDeps } from "../deps.js";

type SubmitArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction>, "ack" | "view" | "body">;

export function searchSubmit(deps: ListenerDeps) {
  return async ({ ack, view, body }: SubmitArgs) => {
    const box = submittedQuery(view?.state?.values);
    const query = box?.value ?? "";
    // Errors are keyed by the block that shows the box; its id follows the query.
    const blockId = box?.blockId ?? SEARCH_MODAL.queryBlock;
    if (query.trim() === "") {
      await ack({
        response_action: "errors",
        errors: { [blockId]: "Type a word or phrase to search for." },
      });
      return;
    }
    try {
      await ack({ response_action: "update", view: searchModalView(deps, query) });
      // As for /essay: what kind of answer, never the words.
      const loaded = deps.getIndex() !== undefined;
      deps.logger.info(
        { view: SEARCH_MODAL.callbackId, user: body?.user?.id, loaded },
        "answered a modal search",
      );
    } catch (error) {
      deps.logger.error({ err: error, user: body?.user?.id }, "could not answer a modal search");
      await ack({
        response_action: "errors",
        errors: { [blockId]: "Sorry, something went wrong. Please try again." },
      }).catch(() => undefined);
    }
  };
}
