/**
 * Where channel subscriptions and personal alerts are kept. An interface, so a Postgres store
 * (issue 12) can stand in for the file one; the Slack layer reads it through `Subscriptions`.
 */
import type {
  ChannelSubscription,
  PersonalAlert,
  SubscriptionProblem,
  Subscriptions,
} from "../subscriptions/types.js";

export interface SubscriptionStore extends Subscriptions {
  readonly kind: "files" | "postgres";
  alerts(): readonly PersonalAlert[];
  /** Adds or replaces the channel's one subscription; resolves with the one it replaced. */
  setChannel(sub: ChannelSubscription): Promise<ChannelSubscription | undefined>;
  /** Removes the channel's subscription; resolves with it (undefined when there was none). */
  removeChannel(channel: string): Promise<ChannelSubscription | undefined>;
  /**
   * Marks a subscription paused or failing (null clears; undefined leaves as is). Nothing
   * happens when the channel has no subscription.
   */
  markChannel(
    channel: string,
    change: { paused?: SubscriptionProblem | null; lastError?: SubscriptionProblem | null },
  ): Promise<void>;
  /** Adds or replaces a person's alert; resolves with the one it replaced. */
  setAlert(alert: PersonalAlert): Promise<PersonalAlert | undefined>;
}
