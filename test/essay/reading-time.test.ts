import { describe, expect, it } from "vitest";
import { countForemWords, readingMinutes } from "../../src/essay/reading-time.js";
import { splitEssay } from "../../src/essay/split.js";
import { essayWith, referenceEssays } from "./reference-feed.js";

describe("readingMinutes (Forem: ceil(words / 275), at least 1)", () => {
  it("rounds up at 275 words a minute", () => {
    expect([0, 1, 275, 276, 550, 551].map(readingMinutes)).toEqual([1, 1, 1, 2, 2, 3]);
  });
});

describe("countForemWords (Ruby's split(/\\W+/))", () => {
  it("counts ASCII word runs, so apostrophes and colons split words", () => {
    expect(countForemWords("Don't hold a 1:1 on snake_case")).toBe(8);
    expect(countForemWords("")).toBe(0);
    expect(countForemWords("日本語")).toBe(0);
  });
});

describe("an essay's reading time", () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

  it("counts the body's words, link addresses included, as Forem counts its Markdown", () => {
    expect(splitEssay(essayWith(`<p>${words(275)}</p>`)).meta.readingMinutes).toBe(1);
    expect(splitEssay(essayWith(`<p>${words(276)}</p>`)).meta.readingMinutes).toBe(2);
    // "https://example.com/more" adds 4 words, as it would in [text](url).
    const linked = `<p>${words(272)} <a href="https://example.com/more">x</a></p>`;
    expect(splitEssay(essayWith(linked)).meta.readingMinutes).toBe(2);
  });

  it("ignores scripts and styles, and is at least a minute", () => {
    const html = `<p>Hi</p><script>${words(1000)}</script><style>${words(1000)}</style>`;
    expect(splitEssay(essayWith(html)).meta.readingMinutes).toBe(1);
    expect(splitEssay(essayWith("")).meta.readingMinutes).toBe(1);
  });

  it("gives the reference essays the few minutes their length suggests", async () => {
    const minutes = (await referenceEssays()).map((e) => splitEssay(e).meta.readingMinutes);
    expect(minutes).toEqual([5, 6, 6, 7, 7, 7, 7, 7, 6, 6, 7, 3]);
  });
});
