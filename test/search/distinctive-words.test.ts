import { describe, expect, it } from "vitest";
import { distinctiveWords } from "../../src/search/distinctive-words.js";
import { termOf } from "../../src/search/text.js";
import { testIndex } from "../slack/support.js";

/** Weights by key, as an index would give them; anything else is unknown to it. */
const weights = (table: Record<string, number>) => (key: string) => table[key];
const w = (word: string) => termOf(word) ?? word;

describe("distinctiveWords", () => {
  it("keeps the highest-weighted words the index knows, in the text's order", () => {
    const weigh = weights({
      [w("promotion")]: 3,
      [w("engineers")]: 1,
      [w("visibility")]: 2.5,
      [w("meeting")]: 0.5,
    });
    const text =
      "Engineers asked in the meeting why promotion takes so long; visibility, they said, and promotions again.";
    expect(distinctiveWords(text, weigh, { max: 2 })).toEqual(["promotion", "visibility"]);
    expect(distinctiveWords(text, weigh, { max: 3 })).toEqual([
      "Engineers",
      "promotion",
      "visibility",
    ]);
  });

  it("counts each word once whatever its form, and leaves out stop words, numbers and unknown words", () => {
    const weigh = weights({ [w("promotion")]: 3, [w("2026")]: 9, [w("the")]: 9 });
    expect(distinctiveWords("Promotions, promotion, PROMOTED the 2026 zzzunknown", weigh)).toEqual([
      "Promotions",
    ]);
  });

  it("prefers the word met first when weights tie, and gives nothing for an empty text", () => {
    const weigh = () => 1;
    expect(distinctiveWords("alpha beta gamma delta", weigh, { max: 2 })).toEqual([
      "alpha",
      "beta",
    ]);
    expect(distinctiveWords("", weigh)).toEqual([]);
    expect(distinctiveWords("   \n", weigh)).toEqual([]);
  });

  it("reads only the start of a huge text, so a pasted log cannot stall the bot", () => {
    const weigh = (key: string) => (key === w("needle") ? 5 : 1);
    const text = `${"hay ".repeat(50_000)} needle`;
    expect(distinctiveWords(text, weigh)).toEqual(["hay"]);
  });

  it("reduces a long message to a handful of words a real index knows", () => {
    const index = testIndex();
    const message =
      "We keep talking about the on-call rotation. Tired engineers, heroic saves, and nobody writes a runbook. " +
      "Honestly the paging budget idea might help, but first we need leadership to carry the pager too.";
    const words = distinctiveWords(message, (key) => index.termWeight(key));
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(6);
    expect(words.map((x) => x.toLowerCase())).toContain("runbook");
    expect(index.search(words.join(" ")).hits[0]?.section.essay.title).toBe(
      "On-Call Without Heroes",
    );
  });
});
