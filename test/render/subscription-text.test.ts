/**
 * Slack reads any `<…>` in mrkdwn as a link, mention or command, so a usage hint like
 * `/essay notify <topic>` must be written `&lt;topic&gt;`. Every sentence the subscription
 * replies, App Home and the Stop these alerts button show is checked for a raw `<` outside
 * Slack's own forms.
 */
import { describe, expect, it } from "vitest";
import { renderAppHome } from "../../src/render/app-home.js";
import * as subs from "../../src/render/subscriptions.js";
import { ALERTS_STOPPED_TEXT } from "../../src/slack/listeners/actions/stop-alerts.js";
import type { ChannelSubscription, PersonalAlert } from "../../src/subscriptions/types.js";

const SLACK_FORMS =
  /<@[UW][A-Z0-9]+>|<#[CG][A-Z0-9]+(?:\|[^<>]*)?>|<!date\^[^<>]*>|<https?:\/\/[^<>|]+\|[^<>]*>/g;

const sub = (overrides: Partial<ChannelSubscription> = {}): ChannelSubscription => ({
  channel: "C0GENERAL",
  delivery: "each",
  topics: ["<b>promotion</b>"],
  createdBy: "U0ALICE",
  createdAt: "2026-05-01T00:00:00Z",
  ...overrides,
});
const alert: PersonalAlert = { user: "U0ALICE", topics: ["<!here>"], createdAt: "x" };
const problem = { code: "not_in_channel", message: "<!channel> gone", at: "2026-05-02T00:00:00Z" };

function everyText(): string[] {
  const constants = (Object.values(subs) as unknown[]).filter(
    (v): v is string => typeof v === "string",
  );
  const paused = sub({ paused: problem, lastError: problem });
  const operator = sub({ createdBy: "operator", topics: [] });
  return [
    ...constants,
    ALERTS_STOPPED_TEXT,
    subs.adminsOnlyText(["U0ADMIN", "U0BOSS"]),
    subs.alertOffText(true),
    subs.alertOffText(false),
    subs.alertSetText(alert, alert),
    subs.subscribedText("U0BOB", sub(), undefined),
    subs.subscribedText("U0BOB", sub({ delivery: "daily" }), paused),
    subs.unsubscribedText("U0BOB", sub()),
    ...[
      subs.renderSubscriptions(undefined, undefined),
      subs.renderSubscriptions(paused, alert),
      subs.renderSubscriptions(operator, undefined),
      renderAppHome({ essays: [], subscriptions: { alert: undefined, channels: [] } }),
      renderAppHome({ essays: [], subscriptions: { alert, channels: [paused, operator] } }),
    ].map((rendered) => JSON.stringify(rendered)),
  ];
}

describe("subscription texts", () => {
  it("hold no raw < other than Slack's own mention, channel, date and link forms", () => {
    const texts = everyText();
    expect(texts.length).toBeGreaterThan(15);
    for (const text of texts) {
      expect(text.replace(SLACK_FORMS, ""), text).not.toContain("<");
    }
    expect(texts.join("\n")).toContain("`/essay notify &lt;topic&gt;, …`");
  });
});
