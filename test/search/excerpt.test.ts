import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXCERPT_MAX, makeExcerpt } from "../../src/search/excerpt.js";
import { termOf } from "../../src/search/text.js";

/** Matches words whose key is one of the given words' keys (as the index would). */
function matching(...words: string[]) {
  const keys = new Set(words.map(termOf));
  return (word: string) => {
    const key = termOf(word);
    return key !== null && keys.has(key) ? key : undefined;
  };
}

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `Sentence ${i} talks about nothing in particular.`).join(" ");

describe("makeExcerpt", () => {
  it("shows a short section whole, matched words in bold, inflected forms included", () => {
    const e = makeExcerpt("She was promoted. Promotions matter.", matching("promotion"));
    expect(e.text).toBe("She was promoted. Promotions matter.");
    expect(e.mrkdwn).toBe("She was *promoted*. *Promotions* matter.");
  });

  it("picks the passage holding the most distinct query terms", () => {
    const text = `${filler(6)} The runbook is here. ${filler(6)} The runbook needs an owner and a release gate. ${filler(6)}`;
    const e = makeExcerpt(text, matching("runbook", "owner", "gate"));
    expect(e.text).toContain("The runbook needs an owner and a release gate.");
    expect(e.mrkdwn).toContain("*runbook* needs an *owner* and a release *gate*");
    expect(e.text.length).toBeLessThanOrEqual(EXCERPT_MAX + 2);
  });

  it("starts at a sentence start and ends at a sentence end when it can, else marks the cut", () => {
    const text = `${filler(3)} Here the promotion finally happens. ${filler(8)}`;
    const e = makeExcerpt(text, matching("promotion"));
    expect(e.text.startsWith("Here the promotion") || e.text.startsWith("Sentence")).toBe(true);
    expect(e.text).toMatch(/[.…]$/);
    expect(e.text).not.toMatch(/^…/);
  });

  it("fills the passage instead of showing a stub when the match is in the last sentence", () => {
    const text = `Sometimes the best promotion is a move, not a title. ${filler(8)} That is promotion too.`;
    const e = makeExcerpt(text, matching("promotion"));
    // The opening window holds the same term and has room to read on; the tail is a stub.
    expect(e.text.startsWith("Sometimes the best promotion")).toBe(true);
    expect(e.text.length).toBeGreaterThanOrEqual(180);
  });

  it("widens a tail window backwards when only the last sentence holds the match", () => {
    const text = `${filler(12)} Only here does the promotion happen.`;
    const e = makeExcerpt(text, matching("promotion"));
    expect(e.text.endsWith("Only here does the promotion happen.")).toBe(true);
    expect(e.text.length).toBeGreaterThanOrEqual(180);
    expect(e.text.length).toBeLessThanOrEqual(EXCERPT_MAX + 2);
  });

  it('cuts inside a very long sentence with "…" on both sides, keeping the match in view', () => {
    const long = `${"word ".repeat(120)}promotion ${"word ".repeat(120)}`.trim();
    const e = makeExcerpt(long, matching("promotion"));
    expect(e.text.startsWith("…")).toBe(true);
    expect(e.text.endsWith("…")).toBe(true);
    expect(e.mrkdwn).toContain("*promotion*");
  });

  it("escapes feed text and never puts bold markers inside an entity", () => {
    const e = makeExcerpt("Use <b>bold</b> & promote <!channel> 5*3", matching("promote"));
    expect(e.mrkdwn).toBe("Use &lt;b&gt;bold&lt;/b&gt; &amp; *promote* &lt;!channel&gt; 5∗3");
    expect(e.text).toBe("Use <b>bold</b> & promote <!channel> 5*3");
  });

  it("bolds neighbouring matches as one run", () => {
    const e = makeExcerpt(
      "It is hidden bus-factor cost on Black Friday.",
      matching("bus", "factor", "black", "friday"),
    );
    expect(e.mrkdwn).toBe("It is hidden *bus-factor* cost on *Black Friday*.");
  });

  it("starts at the top when nothing in the text matched (a heading-only match)", () => {
    const e = makeExcerpt(filler(20), matching("zebra"));
    expect(e.text.startsWith("Sentence 0")).toBe(true);
    expect(e.mrkdwn).not.toContain("*");
  });

  it("collapses whitespace but keeps list items on lines of their own", () => {
    expect(makeExcerpt("One\n\n• two\n• three\n\nFour  \n five", matching()).text).toBe(
      "One\n• two\n• three\nFour five",
    );
    const list = "Signals:\n\n• strong meeting energy\n• polished updates\n\n1. one\n2. two";
    expect(makeExcerpt(list, matching("meeting", "energy")).mrkdwn).toBe(
      "Signals:\n• strong *meeting energy*\n• polished updates\n1. one\n2. two",
    );
    expect(makeExcerpt("", matching("x"))).toEqual({ text: "", mrkdwn: "" });
  });

  it("always gives a bounded, balanced, escaped excerpt (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000 }),
        fc.array(fc.string(), { maxLength: 3 }),
        (text, words) => {
          const e = makeExcerpt(text, matching(...words));
          expect(e.text.length).toBeLessThanOrEqual(EXCERPT_MAX + 2);
          expect((e.mrkdwn.match(/\*/g) ?? []).length % 2).toBe(0);
          expect(e.mrkdwn).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        },
      ),
    );
  });
});
