/**
 * Who asked for which essays: channel subscriptions (every essay or only some topics, one post
 * each or a digest) and personal alerts (a direct message per matching essay). Plain data, so
 * the store (files or Postgres), the delivery jobs, App Home and `/essay subscriptions` share it.
 */

/** One post per essay, or a digest on DIGEST_CRON (daily: every run; weekly: first run of a week). */
export type Delivery = "each" | "daily" | "weekly";

/** A problem with the last attempt to use a subscription, as /healthz and App Home show it. */
export interface SubscriptionProblem {
  code: string;
  message: string;
  at: string;
}

export interface ChannelSubscription {
  channel: string;
  delivery: Delivery;
  /** Empty: every essay. Otherwise an essay must match one topic (see the design's topic rule). */
  topics: string[];
  /** User ID of who subscribed ("operator" for ANNOUNCE_CHANNEL, which Slack cannot remove). */
  createdBy: string;
  createdAt: string;
  /**
   * True when Slack said the channel is private when it was subscribed: App Home lists it only
   * to whoever subscribed it, so its topics reach no one outside it.
   */
  private?: boolean;
  /** Set when the bot was removed from the channel or it was archived: nothing is posted. */
  paused?: SubscriptionProblem;
  /** The last failure to post there, until a post succeeds. */
  lastError?: SubscriptionProblem;
}

export interface PersonalAlert {
  user: string;
  topics: string[];
  createdAt: string;
}

/** What the Slack layer (App Home, `/essay subscriptions`, buttons) reads and changes. */
export interface Subscriptions {
  channels(): readonly ChannelSubscription[];
  channel(id: string): ChannelSubscription | undefined;
  alertOf(user: string): PersonalAlert | undefined;
  /** Stops a person's alerts (the "Stop these alerts" and App Home remove buttons). */
  removeAlert(user: string): Promise<void>;
  /** For /healthz `subscriptions`. */
  count(): { channels: number; alerts: number };
}
