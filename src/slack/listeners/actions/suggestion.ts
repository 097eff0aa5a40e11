/** A "did you mean" button: search for the suggested words, replacing the "no match" message. */
import { decodeSuggest } from "../../../render/actions.js";
import { loadingReply, staleButtonReply } from "../../replies.js";
import type { ListenerDeps } from "../deps.js";
import { searchReply } from "../search-page.js";
import type { ButtonArgs } from "./button-args.js";
import { ephemeral, respondSafely } from "./respond-safely.js";

export function suggestionAction(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs) => {
    await ack();
    const log = deps.logger.child({ action: action.action_id, user: body.user.id });
    await respondSafely(respond, log, () => {
      const query = decodeSuggest(action.value);
      if (!query) return ephemeral(staleButtonReply);
      const index = deps.getIndex();
      if (!index) return ephemeral(loadingReply);
      return { replace_original: true, ...searchReply(index, query) };
    });
  };
}
