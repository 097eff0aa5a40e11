/**
 * "Post in thread" in the related-message modal: the passage goes into the thread of the message
 * the shortcut was used on (chat.postMessage with thread_ts), as Share posts it, and the modal
 * says what happened. The hit is found again from the words the modal was made with.
 */
import { mrkdwnBold } from "../../../mrkdwn/escape.js";
import { decodeShare } from "../../../render/actions.js";
import { sectionLabel } from "../../../render/format.js";
import { decodeTarget } from "../../../render/related-modal.js";
import { renderSharedPassage } from "../../../render/share-message.js";
import { truncatePlain } from "../../../render/truncate.js";
import { relatedModalView } from "../../modal-views.js";
import { errorReply, loadingReply } from "../../replies.js";
import type { ListenerDeps } from "../deps.js";
import type { ViewButtonArgs } from "./view-button-args.js";

/** Slack's answers that mean the bot may not post there. */
const CANNOT_POST = new Set([
  "not_in_channel",
  "channel_not_found",
  "is_archived",
  "restricted_action",
]);

const RELATED_GONE =
  "That passage is no longer in the index (the essays were refreshed since). Use the shortcut on the message again for fresh results.";

export function relatedPostAction(deps: ListenerDeps) {
  return async ({ ack, action, body, client }: ViewButtonArgs) => {
    await ack();
    const user = body.user?.id ?? "";
    const log = deps.logger.child({ action: action.action_id, user });
    const target = decodeTarget(body.view?.private_metadata);
    const share = decodeShare(action.value);
    const viewId = body.view?.id;
    if (!target || !share || typeof viewId !== "string") {
      log.warn({}, "a related-modal button without a readable target; ignored");
      return;
    }
    let notice: string;
    const index = deps.getIndex();
    const hit = index?.hitFor(share.query, share.sectionId);
    if (!index) notice = loadingReply.text;
    else if (!hit) notice = RELATED_GONE;
    else {
      try {
        await client.chat.postMessage({
          channel: target.channel,
          thread_ts: target.threadTs,
          ...renderSharedPassage(hit, user),
          unfurl_links: false,
          unfurl_media: false,
        });
        const label = mrkdwnBold(truncatePlain(sectionLabel(hit.section), 100));
        notice = `:white_check_mark: Posted ${label} in the thread.`;
        log.info({ channel: target.channel, section: hit.section.id }, "posted a related passage");
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? "";
        log.error({ err: error, channel: target.channel }, "could not post a related passage");
        notice = CANNOT_POST.has(code)
          ? ":warning: I can't post in that conversation. In a channel, invite me first: `/invite @essay-bot`."
          : `:warning: ${errorReply.text}`;
      }
    }
    try {
      const words = target.query.split(" ").filter((w) => w !== "");
      const place = { channel: target.channel, threadTs: target.threadTs };
      const hash = body.view?.hash;
      await client.views.update({
        view_id: viewId,
        ...(typeof hash === "string" ? { hash } : {}),
        view: relatedModalView(deps, words, place, notice),
      });
    } catch (error) {
      log.error({ err: error }, "could not update the related modal");
    }
  };
}
