import { describe, expect, it } from "vitest";
import { ACTION_IDS } from "../../src/render/actions.js";
import { HOME_CHANNELS, HOME_ESSAYS, renderAppHome } from "../../src/render/app-home.js";
import type { ChannelSubscription } from "../../src/subscriptions/types.js";
import { essayOf, expectSafeView, HOSTILE, long, meta } from "./factory.js";

const essays = [
  essayOf(meta({ id: "a", title: "On promotion", url: "https://forem.com/jono/a" })),
  essayOf(meta({ id: "b", title: "On hiring", url: "https://forem.com/jono/b", published: null })),
];

function channel(overrides: Partial<ChannelSubscription> = {}): ChannelSubscription {
  return {
    channel: "C0GENERAL",
    delivery: "each",
    topics: [],
    createdBy: "U0ALICE",
    createdAt: "2026-05-01T00:00:00Z",
    ...overrides,
  };
}

const buttons = (view: { blocks: unknown[] }) =>
  JSON.stringify(view.blocks).match(/"action_id":"[^"]+"/g) ?? [];

describe("renderAppHome", () => {
  it("lists the newest essays with a linked title and byline, and a Search essays button", () => {
    const view = renderAppHome({ essays });
    const shown = expectSafeView(view);
    expect(view.type).toBe("home");
    expect(shown).toContain("*<https://forem.com/jono/a|On promotion>*");
    expect(shown).toContain("Jono Herrington · <!date^");
    expect(shown).toContain("4 min read");
    expect(buttons(view)).toEqual([`"action_id":"${ACTION_IDS.homeSearch}"`]);
    // Without subscriptions, nothing about alerts or channels, not even a placeholder.
    expect(JSON.stringify(view)).not.toMatch(/alert|subscri/i);
  });

  it("shows the person's alert with Remove, and each channel's topics, delivery and state", () => {
    const view = renderAppHome({
      essays,
      subscriptions: {
        alert: { user: "U0ALICE", topics: ["promotion", "pull request"], createdAt: "x" },
        channels: [
          channel(),
          channel({ channel: "C0LEADS", delivery: "weekly", topics: ["hiring"] }),
          channel({
            channel: "G0PRIVATE",
            delivery: "daily",
            paused: { code: "not_in_channel", message: "essay-bot was removed", at: "x" },
          }),
          channel({
            channel: "C0BROKEN",
            lastError: { code: "channel_not_found", message: "channel_not_found", at: "x" },
          }),
        ],
      },
    });
    const shown = expectSafeView(view);
    expect(shown).toContain("about *promotion*, *pull request*");
    expect(buttons(view)).toContain(`"action_id":"${ACTION_IDS.removeAlert}"`);
    expect(shown).toContain("<#C0GENERAL>: every essay, one post per essay");
    expect(shown).toContain("<#C0LEADS>: *hiring*, a weekly digest");
    expect(shown).toContain(
      "<#G0PRIVATE>: every essay, a daily digest\n:double_vertical_bar: Paused: essay-bot was removed",
    );
    expect(shown).toContain("Failing: channel_not_found");
  });

  it("says how to start when there is no alert and no channel", () => {
    const view = renderAppHome({ essays, subscriptions: { alert: undefined, channels: [] } });
    const shown = expectSafeView(view);
    expect(shown).toContain("/essay notify");
    expect(shown).toContain("/essay subscribe");
    expect(buttons(view)).toEqual([`"action_id":"${ACTION_IDS.homeSearch}"`]);
  });

  it("says the essays are loading, or why none could be loaded", () => {
    expect(expectSafeView(renderAppHome({ essays: undefined }))).toMatch(/still loading/);
    const failed = expectSafeView(
      renderAppHome({ essays: [], loadProblem: "https://x.test/feed answered 404 <!channel>" }),
    );
    expect(failed).toContain("could not be loaded");
    expect(failed).toContain("answered 404 &lt;!channel&gt;");
  });

  it("escapes hostile titles, topics, channel ids and problems, and stays within limits when huge", () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      essayOf(meta({ id: `e${i}`, title: long(HOSTILE, 400), author: HOSTILE })),
    );
    const channels = Array.from({ length: 500 }, (_, i) =>
      channel({
        channel: i === 0 ? "<!channel>" : `C${i}ABC`,
        topics: Array.from({ length: 50 }, () => long(HOSTILE, 300)),
        paused: { code: "x", message: long(HOSTILE, 5000), at: "x" },
      }),
    );
    const view = renderAppHome({
      essays: many,
      subscriptions: {
        alert: { user: "U1", topics: Array.from({ length: 50 }, () => HOSTILE), createdAt: "x" },
        channels,
      },
    });
    const shown = expectSafeView(view);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(shown.match(/<!date\^/g)?.length).toBe(HOME_ESSAYS);
    expect(shown).toContain(`…and ${500 - HOME_CHANNELS} more channels`);
    expect(shown).toContain("+40 more");
  });

  it("survives odd data from a store: a missing topics list or message", () => {
    const odd = channel({ topics: undefined as unknown as string[] });
    const view = renderAppHome({
      essays,
      subscriptions: {
        alert: { user: "U1", topics: [42, null] as unknown as string[], createdAt: "x" },
        channels: [odd, channel({ lastError: { message: undefined } as never })],
      },
    });
    expect(expectSafeView(view)).toContain("no reason given");
  });
});
