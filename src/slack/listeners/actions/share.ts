/**
 * Share: post the passage into the conversation for everyone, through the response_url, which
 * works in any channel or DM the command was used in, even ones the bot was never invited to.
 * The hit is found again by re-running the query, so the shared excerpt bolds the same words.
 */
import { decodeShare } from "../../../render/actions.js";
import { renderSharedPassage } from "../../../render/share-message.js";
import { errorReply, loadingReply, passageGoneReply, staleButtonReply } from "../../replies.js";
import type { ListenerDeps } from "../deps.js";
import type { ButtonArgs } from "./button-args.js";
import { ephemeral, respondSafely } from "./respond-safely.js";

export function shareAction(deps: ListenerDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs) => {
    await ack();
    const log = deps.logger.child({ action: action.action_id, user: body.user.id });
    let sectionId: string | undefined;
    const posted = await respondSafely(respond, log, () => {
      const share = decodeShare(action.value);
      if (!share) return ephemeral(staleButtonReply);
      const index = deps.getIndex();
      if (!index) return ephemeral(loadingReply);
      const hit = index.hitFor(share.query, share.sectionId);
      // The index was refreshed since the search and that section is gone (or changed).
      if (!hit) return ephemeral(passageGoneReply);
      sectionId = hit.section.id;
      return {
        response_type: "in_channel",
        replace_original: false,
        ...renderSharedPassage(hit, body.user.id),
      };
    });
    if (sectionId && posted) {
      log.info({ section: sectionId }, "shared a passage in the channel");
    } else if (sectionId) {
      // The visible post failed; one more try to tell the person, who would otherwise see nothing.
      await respond(ephemeral(errorReply)).catch(() => undefined);
    }
  };
}
