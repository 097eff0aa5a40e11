/**
 * The Postgres subscriptions as the Slack layer uses them: reads from memory as always, and a
 * change refused at once while the database is known to be down. A person who types
 * `/essay subscribe` then hears why within Slack's 3 s, instead of after a connect timeout.
 */
import type {
  ChannelSubscription,
  PersonalAlert,
  SubscriptionProblem,
} from "../../subscriptions/types.js";
import { StoreUnavailable } from "../errors.js";
import type { SubscriptionStore } from "../subscription-store.js";
import { isUnreachable, type Reachability } from "./reachability.js";

export const STORE_DOWN_TEXT =
  "That could not be saved: essay-bot's database is not answering right now. Nothing was changed; please try again in a few minutes.";

export class ReachableSubscriptions implements SubscriptionStore {
  readonly kind = "postgres" as const;
  readonly #store: SubscriptionStore;
  readonly #reach: Reachability;

  constructor(store: SubscriptionStore, reach: Reachability) {
    this.#store = store;
    this.#reach = reach;
  }

  channels(): readonly ChannelSubscription[] {
    return this.#store.channels();
  }
  channel(id: string): ChannelSubscription | undefined {
    return this.#store.channel(id);
  }
  alerts(): readonly PersonalAlert[] {
    return this.#store.alerts();
  }
  alertOf(user: string): PersonalAlert | undefined {
    return this.#store.alertOf(user);
  }
  count(): { channels: number; alerts: number } {
    return this.#store.count();
  }
  setChannel(sub: ChannelSubscription): Promise<ChannelSubscription | undefined> {
    return this.#write(() => this.#store.setChannel(sub));
  }
  removeChannel(channel: string): Promise<ChannelSubscription | undefined> {
    return this.#write(() => this.#store.removeChannel(channel));
  }
  markChannel(
    channel: string,
    change: { paused?: SubscriptionProblem | null; lastError?: SubscriptionProblem | null },
  ): Promise<void> {
    return this.#write(() => this.#store.markChannel(channel, change));
  }
  setAlert(alert: PersonalAlert): Promise<PersonalAlert | undefined> {
    return this.#write(() => this.#store.setAlert(alert));
  }
  removeAlert(user: string): Promise<void> {
    return this.#write(() => this.#store.removeAlert(user));
  }

  async #write<T>(change: () => Promise<T>): Promise<T> {
    if (!this.#reach.reachable) throw new StoreUnavailable(STORE_DOWN_TEXT);
    try {
      return await this.#reach.track(change);
    } catch (err) {
      if (isUnreachable(err)) throw new StoreUnavailable(STORE_DOWN_TEXT, { cause: err });
      throw err;
    }
  }
}
