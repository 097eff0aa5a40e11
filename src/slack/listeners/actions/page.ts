/** Next / Previous: re-run the search from the button's value and replace the results in place. */
import { decodePage } from "../../../render/actions.js";
import { loadingReply, staleButtonReply } from "../../replies.js";
import type { ListenerDeps } from "../deps.js";
import { searchReply } from "../search-page.js";
import type { ButtonArgs } from "./button-args.js";
import { ephemeral, respondSafely } from "./respond-safely.js";

export function pageAction(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs) => {
    await ack();
    const log = deps.logger.child({ action: action.action_id, user: body.user.id });
    await respondSafely(respond, log, () => {
      const page = decodePage(action.value);
      if (!page) return ephemeral(staleButtonReply);
      const index = deps.getIndex();
      if (!index) return ephemeral(loadingReply);
      return { replace_original: true, ...searchReply(index, page.query, page.offset) };
    });
  };
}
