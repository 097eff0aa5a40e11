import { describe, expect, it } from "vitest";
import { checkViewLimits } from "../../src/render/limits.js";

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });

describe("checkViewLimits", () => {
  it("passes a well-formed modal and Home tab", () => {
    const modal = {
      type: "modal",
      callback_id: "essay_search_modal",
      title: plain("Search essays"),
      submit: plain("Search"),
      close: plain("Close"),
      private_metadata: "{}",
      blocks: [
        {
          type: "input",
          block_id: "query",
          label: plain("Words or a phrase"),
          element: {
            type: "plain_text_input",
            action_id: "query",
            placeholder: plain("promotion"),
          },
        },
        { type: "section", text: mrkdwn("*hi*") },
      ],
    };
    expect(checkViewLimits(modal)).toEqual([]);
    expect(checkViewLimits({ type: "home", blocks: [{ type: "divider" }] })).toEqual([]);
  });

  it("allows 100 blocks, not 101, and no 12,000-character message total", () => {
    const blocks = (n: number) =>
      Array.from({ length: n }, () => ({ type: "section", text: mrkdwn("x".repeat(2000)) }));
    expect(checkViewLimits({ type: "home", blocks: blocks(100) })).toEqual([]);
    expect(checkViewLimits({ type: "home", blocks: blocks(101) })).toEqual([
      "view has 101 blocks; Slack allows 100",
    ]);
  });

  it("reports a long title, submit or close, metadata and callback_id", () => {
    const problems = checkViewLimits({
      type: "modal",
      title: plain("A title far longer than allowed"),
      submit: plain("s".repeat(25)),
      close: mrkdwn("Close"),
      private_metadata: "m".repeat(3001),
      callback_id: "c".repeat(256),
      blocks: [],
    });
    expect(problems).toEqual([
      "modal title has 31 characters; Slack allows 24",
      "modal submit has 25 characters; Slack allows 24",
      "modal close must be plain_text, not mrkdwn",
      "view private_metadata has 3001 characters; Slack allows 3000",
      "view callback_id has 256 characters; Slack allows 255",
    ]);
  });

  it("requires a modal title and a submit button when the modal has an input", () => {
    const problems = checkViewLimits({
      type: "modal",
      blocks: [{ type: "input", label: plain("Q"), element: { type: "plain_text_input" } }],
    });
    expect(problems).toContain("modal has no title");
    expect(problems).toContain("modal has an input block but no submit button");
  });

  it("checks input blocks: label, element, placeholder", () => {
    const problems = checkViewLimits({
      type: "modal",
      title: plain("T"),
      submit: plain("Go"),
      blocks: [
        { type: "input", label: plain("l".repeat(2001)), element: { type: "plain_text_input" } },
        { type: "input", label: plain("ok") },
        {
          type: "input",
          label: plain("ok"),
          element: {
            type: "plain_text_input",
            action_id: "q",
            placeholder: plain("p".repeat(151)),
          },
        },
      ],
    });
    expect(problems).toEqual([
      "block 1 (input) label has 2001 characters; Slack allows 2000",
      "block 2 (input) has no element",
      "block 3 (input) element placeholder has 151 characters; Slack allows 150",
    ]);
  });

  it("still checks every block as in a message, and reports garbage instead of throwing", () => {
    const view = {
      type: "home",
      blocks: [{ type: "section", text: mrkdwn("x".repeat(3001)) }],
    };
    expect(checkViewLimits(view)).toEqual([
      "block 1 (section) text has 3001 characters; Slack allows 3000",
    ]);
    expect(checkViewLimits(null)).toEqual(["view is not an object"]);
    expect(checkViewLimits({ type: "popup", blocks: [] })).toEqual([
      "view type popup; use modal or home",
    ]);
    expect(checkViewLimits({ type: "home", blocks: "x" })).toEqual(["blocks is not an array"]);
  });
});
