/**
 * Builds requests exactly as Slack sends them to a Request URL: form-encoded slash commands and
 * interactivity payloads, JSON events, each signed with the v0 HMAC-SHA256 signature over
 * `v0:{timestamp}:{body}` (https://api.slack.com/authentication/verifying-requests-from-slack).
 */
import { createHmac } from "node:crypto";

export interface SignOptions {
  /** Seconds since the epoch; defaults to now. Use an old one to test replay protection. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  secret?: string;
}

export function signatureHeaders(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
  };
}

/** POST `body` exactly as given (any content type), signed: for malformed or hostile payloads. */
export async function post(
  url: string,
  body: string,
  contentType: string,
  secret: string,
  opts: SignOptions,
) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": contentType,
      ...signatureHeaders(body, opts.secret ?? secret, opts.timestamp),
    },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

export interface SlashCommandFields {
  text: string;
  command?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  team_id?: string;
  response_url?: string;
  trigger_id?: string;
}

/** The fields Slack sends with an `/essay` command (HTTP body or Socket Mode payload alike). */
export function slashCommandFields(fields: SlashCommandFields): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: "T0FAKE",
    team_domain: "fake",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: "U0ALICE",
    user_name: "alice",
    command: "/essay",
    response_url: "https://hooks.slack.test/commands/1",
    trigger_id: "1.2.3",
    api_app_id: "A0APP",
    ...fields,
  };
}

/** POST a signed slash command to the app's /slack/events URL. */
export function postSlashCommand(
  eventsUrl: string,
  secret: string,
  fields: SlashCommandFields,
  opts: SignOptions = {},
) {
  const body = new URLSearchParams(slashCommandFields(fields)).toString();
  return post(eventsUrl, body, "application/x-www-form-urlencoded", secret, opts);
}

/** POST a signed interactivity payload (e.g. a block_actions button click). */
export function postInteraction(
  eventsUrl: string,
  secret: string,
  payload: Record<string, unknown>,
  opts: SignOptions = {},
) {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return post(eventsUrl, body, "application/x-www-form-urlencoded", secret, opts);
}

/** POST a signed Events API callback wrapping `event`. */
export function postEvent(
  eventsUrl: string,
  secret: string,
  event: Record<string, unknown>,
  opts: SignOptions = {},
) {
  const body = JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T0FAKE",
    api_app_id: "A0APP",
    event,
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
  });
  return post(eventsUrl, body, "application/json", secret, opts);
}
