/** Slack payloads the e2e tests send, and small helpers to read what came back. */

export interface ButtonJson {
  action_id?: string;
  value?: string;
}

/** A message as the app sends it (ack body or response_url post). */
export interface Reply {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: { type: string; elements?: ButtonJson[]; accessory?: ButtonJson }[];
}

/** The first button whose action_id starts with `prefix`, as Slack would send it back. */
export function findButton(reply: Reply, prefix: string): { action_id: string; value?: string } {
  // Buttons sit in actions blocks (paging, suggestions) or beside a section (Share).
  const buttons = (reply.blocks ?? []).flatMap((b) => [
    ...(b.elements ?? []),
    ...(b.accessory ? [b.accessory] : []),
  ]);
  const found = buttons.find((e) => e.action_id?.startsWith(prefix));
  if (!found?.action_id) throw new Error(`no ${prefix} button in ${JSON.stringify(reply)}`);
  return { action_id: found.action_id, value: found.value };
}

/** A block_actions payload for a click on an ephemeral message from /essay. */
export function buttonClick(button: { action_id: string; value?: string }, responseUrl: string) {
  return {
    type: "block_actions",
    api_app_id: "A0APP",
    token: "legacy",
    trigger_id: "1.2.3",
    team: { id: "T0FAKE", domain: "fake" },
    user: { id: "U0ALICE", username: "alice", team_id: "T0FAKE" },
    channel: { id: "C0GENERAL", name: "general" },
    container: {
      type: "message",
      message_ts: "1700000000.000100",
      channel_id: "C0GENERAL",
      is_ephemeral: true,
    },
    response_url: responseUrl,
    actions: [{ type: "button", block_id: "b", action_ts: "1700000001.0", ...button }],
  };
}

export function linkSharedEvent(urls: string[], extra: Record<string, unknown> = {}) {
  return {
    type: "link_shared",
    channel: "C0GENERAL",
    user: "U0ALICE",
    message_ts: "1700000000.000100",
    is_bot_user_member: true,
    links: urls.map((url) => ({ url, domain: new URL(url).hostname })),
    event_ts: "1700000000.000200",
    ...extra,
  };
}

/** Poll until `find` returns something (work happens after the ack, on the app's own time). */
export async function eventually<T>(
  find: () => T | undefined | Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
