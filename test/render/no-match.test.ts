import { describe, expect, it } from "vitest";
import { ACTION_PATTERNS, decodeSuggest } from "../../src/render/actions.js";
import { renderNoMatch } from "../../src/render/no-match.js";
import { expectSafe, HOSTILE, long } from "./factory.js";

type Button = { type: string; action_id: string; value: string; text: { text: string } };
const buttonsOf = (blocks: unknown[]): Button[] =>
  (blocks as { type: string; elements?: Button[] }[])
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements ?? []);

describe("renderNoMatch", () => {
  it("says nothing matched and offers each suggestion as a search", () => {
    const message = renderNoMatch("promtion", ["promotion", "protection"]);
    const all = expectSafe(message);
    expect(all).toContain("No section matches *promtion*.");
    expect(all).toContain("/essay help");
    const buttons = buttonsOf(message.blocks);
    expect(buttons.map((b) => b.text.text)).toEqual(["Try: promotion", "Try: protection"]);
    expect(buttons.map((b) => decodeSuggest(b.value))).toEqual(["promotion", "protection"]);
    expect(buttons.every((b) => ACTION_PATTERNS.suggest.test(b.action_id))).toBe(true);
  });

  it("shows at most five suggestions, without repeats or blanks", () => {
    const message = renderNoMatch("x", ["a", "a", " ", "b", "c", "d", "e", "f"]);
    expectSafe(message);
    expect(buttonsOf(message.blocks).map((b) => b.text.text)).toEqual([
      "Try: a",
      "Try: b",
      "Try: c",
      "Try: d",
      "Try: e",
    ]);
  });

  it("has no buttons when there is nothing to suggest, and handles an empty query", () => {
    expect(buttonsOf(renderNoMatch("zzz", []).blocks)).toEqual([]);
    expect(expectSafe(renderNoMatch("   ", []))).toContain("Type a word or phrase");
  });

  it("escapes a hostile 10k-character query and hostile suggestions", () => {
    const message = renderNoMatch(long(`${HOSTILE} `, 10_000), [long(HOSTILE, 5000), HOSTILE]);
    const all = expectSafe(message);
    expect(all).toContain("No section matches *&lt;!channel&gt; hi &lt;@U123&gt;");
    for (const b of buttonsOf(message.blocks)) {
      expect(b.text.text.length).toBeLessThanOrEqual(75);
      expect(b.value.length).toBeLessThanOrEqual(2000);
    }
  });
});
