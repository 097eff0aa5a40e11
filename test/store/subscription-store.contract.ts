/**
 * What every SubscriptionStore does, whichever keeps the subscriptions: run by the file store's
 * tests and the Postgres store's, so the two cannot drift apart.
 */
import { expect, it } from "vitest";
import type { SubscriptionStore } from "../../src/store/subscription-store.js";
import type { ChannelSubscription } from "../../src/subscriptions/types.js";

const AT = "2026-06-01T12:00:00.000Z";
const problem = (code: string) => ({ code, message: `because ${code}`, at: AT });

export const channelSub = (channel: string, over: Partial<ChannelSubscription> = {}) => ({
  channel,
  delivery: "each" as const,
  topics: [],
  createdBy: "U1",
  createdAt: AT,
  ...over,
});

/**
 * `open` gives a store on the same place each call (a reopen sees what an earlier one wrote);
 * a fresh place per test is the caller's beforeEach.
 */
export function subscriptionStoreContract(open: () => Promise<SubscriptionStore>): void {
  it("keeps channel subscriptions and alerts across reopen, one subscription per channel", async () => {
    const store = await open();
    expect(store.count()).toEqual({ channels: 0, alerts: 0 });
    expect(await store.setChannel(channelSub("C1"))).toBeUndefined();
    const replaced = await store.setChannel(
      channelSub("C1", { delivery: "daily", topics: ["promotion"], createdBy: "U2" }),
    );
    expect(replaced).toEqual(channelSub("C1"));
    await store.setChannel(channelSub("C2", { private: true }));
    expect(await store.setAlert({ user: "U9", topics: ["hiring"], createdAt: AT })).toBeUndefined();
    expect(await store.setAlert({ user: "U9", topics: ["pay"], createdAt: AT })).toEqual({
      user: "U9",
      topics: ["hiring"],
      createdAt: AT,
    });

    const again = await open();
    expect(again.count()).toEqual({ channels: 2, alerts: 1 });
    expect(again.channel("C1")).toEqual(
      channelSub("C1", { delivery: "daily", topics: ["promotion"], createdBy: "U2" }),
    );
    expect(
      again
        .channels()
        .map((c) => c.channel)
        .sort(),
    ).toEqual(["C1", "C2"]);
    expect(again.channel("C2")?.private).toBe(true);
    expect(again.alertOf("U9")?.topics).toEqual(["pay"]);
    expect(again.alerts()).toHaveLength(1);

    await again.removeAlert("U9");
    await again.removeAlert("U-none");
    expect(await again.removeChannel("C1")).toMatchObject({ channel: "C1" });
    expect(await again.removeChannel("C1")).toBeUndefined();
    const third = await open();
    expect(third.count()).toEqual({ channels: 1, alerts: 0 });
    expect(third.alertOf("U9")).toBeUndefined();
  });

  it("marks a channel: a problem sets, null clears, undefined leaves as is", async () => {
    const store = await open();
    await store.setChannel(channelSub("C1"));
    await store.markChannel("C1", { paused: problem("channel_archive") });
    await store.markChannel("C1", { lastError: problem("rate_limited") });
    expect(store.channel("C1")).toMatchObject({
      paused: { code: "channel_archive" },
      lastError: { code: "rate_limited" },
    });
    await store.markChannel("C1", { paused: null });
    expect(store.channel("C1")?.paused).toBeUndefined();
    expect(store.channel("C1")?.lastError?.code).toBe("rate_limited");
    await store.markChannel("C-none", { paused: problem("x") });
    expect(store.channel("C-none")).toBeUndefined();
    const again = await open();
    expect(again.channel("C1")).toEqual(channelSub("C1", { lastError: problem("rate_limited") }));
    expect(again.count().channels).toBe(1);
  });
}
