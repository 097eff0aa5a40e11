/**
 * The `essay_related` message shortcut: a modal with the sections that best match the message's
 * most distinctive words. Only the message's text is read; its links are never fetched.
 */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { relatedModalView, relatedWords } from "../../modal-views.js";
import type { ListenerDeps } from "../deps.js";

export const RELATED_SHORTCUT = "essay_related";

type ShortcutArgs = Pick<SlackShortcutMiddlewareArgs<MessageShortcut>, "ack" | "shortcut"> &
  Pick<AllMiddlewareArgs, "client">;

export function relatedShortcut(deps: ListenerDeps) {
  return async ({ ack, shortcut, client }: ShortcutArgs) => {
    await ack();
    const log = deps.logger.child({ shortcut: RELATED_SHORTCUT, user: shortcut.user?.id });
    if (typeof shortcut.trigger_id !== "string") {
      log.warn({}, "no trigger_id to open the related modal with");
      return;
    }
    try {
      const message = shortcut.message ?? {};
      const words = relatedWords(deps, message.text);
      // A reply's passage goes in its own thread, not a new one under the reply.
      const threadTs = message.thread_ts ?? message.ts;
      const channel = shortcut.channel?.id;
      const place =
        typeof channel === "string" && typeof threadTs === "string"
          ? { channel, threadTs }
          : undefined;
      const view = relatedModalView(deps, words, place);
      await client.views.open({ trigger_id: shortcut.trigger_id, view });
      log.info({ words: words.length }, "opened the related-essays modal");
    } catch (error) {
      log.error({ err: error }, "could not open the related modal");
    }
  };
}
