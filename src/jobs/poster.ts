/**
 * What the announcer needs from Slack, as an interface: the job stays free of @slack/* imports and
 * tests can drive it with a plain object. src/slack/announce-poster.ts implements it on WebClient.
 */

/** A message ready to post: fallback text (also mrkdwn, already escaped) plus Block Kit blocks. */
export interface AnnounceMessage {
  text: string;
  blocks: readonly unknown[];
}

/**
 * Attached to every announcement so a restart can find, in the channel's history, whether a post
 * whose confirmation was lost actually landed.
 */
export interface AnnounceMetadata {
  event_type: typeof ANNOUNCE_EVENT_TYPE;
  event_payload: { id: string; url: string };
}

export const ANNOUNCE_EVENT_TYPE = "essay_published";

/**
 * A post that was never sent: its run was stopped, or this process stopped leading, while it
 * waited its turn. Its pending mark stays; the next run (here or on the new leader) checks the
 * history, finds nothing, and posts it.
 */
export class NotSent extends Error {
  override readonly name = "NotSent";
}

/** Throws NotSent when `signal` is aborted: the last check before a message goes to Slack. */
export function sendIfStill(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new NotSent("not posted: the run was stopped or this process no longer leads");
  }
}

/**
 * The history check could not tell whether a post landed: the bot may not read the channel
 * (`missing_scope`, `not_in_channel`), or the minutes around the attempt held more messages than
 * it reads (`history_incomplete`). `message` says why, and what a person can do about it.
 */
export interface HistoryUnknown {
  unknown: string;
  message: string;
}

/** The stretch of history a post attempted at one moment can have landed in (Slack's clock). */
export interface HistoryWindow {
  since: Date;
  until: Date;
}

export interface AnnouncePoster {
  /**
   * Post one message without unfurls. Resolves with Slack's ts; throws PostError. With `signal`
   * aborted by the time the message would go (a stop, or leadership lost while it waited its
   * turn), nothing is sent and NotSent is thrown.
   */
  post(
    channel: string,
    message: AnnounceMessage,
    metadata?: AnnounceMetadata,
    signal?: AbortSignal,
  ): Promise<{ ts: string }>;
  /**
   * Which of `ids` already have an announcement in `channel` posted inside `window`
   * (id → message ts), or why that cannot be told. Other failures throw PostError.
   */
  findAnnounced(
    channel: string,
    ids: readonly string[],
    window: HistoryWindow,
  ): Promise<Map<string, string> | HistoryUnknown>;
}

/**
 * How a failed call should be handled:
 * - "rate-limited": wait `retryAfterSec`, then try again.
 * - "retryable": Slack or the network had a problem (5xx, timeout); the post may or may not have
 *   landed, so try on a later run, after checking history.
 * - "fatal": the channel or token is unusable (not_in_channel, invalid_auth…); nothing will post
 *   until a person fixes it, so stop and say how.
 * - "rejected": Slack refused this message (e.g. invalid_blocks); other messages may still go.
 */
export type PostErrorKind = "rate-limited" | "retryable" | "fatal" | "rejected";

export class PostError extends Error {
  override readonly name = "PostError";
  readonly kind: PostErrorKind;
  /** Slack's error code ("not_in_channel", "http_500", "network"…). */
  readonly code: string;
  /** For "rate-limited": seconds Slack asked us to wait. */
  readonly retryAfterSec: number | undefined;

  constructor(
    kind: PostErrorKind,
    code: string,
    message: string,
    options?: { retryAfterSec?: number; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.code = code;
    this.retryAfterSec = options?.retryAfterSec;
  }
}
