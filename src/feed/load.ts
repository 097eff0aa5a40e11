import { type FetchFeedOptions, fetchFeed } from "./fetch.js";
import { parseFeed } from "./parse.js";
import type { FeedValidators, ParsedFeed } from "./types.js";

export type LoadResult =
  | { status: "not-modified" }
  | { status: "ok"; feed: ParsedFeed; validators: FeedValidators };

/**
 * Fetches and parses one feed. Pass the validators returned last time (for this source) so an
 * unchanged feed costs a 304 and no parsing. The validators returned are the response's own: a
 * server that stops sending them gets unconditional requests again. Throws FeedError.
 */
export async function loadFeed(source: string, opts: FetchFeedOptions = {}): Promise<LoadResult> {
  const fetched = await fetchFeed(source, opts);
  if (fetched.status === "not-modified") return fetched;
  const feed = await parseFeed(fetched.body, source, fetched.contentType);
  const validators: FeedValidators = {};
  if (fetched.etag) validators.etag = fetched.etag;
  if (fetched.lastModified) validators.lastModified = fetched.lastModified;
  return { status: "ok", feed, validators };
}
