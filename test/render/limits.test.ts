import { describe, expect, it } from "vitest";
import { checkBlockKitLimits } from "../../src/render/limits.js";

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });
const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "button",
  text: plain(text),
  action_id: "a",
  ...extra,
});

describe("checkBlockKitLimits", () => {
  it("passes a well-formed message", () => {
    const message = {
      text: "fallback",
      blocks: [
        { type: "header", text: plain("Title") },
        { type: "section", text: mrkdwn("*hi*"), accessory: button("Share") },
        { type: "divider" },
        { type: "context", elements: [mrkdwn("a · b")] },
        {
          type: "actions",
          elements: [
            button("Next", { action_id: "n", value: "{}" }),
            button("Go", { action_id: "g", url: "https://x" }),
          ],
        },
      ],
    };
    expect(checkBlockKitLimits(message)).toEqual([]);
  });

  it("reports too many blocks", () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    expect(checkBlockKitLimits({ text: "x", blocks })).toEqual([
      "message has 51 blocks; Slack allows 50",
    ]);
  });

  it("reports each oversized field, naming the block", () => {
    const problems = checkBlockKitLimits({
      text: "x",
      blocks: [
        { type: "section", text: mrkdwn("x".repeat(3001)) },
        { type: "header", text: plain("h".repeat(151)) },
        {
          type: "section",
          fields: Array.from({ length: 11 }, () => mrkdwn("f")),
        },
        { type: "section", fields: [mrkdwn("y".repeat(2001))] },
      ],
    });
    expect(problems).toEqual([
      "block 1 (section) text has 3001 characters; Slack allows 3000",
      "block 2 (header) text has 151 characters; Slack allows 150",
      "block 3 (section) fields has 11 items; Slack allows 10",
      "block 4 (section) field 1 has 2001 characters; Slack allows 2000",
    ]);
  });

  it("reports button problems: text, value, url, action_id length and repeats", () => {
    const problems = checkBlockKitLimits({
      text: "x",
      blocks: [
        {
          type: "actions",
          elements: [
            button("b".repeat(76), { action_id: "same", value: "v".repeat(2001) }),
            button("ok", { action_id: "same", url: `https://x/${"u".repeat(3000)}` }),
            button("ok", { action_id: "i".repeat(256) }),
          ],
        },
      ],
    });
    expect(problems).toEqual([
      "block 1 (actions) element 1 (button) text has 76 characters; Slack allows 75",
      "block 1 (actions) element 1 (button) value has 2001 characters; Slack allows 2000",
      'block 1 (actions) element 2 repeats action_id "same"',
      "block 1 (actions) element 2 (button) url has 3010 characters; Slack allows 3000",
      "block 1 (actions) element 3 action_id has 256 characters; Slack allows 255",
    ]);
  });

  it("finds repeated action_ids across blocks and long or repeated block_ids", () => {
    const problems = checkBlockKitLimits({
      text: "x",
      blocks: [
        { type: "section", block_id: "b", text: mrkdwn("a"), accessory: button("S") },
        { type: "actions", block_id: "b", elements: [button("T")] },
        { type: "divider", block_id: "z".repeat(256) },
      ],
    });
    expect(problems).toEqual([
      'block 2 (actions) repeats block_id "b"',
      'block 2 (actions) element 1 repeats action_id "a"',
      "block 3 (divider) block_id has 256 characters; Slack allows 255",
    ]);
  });

  it("requires plain_text in headers and buttons", () => {
    const problems = checkBlockKitLimits({
      text: "x",
      blocks: [
        { type: "header", text: mrkdwn("*Title*") },
        { type: "actions", elements: [{ type: "button", text: mrkdwn("Go"), action_id: "g" }] },
      ],
    });
    expect(problems).toEqual([
      "block 1 (header) text must be plain_text, not mrkdwn",
      "block 2 (actions) element 1 (button) text must be plain_text, not mrkdwn",
    ]);
  });

  it("reports too many context and actions elements, and empty text", () => {
    const problems = checkBlockKitLimits({
      text: "x",
      blocks: [
        { type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) },
        {
          type: "actions",
          elements: Array.from({ length: 26 }, (_, i) => button("b", { action_id: `a${i}` })),
        },
        { type: "section", text: mrkdwn("") },
        { type: "section" },
      ],
    });
    expect(problems).toEqual([
      "block 1 (context) elements has 11 items; Slack allows 10",
      "block 2 (actions) elements has 26 items; Slack allows 25",
      "block 3 (section) text is empty; Slack rejects empty text",
      "block 4 (section) needs text or fields",
    ]);
  });

  it("reports a message whose text totals more than 12,000 characters", () => {
    const blocks = Array.from({ length: 5 }, () => ({
      type: "section",
      text: mrkdwn("x".repeat(2500)),
    }));
    expect(checkBlockKitLimits({ text: "fallback", blocks })).toEqual([
      "message text totals 12508 characters; keep it under 12000",
    ]);
  });

  it("reports garbage instead of throwing", () => {
    expect(checkBlockKitLimits({ blocks: [null, "x", { type: "section", text: 3 }] })).toEqual([
      "block 1 is not a block object with a type",
      "block 2 is not a block object with a type",
      "block 3 (section) text is not a text object",
    ]);
    expect(checkBlockKitLimits({})).toEqual(["message has neither text nor blocks"]);
  });
});
