/**
 * The reference feed (a real Forem feed, copied into test/fixtures) parsed by the feed module, so
 * essay tests see exactly the Essays production code sees.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseFeed } from "../../src/feed/parse.js";
import type { Essay } from "../../src/feed/types.js";

const FIXTURE = fileURLToPath(new URL("../fixtures/forem-jonoherrington.xml", import.meta.url));

export async function referenceEssays(): Promise<Essay[]> {
  const feed = await parseFeed(await readFile(FIXTURE), FIXTURE);
  return feed.essays;
}

/** A minimal essay around some body HTML, for focused tests. */
export function essayWith(html: string, overrides: Partial<Essay> = {}): Essay {
  return {
    id: "https://forem.com/jono/an-essay-1a2b",
    feedUrl: "https://forem.com/feed/jono",
    title: "An Essay",
    url: "https://forem.com/jono/an-essay-1a2b",
    author: "Jono",
    published: "2026-05-18T15:36:49.000Z",
    tags: ["leadership"],
    html,
    ...overrides,
  };
}
