/**
 * Publishes a person's Home tab. Called when they open it, after their Remove click, and by
 * whatever changes their alerts (`/essay notify`), so the tab never shows stale alerts.
 */
import type { WebClient } from "@slack/web-api";
import { HOME_ESSAYS, renderAppHome } from "../render/app-home.js";
import type { ChannelSubscription, Subscriptions } from "../subscriptions/types.js";
import type { ListenerDeps } from "./listeners/deps.js";

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;

export type HomeDeps = Pick<ListenerDeps, "getIndex" | "loadProblem" | "subscriptions" | "logger">;

/**
 * views.publish of the Home for `userId`; false (and a log line) when it could not be published.
 * Never throws: a Home that fails to publish must not fail the click or command that caused it.
 */
export async function publishHome(
  client: Pick<WebClient, "views">,
  userId: string,
  deps: HomeDeps,
  opts: { notice?: string } = {},
): Promise<boolean> {
  const log = deps.logger.child({ component: "app-home", user: userId });
  if (typeof userId !== "string" || !USER_ID.test(userId)) {
    log.warn({}, "not publishing a Home for a malformed user id");
    return false;
  }
  try {
    const index = deps.getIndex();
    const subs = deps.subscriptions?.store;
    const view = renderAppHome({
      essays: index?.latest(HOME_ESSAYS),
      loadProblem: index ? deps.loadProblem?.() : undefined,
      ...(subs
        ? { subscriptions: { alert: subs.alertOf(userId), channels: visibleTo(userId, subs) } }
        : {}),
      ...(opts.notice ? { notice: opts.notice } : {}),
    });
    await client.views.publish({ user_id: userId, view });
    log.debug({}, "published App Home");
    return true;
  } catch (error) {
    log.error({ err: error }, "could not publish App Home");
    return false;
  }
}

/**
 * The subscriptions a person's Home lists: every public channel's, and a private channel's only
 * to whoever subscribed it (its name, topics and failures are not for everyone in the workspace).
 */
function visibleTo(userId: string, subs: Subscriptions): ChannelSubscription[] {
  return subs.channels().filter((c) => c.private !== true || c.createdBy === userId);
}
