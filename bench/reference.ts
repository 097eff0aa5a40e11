/** The reference essays every benchmark corpus is grown from: the fixture feed, parsed and split. */
import { readFile } from "node:fs/promises";
import type { Essay, SplitEssay } from "../src/essay/types.js";
import { parseFeed } from "../src/feed/parse.js";
import { buildCorpus } from "../src/library/corpus.js";

export const REFERENCE_FEED = new URL("../test/fixtures/forem-jonoherrington.xml", import.meta.url);
export const REFERENCE_FEED_URL = "https://forem.com/feed/jonoherrington";

export interface Reference {
  xml: string;
  essays: Essay[];
  corpus: SplitEssay[];
}

export async function loadReference(): Promise<Reference> {
  const xml = await readFile(REFERENCE_FEED, "utf8");
  const feed = await parseFeed(xml, REFERENCE_FEED_URL);
  return { xml, essays: feed.essays, corpus: buildCorpus(feed.essays) };
}
