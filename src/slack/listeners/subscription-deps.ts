import type { SubscriptionStore } from "../../store/subscription-store.js";

/** What the subscription commands, events and buttons need besides the index. */
export interface SubscriptionDeps {
  store: SubscriptionStore & { isOperator(channel: string): boolean };
  /** SUBSCRIPTION_ADMINS; empty: anyone in the channel may change its subscription. */
  admins: readonly string[];
  /**
   * A target (channel or user) just subscribed: every essay known now is recorded as already
   * delivered there, so it only ever receives essays that appear after this moment.
   */
  baseline(target: string): Promise<void>;
}
