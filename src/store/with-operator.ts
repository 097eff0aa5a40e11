/**
 * ANNOUNCE_CHANNEL as a subscription: the operator's, to every essay, one post each. It is part
 * of every listing (so /essay subscriptions, App Home and /healthz show it) but is never written
 * to the store, and Slack cannot replace or remove it; only its paused / failing marks change,
 * in memory, since they are re-learnt at the next post.
 */

import type {
  ChannelSubscription,
  PersonalAlert,
  SubscriptionProblem,
} from "../subscriptions/types.js";
import type { SubscriptionStore } from "./subscription-store.js";

export const OPERATOR = "operator";

export class WithOperator implements SubscriptionStore {
  readonly #store: SubscriptionStore;
  #operator: ChannelSubscription | undefined;

  constructor(store: SubscriptionStore, channel: string | undefined, since: Date) {
    this.#store = store;
    this.#operator = channel
      ? {
          channel,
          delivery: "each",
          topics: [],
          createdBy: OPERATOR,
          createdAt: since.toISOString(),
        }
      : undefined;
  }

  get kind() {
    return this.#store.kind;
  }

  isOperator(channel: string): boolean {
    return this.#operator?.channel === channel;
  }

  channels(): readonly ChannelSubscription[] {
    const stored = this.#store.channels().filter((s) => !this.isOperator(s.channel));
    return this.#operator ? [this.#operator, ...stored] : stored;
  }

  channel(id: string): ChannelSubscription | undefined {
    return this.isOperator(id) ? this.#operator : this.#store.channel(id);
  }

  alerts(): readonly PersonalAlert[] {
    return this.#store.alerts();
  }

  alertOf(user: string): PersonalAlert | undefined {
    return this.#store.alertOf(user);
  }

  count(): { channels: number; alerts: number } {
    return { channels: this.channels().length, alerts: this.#store.count().alerts };
  }

  setChannel(sub: ChannelSubscription): Promise<ChannelSubscription | undefined> {
    if (this.isOperator(sub.channel)) throw new Error("the operator's subscription is fixed");
    return this.#store.setChannel(sub);
  }

  removeChannel(channel: string): Promise<ChannelSubscription | undefined> {
    if (this.isOperator(channel)) throw new Error("the operator's subscription is fixed");
    return this.#store.removeChannel(channel);
  }

  async markChannel(
    channel: string,
    change: { paused?: SubscriptionProblem | null; lastError?: SubscriptionProblem | null },
  ): Promise<void> {
    const operator = this.#operator;
    if (!operator || operator.channel !== channel) return this.#store.markChannel(channel, change);
    const next = { ...operator };
    for (const key of ["paused", "lastError"] as const) {
      const value = change[key];
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    this.#operator = next;
  }

  setAlert(alert: PersonalAlert): Promise<PersonalAlert | undefined> {
    return this.#store.setAlert(alert);
  }

  removeAlert(user: string): Promise<void> {
    return this.#store.removeAlert(user);
  }
}
