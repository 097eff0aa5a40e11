import { describe, expect, it } from "vitest";
import { renderDigest } from "../../src/render/digest.js";
import {
  channelStatus,
  renderSubscriptions,
  subscribedText,
} from "../../src/render/subscriptions.js";
import { renderAlert, renderTopicPost } from "../../src/render/topic-post.js";
import { essayOf, expectSafe, HOSTILE, long, meta, sectionOf } from "./factory.js";

describe("topic posts and alerts", () => {
  it("say which section matched, escaped and within Block Kit's limits, even for hostile input", () => {
    const m = meta({ title: long(HOSTILE, 400) });
    const essay = essayOf(m, [long(HOSTILE, 3000)]);
    const section = sectionOf({
      essay: m,
      heading: long(HOSTILE, 3000),
      url: "https://e.test/a#x",
    });
    for (const message of [
      renderTopicPost(essay, { topic: long(HOSTILE, 200), section }),
      renderAlert(essay, { topic: HOSTILE, section }),
      renderAlert(essay),
    ]) {
      const all = expectSafe(message);
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      expect(all).toMatch(/matched \*|Stop these alerts|New essay/);
    }
    expect(JSON.stringify(renderAlert(essay).blocks)).toContain("essay_alerts_stop");
  });

  it("/essay subscriptions and the channel's confirmation escape topics and problems", () => {
    const sub = {
      channel: "C1",
      delivery: "weekly" as const,
      topics: Array.from({ length: 10 }, () => long(HOSTILE, 60)),
      createdBy: "U1",
      createdAt: "2026-06-01T00:00:00Z",
      paused: { code: "channel_archive", message: long(HOSTILE, 5000), at: "2026-06-02T00:00:00Z" },
      lastError: { code: "x", message: long(HOSTILE, 5000), at: "2026-06-02T00:00:00Z" },
    };
    expectSafe(renderSubscriptions(sub, { user: "U1", topics: sub.topics, createdAt: "" }));
    expect(channelStatus(sub)).toContain("*Paused.*");
    expect(subscribedText("U1", sub, undefined)).not.toContain("<!channel>");
  });
});

describe("digests", () => {
  it("list what fits in one message within Block Kit's limits, counting the rest", () => {
    const items = Array.from({ length: 300 }, (_, i) => ({
      essay: essayOf(meta({ id: `e${i}`, title: long(HOSTILE, 400), author: long(HOSTILE, 200) })),
      topic: long(HOSTILE, 60),
    }));
    const message = renderDigest("weekly", items);
    const all = expectSafe(message);
    expect(message.text).toBe("Weekly digest: 300 new essays");
    expect(all).toMatch(/…and \d+ more\./);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(renderDigest("daily", items.slice(0, 1)).text).toBe("Daily digest: 1 new essay");
  });
});
