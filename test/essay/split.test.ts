import { describe, expect, it } from "vitest";
import { splitEssay } from "../../src/essay/split.js";
import type { Section } from "../../src/essay/types.js";
import { essayWith, referenceEssays } from "./reference-feed.js";

const URL = "https://forem.com/jono/an-essay-1a2b";

function outline(sections: Section[]) {
  return sections.map(({ heading, parentHeading, anchor, position }) => ({
    heading,
    parentHeading,
    anchor,
    position,
  }));
}

describe("splitEssay", () => {
  it("splits at h2s, with the text before the first one as the opening section", () => {
    const { sections } = splitEssay(
      essayWith(
        "<p>Intro.</p><h2>First Part</h2><p>One.</p><p>Two.</p><h2>Second</h2><p>Three.</p>",
      ),
    );
    expect(outline(sections)).toEqual([
      { heading: "", parentHeading: "", anchor: "", position: 0 },
      { heading: "First Part", parentHeading: "", anchor: "first-part", position: 1 },
      { heading: "Second", parentHeading: "", anchor: "second", position: 2 },
    ]);
    expect(sections[0]?.url).toBe(URL);
    expect(sections[1]?.url).toBe(`${URL}#first-part`);
    expect(sections[1]?.text).toBe("One.\n\nTwo.");
    expect(sections[1]?.id).toBe(`${URL}#first-part`);
    expect(sections[0]?.id).toBe(`${URL}#`);
  });

  it("gives an h3 after an h2 its own section, remembering the h2 as parent", () => {
    const html =
      "<h2>Plan</h2><p>a</p><h3>Step One</h3><p>b</p><h3>Step Two</h3><p>c</p><h2>After</h2><p>d</p>";
    expect(outline(splitEssay(essayWith(html)).sections)).toEqual([
      { heading: "Plan", parentHeading: "", anchor: "plan", position: 1 },
      { heading: "Step One", parentHeading: "Plan", anchor: "step-one", position: 2 },
      { heading: "Step Two", parentHeading: "Plan", anchor: "step-two", position: 3 },
      { heading: "After", parentHeading: "", anchor: "after", position: 4 },
    ]);
  });

  it("counts an h1 in the body as a top-level heading, like an h2", () => {
    const html =
      "<h1>Big</h1><p>a</p><h3>Small</h3><p>b</p><blockquote><h2>Quoted</h2></blockquote>";
    const { sections } = splitEssay(essayWith(html));
    expect(outline(sections)).toEqual([
      { heading: "Big", parentHeading: "", anchor: "big", position: 1 },
      { heading: "Small", parentHeading: "Big", anchor: "small", position: 2 },
    ]);
    // A heading inside a quote does not split: it is part of the quote.
    expect(sections[1]?.blocks.at(-1)?.mrkdwn).toBe("> *Quoted*");
  });

  it("treats h3 as the top level when an essay has no h2", () => {
    const html = "<p>a</p><h3>Only Level</h3><p>b</p><h4>Detail</h4><p>c</p>";
    const { sections } = splitEssay(essayWith(html));
    expect(outline(sections)).toEqual([
      { heading: "", parentHeading: "", anchor: "", position: 0 },
      { heading: "Only Level", parentHeading: "", anchor: "only-level", position: 1 },
    ]);
    expect(sections[1]?.text).toBe("b\n\nDetail\n\nc");
  });

  it("finds headings inside wrappers and normalises their text", () => {
    const html =
      '<div class="post"><section><h2>\n  \n  Wrapped <em>Heading</em>\n</h2><p>x</p></section></div>';
    const [section] = splitEssay(essayWith(html)).sections;
    expect(section?.heading).toBe("Wrapped Heading");
    expect(section?.anchor).toBe("wrapped-heading");
  });

  it("uses an anchor the markup already names: Forem's <a name>, or an id", () => {
    const html =
      '<h2><a name="custom-slug" href="#custom-slug" class="anchor"></a>Title</h2><p>a</p>' +
      '<h2 id="from-id">Other</h2><p>b</p>';
    const anchors = splitEssay(essayWith(html)).sections.map((s) => s.anchor);
    expect(anchors).toEqual(["custom-slug", "from-id"]);
  });

  it("leaves permalink symbols out of the heading", () => {
    const html = '<h2 id="setup">Setup <a href="#setup" class="permalink">¶</a></h2><p>a</p>';
    const [section] = splitEssay(essayWith(html)).sections;
    expect(section).toMatchObject({ heading: "Setup", anchor: "setup" });
  });

  it("links repeated headings to Forem's single anchor but keeps section ids unique", () => {
    const html = "<h2>Recap</h2><p>a</p><h2>Recap</h2><p>b</p>";
    const { sections } = splitEssay(essayWith(html));
    expect(sections.map((s) => s.url)).toEqual([`${URL}#recap`, `${URL}#recap`]);
    expect(sections.map((s) => s.id)).toEqual([`${URL}#recap`, `${URL}#recap#2`]);
  });

  it("drops sections with no body but keeps the essay findable", () => {
    const html = "<h2>Part</h2><h3>Sub</h3><p>text</p><h2>Empty End</h2>";
    expect(outline(splitEssay(essayWith(html)).sections)).toEqual([
      { heading: "Sub", parentHeading: "Part", anchor: "sub", position: 2 },
    ]);
    const empty = splitEssay(essayWith(""));
    expect(outline(empty.sections)).toEqual([
      { heading: "", parentHeading: "", anchor: "", position: 0 },
    ]);
    expect(empty.sections[0]?.text).toBe("");
  });

  it("does not split at a heading with no text", () => {
    const { sections } = splitEssay(essayWith('<p>a</p><h2><img src="x.png"></h2><p>b</p>'));
    expect(sections.map((s) => s.text)).toEqual(["a\n\nb"]);
  });

  it("copies the essay's metadata onto every section, without its HTML", () => {
    const essay = essayWith("<p>a</p><h2>B</h2><p>b</p>");
    const { meta, sections } = splitEssay(essay);
    expect(meta).toEqual({
      id: essay.id,
      title: essay.title,
      url: essay.url,
      author: essay.author,
      published: essay.published,
      tags: essay.tags,
      readingMinutes: 1,
    });
    for (const section of sections) expect(section.essay).toBe(meta);
    expect(JSON.stringify(sections)).not.toContain("<p>");
  });

  it("builds no links when the essay has no URL", () => {
    const { sections } = splitEssay(essayWith("<p>a</p><h2>B</h2><p>b</p>", { url: "" }));
    expect(sections.map((s) => s.url)).toEqual(["", ""]);
  });
});

describe("splitEssay on the reference feed", () => {
  it("makes one section per h2 plus the opening, with headings as written", async () => {
    const essays = await referenceEssays();
    const first = essays[0];
    if (!first) throw new Error("reference feed has no essays");
    const { sections } = splitEssay(first);
    expect(sections.map((s) => s.heading)).toEqual([
      "",
      "The org side receipt I keep returning to",
      "The first ninety days after leveling",
      "Why quiet quitting starts in the promotion gap",
      "The HR update is not the ceremony",
      "The growth story that is not mine, but belongs in the same file",
      "Sponsorship is not a compliment",
      "Internal mobility is still promotion work",
      "The first twelve weeks are not decoration",
      "The confession",
      "The identity threat",
      "This week",
    ]);
    expect(sections[1]?.url).toBe(
      "https://forem.com/jonoherrington/the-promotion-happened-the-job-did-not-7i6#the-org-side-receipt-i-keep-returning-to",
    );
    expect(sections[0]?.blocks[0]?.mrkdwn).toMatch(
      /^Orgs often <https:\/\/www\.jonoherrington\.com\/blog\/youre-promoting-confidence-not-leadership\|mistake meeting voice for delivery leverage> \.\.\./,
    );
  });

  it("splits every essay, with unique section ids and plain text free of markup", async () => {
    const essays = await referenceEssays();
    const split = essays.map(splitEssay);
    const sections = split.flatMap((essay) => essay.sections);
    expect(split.map((essay) => essay.sections.length)).toEqual([
      12, 12, 7, 8, 11, 9, 8, 10, 9, 8, 10, 4,
    ]);
    expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length);
    for (const section of sections) {
      expect(section.text).not.toMatch(/<\/?[a-z]+[\s>]|&[a-z]+;/);
      expect(section.blocks.length).toBeGreaterThan(0);
    }
  });
});
