/**
 * The announcer's Slack side (AnnouncePoster) on a WebClient. Retries are ours, not WebClient's:
 * with its defaults a 429 or 5xx could hold the job for half an hour, and a blind retry of a post
 * that may have landed is exactly how duplicates happen. So every failure becomes a PostError
 * saying what the job should do, with a sentence a person can act on.
 */
import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type Logger as WebClientLogger,
} from "@slack/web-api";
import {
  ANNOUNCE_EVENT_TYPE,
  type AnnounceMessage,
  type AnnounceMetadata,
  type AnnouncePoster,
  type HistoryWindow,
  PostError,
} from "../jobs/poster.js";
import { type Logger, silentLogger } from "../logger.js";

export interface AnnouncePosterOptions {
  /** SLACK_BOT_TOKEN. */
  token: string;
  /** SLACK_API_URL (Slack's own when unset). */
  apiUrl?: string;
  /** Per-request limit, so a hung connection cannot stall the job. Default 10 s: well inside the 25 s a stop may take. */
  timeoutMs?: number;
  log?: Logger;
  /**
   * ANNOUNCE_CHANNEL: its failures name that setting. Any other channel is a subscription, whose
   * failure shows in /essay subscriptions and App Home, and a user ID is a person's alerts.
   */
  operatorChannel?: string | undefined;
}

/** Who a failure's sentence is for: it says what that reader can do. */
type Target = "operator" | "channel" | "person";

/** Logged once when the bot lacks a history scope: the one case where a duplicate is possible. */
const HISTORY_WARNING =
  "Cannot read the channel's history (the bot token lacks channels:history, or groups:history " +
  "for a private channel), so an essay whose post was interrupted by a crash may be announced " +
  "twice. Add the scope in the app's settings and reinstall the app to prevent that.";

/** Pages of history searched around a pending post: 2,000 messages in those few minutes. */
const MAX_HISTORY_PAGES = 10;

const TOKEN_PROBLEM =
  "check SLACK_BOT_TOKEN is the bot token (xoxb-…) of an app that is still installed in the workspace; reinstall the app to get a fresh one";

/** The bot's name when auth.test cannot tell it (the manifest's). */
const DEFAULT_BOT_NAME = "essay-bot";

/**
 * Posting to a public channel through chat:write.public needs no membership, but reading its
 * history does: the scope is there, the invite is not.
 */
const notMemberWarning = (channel: string, bot: string) =>
  `The bot posts in ${channel} without being a member (chat:write.public), so it cannot read ` +
  "the channel's history, and an essay whose post was interrupted by a crash may be announced " +
  `twice. To prevent that, invite the bot: /invite @${bot} in that channel.`;

/** Errors that stay until a person acts, with what to do (for whoever reads it: see Target). */
const FATAL: Readonly<Record<string, (channel: string, bot: string, to: Target) => string>> = {
  not_in_channel: (c, bot, to) =>
    to === "person"
      ? `Slack would not deliver a direct message to ${c} (not_in_channel).`
      : `The bot is not a member of channel ${c}: invite the bot: /invite @${bot} in that channel.`,
  channel_not_found: (c, bot, to) =>
    to === "operator"
      ? `Channel ${c} was not found: check ANNOUNCE_CHANNEL is a channel ID (like C0123456789, from the channel's About tab), not a channel name.`
      : to === "channel"
        ? `Channel ${c} was not found: it was deleted, or it is private and the bot is not in it. Invite the bot (/invite @${bot}) and subscribe again.`
        : `No direct message could be sent to ${c} (channel_not_found): the person may have left the workspace.`,
  is_archived: (c, _bot, to) =>
    to === "operator"
      ? `Channel ${c} is archived: unarchive it or set ANNOUNCE_CHANNEL to another channel.`
      : to === "channel"
        ? `Channel ${c} was archived: unarchive it and subscribe again.`
        : `The direct message with ${c} is archived (is_archived): the person's account may be deactivated.`,
  restricted_action: (c, _bot, to) =>
    to === "operator"
      ? `The workspace does not allow the bot to post in ${c}: ask a workspace admin, or set ANNOUNCE_CHANNEL to another channel.`
      : to === "channel"
        ? `The workspace does not allow the bot to post in ${c}: ask a workspace admin to let the bot post here, or unsubscribe this channel.`
        : `The workspace does not allow the bot to send ${c} a direct message: ask a workspace admin, or stop the alerts with /essay notify off.`,
  invalid_auth: () => `Slack rejected the bot token (invalid_auth): ${TOKEN_PROBLEM}.`,
  not_authed: () => `No bot token was sent (not_authed): set SLACK_BOT_TOKEN.`,
  account_inactive: () =>
    `The bot's token belongs to a deactivated app or user (account_inactive): ${TOKEN_PROBLEM}.`,
  token_revoked: () => `The bot token was revoked (token_revoked): ${TOKEN_PROBLEM}.`,
  token_expired: () => `The bot token expired (token_expired): ${TOKEN_PROBLEM}.`,
  missing_scope: (c) =>
    `The bot token lacks the chat:write scope needed to post in ${c}: add it under OAuth & Permissions and reinstall the app.`,
};

/** Slack-side trouble that passes: try again on a later run. */
const RETRYABLE = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

export function createAnnouncePoster(opts: AnnouncePosterOptions): AnnouncePoster {
  const log = opts.log ?? silentLogger;
  const client = new WebClient(opts.token, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 10_000,
    logger: quietLogger(log),
  });

  // Asked only when a message names the bot; remembered once Slack has answered.
  let botName: Promise<string> | undefined;
  const nameOfBot = (): Promise<string> => {
    botName ??= client.auth.test().then(
      (r) => cleanName(r.user) ?? DEFAULT_BOT_NAME,
      () => {
        botName = undefined;
        return DEFAULT_BOT_NAME;
      },
    );
    return botName;
  };
  // Alerts are posted to the person's user ID (U…/W…); the DM's own D… ID only for history.
  const targetOf = (channel: string): Target =>
    channel === opts.operatorChannel
      ? "operator"
      : /^[UWD][A-Z0-9]+$/.test(channel)
        ? "person"
        : "channel";
  const failure = async (err: unknown, channel: string, call: "post" | "history") => {
    const code = platformCode(err);
    const named = code === "not_in_channel" || code === "channel_not_found";
    return toPostError(err, channel, call, named ? await nameOfBot() : "", targetOf(channel));
  };

  return {
    async post(channel: string, message: AnnounceMessage, metadata?: AnnounceMetadata) {
      try {
        const result = await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          ...(metadata ? { metadata } : {}),
        });
        if (!result.ts)
          throw new PostError("retryable", "no_ts", "Slack accepted the post but returned no ts.");
        return { ts: result.ts };
      } catch (err) {
        throw await failure(err, channel, "post");
      }
    },

    async findAnnounced(channel: string, ids: readonly string[], window: HistoryWindow) {
      const wanted = new Set(ids);
      const found = new Map<string, string>();
      let cursor: string | undefined;
      let complete = false;
      try {
        for (let page = 0; page < MAX_HISTORY_PAGES && found.size < wanted.size; page++) {
          // Only the minutes the post could have landed in: a busy channel's later days of
          // chatter are never paged through.
          const result = await client.conversations.history({
            channel,
            oldest: slackTs(window.since),
            latest: slackTs(window.until),
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          });
          for (const m of result.messages ?? []) {
            const meta = m.metadata as
              | { event_type?: string; event_payload?: { id?: unknown } }
              | undefined;
            const id = meta?.event_payload?.id;
            if (
              meta?.event_type === ANNOUNCE_EVENT_TYPE &&
              typeof id === "string" &&
              wanted.has(id) &&
              m.ts
            ) {
              found.set(id, m.ts);
            }
          }
          cursor = result.response_metadata?.next_cursor || undefined;
          if (!result.has_more || !cursor) {
            complete = true;
            break;
          }
        }
      } catch (err) {
        // Reading history needs channels:history (groups:history in private channels), which a
        // workspace may not grant, and membership, which chat:write.public posting does not: the
        // job can still post, with a warning.
        const code = platformCode(err);
        if (code === "missing_scope") return { unknown: code, message: HISTORY_WARNING };
        if (code === "not_in_channel") {
          return { unknown: code, message: notMemberWarning(channel, await nameOfBot()) };
        }
        throw await failure(err, channel, "history");
      }
      if (!complete && found.size < wanted.size) {
        // Pages left unread may hold the post: "not found" would be a guess.
        return {
          unknown: "history_incomplete",
          message: `${channel} holds more than ${MAX_HISTORY_PAGES * 200} messages between ${window.since.toISOString()} and ${window.until.toISOString()}, more than the check reads.`,
        };
      }
      return found;
    },
  };
}

function platformCode(err: unknown): string | undefined {
  return err instanceof WebAPIPlatformError ? err.data.error : undefined;
}

/** auth.test's `user`, when it looks like a Slack name: it goes into sentences people copy. */
function cleanName(name: unknown): string | undefined {
  return typeof name === "string" && /^[\p{L}\p{N}._-]{1,80}$/u.test(name) ? name : undefined;
}

/** A Date as a Slack timestamp ("seconds.micros"). */
function slackTs(date: Date): string {
  return (date.getTime() / 1000).toFixed(6);
}

function toPostError(
  err: unknown,
  channel: string,
  call: "post" | "history",
  bot: string,
  to: Target,
): PostError {
  if (err instanceof PostError) return err;
  if (err instanceof WebAPIRateLimitedError) {
    return new PostError(
      "rate-limited",
      "ratelimited",
      `Slack rate-limited the call for ${err.retryAfter} s.`,
      {
        retryAfterSec: err.retryAfter,
        cause: err,
      },
    );
  }
  if (err instanceof WebAPIHTTPError) {
    const kind = err.statusCode >= 500 || err.statusCode === 408 ? "retryable" : "fatal";
    const hint =
      kind === "fatal"
        ? " Check SLACK_API_URL (unset it to use Slack's own API)."
        : " It is retried on a later run.";
    return new PostError(
      kind,
      `http_${err.statusCode}`,
      `Slack answered HTTP ${err.statusCode}.${hint}`,
      { cause: err },
    );
  }
  if (err instanceof WebAPIRequestError) {
    return new PostError(
      "retryable",
      "network",
      `Could not reach Slack (${err.original.message}); retried on a later run.`,
      {
        cause: err,
      },
    );
  }
  if (err instanceof WebAPIPlatformError) {
    const code = err.data.error;
    const fix = FATAL[code];
    if (fix)
      return new PostError("fatal", code, fix(channel, bot || DEFAULT_BOT_NAME, to), {
        cause: err,
      });
    if (code === "ratelimited") {
      return new PostError("rate-limited", code, "Slack rate-limited the call.", {
        retryAfterSec: 1,
        cause: err,
      });
    }
    // An unknown answer to a history read must not let us post blind; to a post, it concerns that message.
    const kind = RETRYABLE.has(code) || call === "history" ? "retryable" : "rejected";
    return new PostError(kind, code, `Slack answered ${code} in channel ${channel}.`, {
      cause: err,
    });
  }
  return new PostError("retryable", "unexpected", `Calling Slack failed: ${String(err)}`, {
    cause: err,
  });
}

/** WebClient logs failures to the console by default; ours are reported once, by the job. */
function quietLogger(log: Logger): WebClientLogger {
  let level = LogLevel.DEBUG;
  const debug = (...msg: unknown[]) =>
    log.debug({ source: "@slack/web-api" }, msg.map(String).join(" "));
  return {
    debug,
    info: debug,
    warn: debug,
    error: debug,
    setLevel(next) {
      level = next;
    },
    getLevel: () => level,
    setName() {},
  };
}
