/**
 * `link_shared`: unfurl links to essays we know, from the index alone. URLs in the event are
 * untrusted and never fetched; unknown links are left to Slack's default preview.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { renderUnfurl } from "../../../render/unfurl.js";
import type { ListenerDeps } from "../deps.js";

/**
 * Previews made per message. Slack shows link previews for the first five links of a message
 * (its help centre's rule for link previews; the API reference states no cap for chat.unfurl),
 * so more would be work and a bigger request for nothing: 500 pasted links made a 995 KB call.
 */
export const MAX_UNFURLS = 5;

type LinkSharedArgs = Pick<SlackEventMiddlewareArgs<"link_shared">, "event"> &
  Pick<AllMiddlewareArgs, "client">;

export function linkShared(deps: ListenerDeps) {
  return async ({ event, client }: LinkSharedArgs) => {
    const log = deps.logger.child({ event: "link_shared", channel: event.channel });
    const index = deps.getIndex();
    if (!index) {
      log.info({ links: event.links.length }, "index not loaded yet; not unfurling");
      return;
    }
    const unfurls: Record<string, ReturnType<typeof renderUnfurl>> = {};
    for (const { url } of event.links) {
      if (Object.keys(unfurls).length >= MAX_UNFURLS) break;
      if (url in unfurls) continue;
      const found = index.findByUrl(url);
      if (found) unfurls[url] = renderUnfurl(found.essay, found.section);
    }
    const urls = Object.keys(unfurls);
    if (urls.length === 0) {
      log.debug({ links: event.links.length }, "no essay links to unfurl");
      return;
    }

    // Links still in the message composer have no channel/ts yet: Slack identifies them by
    // unfurl_id + source. Posted messages are addressed by channel + message ts.
    const target =
      event.source === "composer" && event.unfurl_id
        ? { unfurl_id: event.unfurl_id, source: "composer" as const }
        : { channel: event.channel, ts: event.message_ts };
    try {
      await client.chat.unfurl({ ...target, unfurls });
      log.info({ urls, source: event.source ?? "conversations_history" }, "unfurled essay links");
    } catch (error) {
      log.error({ err: error, urls }, "chat.unfurl failed; Slack shows its default preview");
    }
  };
}
