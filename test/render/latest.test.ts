import { describe, expect, it } from "vitest";
import { renderLatest } from "../../src/render/latest.js";
import { essayOf, expectSafe, HOSTILE, long, meta, sectionOf } from "./factory.js";

describe("renderLatest", () => {
  it("lists each essay with its linked title, date, reading time, tags and opening", () => {
    const second = essayOf(
      meta({ title: "On hiring", url: "https://forem.com/jono/on-hiring", published: null }),
    );
    const all = expectSafe(renderLatest([essayOf(), second]));
    expect(all).toContain("*<https://forem.com/jono/on-promotion|On promotion>*");
    expect(all).toContain("I was passed over twice. Here is what I learned about promotion.");
    expect(all).toContain(
      "<!date^1779094800^{date_short}|18 May 2026> · 4 min read · leadership, career",
    );
    expect(all).toContain("*<https://forem.com/jono/on-hiring|On hiring>*");
    expect(all).toContain("4 min read · leadership, career");
  });

  it("says so when there are no essays", () => {
    expect(expectSafe(renderLatest([]))).toContain("No essays yet");
  });

  it("uses the first section when the opening one was removed as boilerplate", () => {
    const e = essayOf();
    const all = expectSafe(renderLatest([{ ...e, sections: e.sections.slice(1) }]));
    expect(all).toContain("Promotion rewards the work people can see.");
  });

  it("caps the list and every field with hostile essays", () => {
    const hostile = meta({
      title: long(`${HOSTILE} `, 4000),
      tags: Array.from({ length: 100 }, () => HOSTILE),
      readingMinutes: Number.NaN,
      published: "not a date",
    });
    const opening = sectionOf({
      essay: hostile,
      heading: "",
      anchor: "",
      position: 0,
      text: long(`${HOSTILE}. `, 9000),
    });
    const essays = Array.from({ length: 30 }, () => ({ meta: hostile, sections: [opening] }));
    const all = expectSafe(renderLatest(essays));
    expect(all).toContain("&lt;!channel&gt;");
    expect(all).toContain("1 min read");
  });
});
