/** `app_home_opened` on the Home tab (not Messages or About): publish that person's Home. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { publishHome } from "../../home.js";
import type { ListenerDeps } from "../deps.js";

type HomeOpenedArgs = Pick<SlackEventMiddlewareArgs<"app_home_opened">, "event"> &
  Pick<AllMiddlewareArgs, "client">;

export function appHomeOpened(deps: ListenerDeps) {
  return async ({ event, client }: HomeOpenedArgs) => {
    if (event.tab !== "home") return;
    await publishHome(client, event.user, deps);
  };
}
