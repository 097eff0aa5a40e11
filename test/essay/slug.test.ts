import { describe, expect, it } from "vitest";
import { foremSlug } from "../../src/essay/slug.js";
import { splitEssay } from "../../src/essay/split.js";
import { referenceEssays } from "./reference-feed.js";

describe("foremSlug on the reference feed's real headings", () => {
  it.each([
    ["The org side receipt I keep returning to", "the-org-side-receipt-i-keep-returning-to"],
    ["A Better 1:1 Structure", "a-better-11-structure"],
    [
      "The 1:1 Failure Pattern You Can Spot in One Question",
      "the-11-failure-pattern-you-can-spot-in-one-question",
    ],
    [
      "Where hands-on helps, and where it turns into substitution",
      "where-handson-helps-and-where-it-turns-into-substitution",
    ],
    [
      "The Hard Part Is Not Giving Feedback ... It Is Holding the Line",
      "the-hard-part-is-not-giving-feedback-it-is-holding-the-line",
    ],
    ["What to Measure for 30 Days", "what-to-measure-for-30-days"],
    // Forem's sanitizer re-encodes `"` as &quot; before punctuation is stripped.
    ['What "Good" Means on the Page', "what-quotgoodquot-means-on-the-page"],
    [
      'The month where "just an API layer" becomes eighteen months',
      "the-month-where-quotjust-an-api-layerquot-becomes-eighteen-months",
    ],
  ])("%s → #%s", (heading, slug) => {
    expect(foremSlug(heading)).toBe(slug);
  });

  it("gives every h2 in the feed a non-empty, URL-safe anchor", async () => {
    const essays = await referenceEssays();
    const anchors = essays.flatMap((essay) =>
      splitEssay(essay)
        .sections.filter((section) => section.heading !== "")
        .map((section) => section.anchor),
    );
    expect(anchors.length).toBeGreaterThan(90);
    for (const anchor of anchors) expect(anchor).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe("foremSlug, Forem's rules one by one", () => {
  it("drops apostrophes, straight or curly, instead of splitting the word", () => {
    expect(foremSlug("Don't Panic")).toBe("dont-panic");
    expect(foremSlug("Your Team Doesn’t Need a Buddy")).toBe("your-team-doesnt-need-a-buddy");
  });

  it("removes punctuation including hyphens, underscores and dashes", () => {
    expect(foremSlug("Why? Because!")).toBe("why-because");
    expect(foremSlug("bus-factor, 50% off")).toBe("busfactor-50-off");
    expect(foremSlug("snake_case_name")).toBe("snakecasename");
    expect(foremSlug("Before—After")).toBe("beforeafter");
    expect(foremSlug("C++ (the language)")).toBe("c-the-language");
  });

  it("keeps entity letters for & < > \" as Forem's sanitizer re-encodes them", () => {
    expect(foremSlug("Q&A")).toBe("qampa");
    expect(foremSlug("<div> vs <span>")).toBe("ltdivgt-vs-ltspangt");
    expect(foremSlug("Build & Deploy")).toBe("build-amp-deploy");
  });

  it("keeps symbols that are not punctuation", () => {
    expect(foremSlug("Price: $5 (or €4)")).toBe("price-5-or-€4");
  });

  it("removes emoji, including skin tones, keycaps and ZWJ families", () => {
    expect(foremSlug("🚀 Launch Day 🎉")).toBe("launch-day");
    expect(foremSlug("Ship it 👍🏽 now")).toBe("ship-it-now");
    expect(foremSlug("1️⃣ First step")).toBe("first-step");
    expect(foremSlug("👨‍👩‍👧 Family time")).toBe("family-time");
  });

  it("strips before removing punctuation, so trailing punctuation after a space leaves a hyphen", () => {
    expect(foremSlug("Are you sure ?")).toBe("are-you-sure-");
  });

  it("keeps digits, letters with accents and non-Latin scripts", () => {
    expect(foremSlug("Top 10 Tips for 2026")).toBe("top-10-tips-for-2026");
    expect(foremSlug("Café Crème")).toBe("café-crème");
    expect(foremSlug("Привет, мир")).toBe("привет-мир");
    expect(foremSlug("日本語の見出し")).toBe("日本語の見出し");
  });

  it("lowercases character by character, like Ruby (no Greek final sigma)", () => {
    expect(foremSlug("ΟΔΟΣ")).toBe("οδοσ");
  });

  it("collapses ASCII whitespace runs but keeps a non-breaking space, as Ruby's \\s does", () => {
    expect(foremSlug("  Tabs\tand   spaces \n")).toBe("tabs-and-spaces");
    expect(foremSlug("a\u00a0b")).toBe("a\u00a0b");
  });
});
