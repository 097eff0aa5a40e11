/**
 * A feed can nest tags arbitrarily deep: an unclosed <span> per paragraph adds up. The walkers
 * keep explicit stacks instead of recursing, so an essay nested 100,000 levels deep (recursion
 * overflowed the default call stack at a couple of thousand) splits like shallow HTML.
 *
 * Most of each test's time is parsing: htmlparser2 moves its whole stack of open elements at every
 * tag it opens or closes (Array#unshift / #shift), so at this depth parsing alone takes seconds,
 * and more on a busy machine. Hence the generous timeout; the walkers themselves take a fraction.
 */
import { Element, Text } from "domhandler";
import { describe, expect, it } from "vitest";
import { countBodyWords } from "../../src/essay/reading-time.js";
import { splitEssay } from "../../src/essay/split.js";
import type { Section } from "../../src/essay/types.js";
import { essayWith } from "./reference-feed.js";

const DEPTH = 100_000;
const BOTTOM = "bottom words here";
const DEEP = { timeout: 60_000 };

function only(sections: Section[]): Section {
  expect(sections).toHaveLength(1);
  return sections[0] as Section;
}

describe("an essay nested 100,000 levels deep", () => {
  it("splits with unclosed spans around its text", DEEP, () => {
    // 300 words: reading time must count them, however deep they sit.
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const { meta, sections } = splitEssay(essayWith(`${"<span>".repeat(DEPTH)}${words}`));
    const section = only(sections);
    expect(section.text).toBe(words);
    expect(section.blocks[0]?.mrkdwn).toBe(words);
    expect(meta.readingMinutes).toBe(2);
  });

  it("splits with bold and italic nested alternately, marking each once", DEEP, () => {
    const html = `${"<b><i>".repeat(DEPTH / 2)}${BOTTOM}`;
    const section = only(splitEssay(essayWith(html)).sections);
    expect(section.text).toBe(BOTTOM);
    expect(section.blocks[0]?.mrkdwn).toBe(`*_${BOTTOM}_*`);
  });

  it("still starts a section at a heading at the bottom of nested wrappers", DEEP, () => {
    const html = `${"<div>".repeat(DEPTH)}<h2>Deep Heading</h2><p>${BOTTOM}</p>`;
    const section = only(splitEssay(essayWith(html)).sections);
    expect(section).toMatchObject({
      heading: "Deep Heading",
      anchor: "deep-heading",
      text: BOTTOM,
    });
  });

  it("splits with nested block quotes, quoted once in mrkdwn", DEEP, () => {
    const html = `${"<blockquote>".repeat(DEPTH)}${BOTTOM}`;
    const section = only(splitEssay(essayWith(html)).sections);
    expect(section.text).toBe(BOTTOM);
    expect(section.blocks[0]?.mrkdwn).toBe(`> ${BOTTOM}`);
  });

  it("splits with nested lists, one bullet per level", DEEP, () => {
    // <ul><li> is two levels: 50,000 of them nest 100,000 deep.
    const html = `${"<ul><li>".repeat(DEPTH / 2)}${BOTTOM}`;
    const section = only(splitEssay(essayWith(html)).sections);
    const expected = `${"• ".repeat(DEPTH / 2)}${BOTTOM}`;
    expect(section.text).toBe(expected);
    expect(section.blocks[0]?.mrkdwn).toBe(expected);
  });

  it("names a section by a heading whose text is nested deep", DEEP, () => {
    const html = `<h2>${"<span>".repeat(DEPTH)}Deep Heading</h2><p>${BOTTOM}</p>`;
    const section = only(splitEssay(essayWith(html)).sections);
    expect(section).toMatchObject({
      heading: "Deep Heading",
      anchor: "deep-heading",
      text: BOTTOM,
    });
  });
});

describe("deep nesting, without the parser's cost", () => {
  it("counts the words of a body nested 100,000 levels deep", () => {
    let node: Element | Text = new Text(`${BOTTOM} <3`);
    for (let i = 0; i < DEPTH; i++) node = new Element(i % 2 ? "b" : "span", {}, [node]);
    expect(countBodyWords([node])).toBe(4);
  });
});

describe("lists and tables nested past 8 levels", () => {
  // Each level rewrites all the lines inside it, so past 8 levels (deeper than any essay nests)
  // lists stop indenting and tables read like plain wrappers; shallower ones render as ever.
  const nestedItems = (depth: number) => `${"<ul><li>a<br>b".repeat(depth)}`;

  it("indents a nested list's further lines, up to 8 levels deep", () => {
    const lines = only(splitEssay(essayWith(nestedItems(10))).sections).text.split("\n");
    const indents = lines.map((line) => line.length - line.trimStart().length);
    expect(indents).toEqual([
      0, 4, 4, 8, 8, 12, 12, 16, 16, 20, 20, 24, 24, 28, 28, 32, 32, 32, 32, 32,
    ]);
    expect(lines.map((line) => line.trim())).toEqual(
      Array.from({ length: 10 }, () => ["• a", "b"]).flat(),
    );
  });

  it("keeps every line and word of lists and tables nested thousands deep", DEEP, () => {
    const tables = 10_000;
    const html = `${nestedItems(DEPTH / 4)}${"<table><tr><td>cell<br>x".repeat(tables)}`;
    const lines = only(splitEssay(essayWith(html)).sections).text.split("\n");
    expect(lines.filter((line) => line.trim() === "• a")).toHaveLength(DEPTH / 4);
    // The tables sit in the deepest item, one line: the outermost table folds all of them.
    expect(lines.at(-1)?.trim()).toBe(Array(tables).fill("cell x").join(" "));
    const indents = lines.map((line) => line.length - line.trimStart().length);
    expect(indents.reduce((most, indent) => Math.max(most, indent), 0)).toBe(32);
  });

  it("folds tables nested 10 deep onto one line, with cells 8 levels deep separated", () => {
    const html = `${"<table><tr><td>a</td><td>b<br>c".repeat(10)}`;
    expect(only(splitEssay(essayWith(html)).sections).text).toBe(
      `${"a | b c ".repeat(8)}a b c a b c`,
    );
  });
});
