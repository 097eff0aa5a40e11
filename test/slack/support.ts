/**
 * Plain objects standing in for what Bolt hands a listener (ack, respond, client, payloads), and
 * a real SearchIndex over a small hand-written corpus, so callbacks are tested directly.
 */
import type { SplitEssay } from "../../src/essay/types.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { essay as buildEssay } from "../search/corpus-builder.js";

const AUTHOR = { name: "Jono Herrington", handle: "jonoherrington" };

function essay(
  slug: string,
  title: string,
  published: string,
  sections: [heading: string, text: string][],
): SplitEssay {
  return buildEssay({
    title,
    slug,
    published,
    sections,
    author: AUTHOR,
    tags: ["leadership"],
    readingMinutes: 4,
  });
}

export const corpus: SplitEssay[] = [
  essay(
    "promotions-are-trailing-indicators",
    "Promotions Are Trailing Indicators",
    "2026-01-10T00:00:00Z",
    [
      ["", "A promotion recognises work you have already been doing for months."],
      [
        "Do the job first",
        "Engineers who wait for the title before acting like a leader wait forever.",
      ],
      ["Visibility", "Your manager cannot promote what they cannot see, so write your work down."],
    ],
  ),
  essay("hiring-for-judgment", "Hiring for Judgment", "2026-02-01T00:00:00Z", [
    ["", "Interviews test recall; the job tests judgment. Hiring should test judgment too."],
    ["Work samples", "A small paid work sample shows judgment better than any whiteboard puzzle."],
  ]),
  essay("on-call-without-heroes", "On-Call Without Heroes", "2026-03-05T00:00:00Z", [
    ["", "Heroic on-call rotations hide broken systems behind tired engineers."],
    ["Runbooks", "A runbook turns a hero's memory into the team's habit."],
    [
      "Paging budgets",
      "Budget pages like money: every page an engineer gets costs sleep and judgment.",
    ],
    ["Leadership on call", "Leaders who carry the pager learn where the system hurts."],
  ]),
];

export function testIndex(): SearchIndex {
  return SearchIndex.build(corpus);
}

/** An async function that records its arguments (ack, respond) and can be told to fail. */
export function recorder<T = unknown>(fail?: () => Error) {
  const calls: T[] = [];
  const fn = async (arg?: T) => {
    calls.push(arg as T);
    if (fail) throw fail();
  };
  return Object.assign(fn, { calls });
}

/** All text in a message (fallback text and every block), for "does it say X" assertions. */
export function allText(message: unknown): string {
  return JSON.stringify(message);
}
