/**
 * The read side both subscription stores share: everything is answered from maps in memory, so
 * App Home and /healthz never wait on a disk or a database. Each store fills and changes the maps.
 */
import type { ChannelSubscription, PersonalAlert } from "../subscriptions/types.js";

export abstract class SubscriptionsInMemory {
  protected channelMap = new Map<string, ChannelSubscription>();
  protected alertMap = new Map<string, PersonalAlert>();

  channels(): readonly ChannelSubscription[] {
    return [...this.channelMap.values()];
  }

  channel(id: string): ChannelSubscription | undefined {
    return this.channelMap.get(id);
  }

  alerts(): readonly PersonalAlert[] {
    return [...this.alertMap.values()];
  }

  alertOf(user: string): PersonalAlert | undefined {
    return this.alertMap.get(user);
  }

  count(): { channels: number; alerts: number } {
    return { channels: this.channelMap.size, alerts: this.alertMap.size };
  }
}
