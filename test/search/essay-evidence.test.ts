/**
 * Essay-level evidence: a section of an essay about the query's topic outranks an incidental
 * mention in a short section of an essay about something else, and an index of changed essays
 * laid over the full one ranks them as a rebuild does.
 */
import { describe, expect, it } from "vitest";
import { LayeredIndex } from "../../src/search/layered-index.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay } from "./corpus-builder.js";

const filler =
  "The team meets on Thursday afternoons with the whole group in the room and a shared document " +
  "open on the screen, and everyone writes down what they noticed during the last two weeks";

/** Every section mentions retrospectives once, in a paragraph of ordinary length. */
const about = essay({
  title: "Looking back together",
  slug: "looking-back",
  sections: [
    ["", `${filler}. We call the meeting a retrospective and keep it to an hour.`],
    [
      "Before the meeting",
      `${filler}. A retrospective needs a facilitator who did not do the work.`,
    ],
    ["In the room", `${filler}. Each retrospective ends with two actions and their owners.`],
    ["Afterwards", `${filler}. The notes of every retrospective go into the team wiki.`],
  ],
});

/** About planning; one short section names a retrospective in passing. */
const incidental = essay({
  title: "Quarterly planning",
  slug: "quarterly-planning",
  sections: [
    ["", `${filler}. Planning starts from the roadmap and the budget for the quarter.`],
    ["Estimates", `${filler}. Estimates come from the engineers who will build the thing.`],
    ["Calendar", "Book the room after the retrospective."],
    ["Budget", `${filler}. The budget is fixed before the estimates are made.`],
  ],
});

/**
 * The rest of an archive: essays that name a retrospective once in a long section. Enough of them
 * that the word weighs about the same with or without one essay's sections counted twice (as the
 * full index's counts do for an essay that was edited since: see PriorCounts).
 */
const others = Array.from({ length: 24 }, (_, i) =>
  essay({
    title: `Essay ${i}`,
    slug: `essay-${i}`,
    sections: [
      ["", `${filler}. ${filler}, as in any retrospective. ${filler}.`],
      ["Later", `${filler}. Then the work goes on.`],
      ["Last", `${filler}. And then it ends.`],
    ],
  }),
);

describe("essay-level evidence", () => {
  it("ranks a section of an essay about the topic above an incidental mention", () => {
    const index = SearchIndex.build([incidental, about, ...others]);
    const hits = index.search("retrospective").hits;
    expect(hits[0]?.section.essay.title).toBe("Looking back together");
    const incidentalAt = hits.findIndex((h) => h.section.heading === "Calendar");
    expect(incidentalAt).toBeGreaterThan(0);
  });

  it("ranks the same in an index of changed essays laid over the full one", () => {
    const base = SearchIndex.build([
      incidental,
      { ...about, sections: about.sections.slice(0, 1) },
      ...others,
    ]);
    const top = drain(SearchIndex.steps([about], { weighAgainst: base }));
    const layered = new LayeredIndex(base, top, new Set([about.meta.id]));
    const rebuilt = SearchIndex.build([incidental, about, ...others]);
    const order = (hits: { section: { id: string } }[]) => hits.map((h) => h.section.id);
    const hits = layered.search("retrospective").hits;
    expect(hits[0]?.section.essay.title).toBe("Looking back together");
    expect(order(hits)).toEqual(order(rebuilt.search("retrospective").hits));
  });
});

function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
