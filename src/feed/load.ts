import { createHash } from "node:crypto";
import { type FetchFeedOptions, fetchFeed } from "./fetch.js";
import type { FeedValidators, ParsedFeed } from "./types.js";

export type LoadResult =
  | { status: "not-modified" }
  | { status: "ok"; feed: ParsedFeed; validators: FeedValidators };

/**
 * Fetches and parses one feed. Pass the validators returned last time (for this source) so an
 * unchanged feed costs a 304 (or, for a local file, a stat) and no parsing; a body with the same
 * bytes as last time is not parsed either. The validators returned are the response's own: a
 * server that stops sending them gets unconditional requests again. Throws FeedError.
 */
/** Bytes → essays: parseFeed itself, or the bot's worker thread (library/worker/off-thread.ts). */
export type ParseFn = (
  body: Uint8Array,
  feedUrl: string,
  contentType?: string,
) => Promise<ParsedFeed>;

export interface LoadFeedOptions extends FetchFeedOptions {
  parse?: ParseFn;
}

export async function loadFeed(source: string, opts: LoadFeedOptions = {}): Promise<LoadResult> {
  const fetched = await fetchFeed(source, opts);
  if (fetched.status === "not-modified") return fetched;
  // The same bytes as last time parse to the same essays: many servers (and every local file
  // touched without changes) answer in full, and parsing 10 MB takes seconds.
  const bodyHash = createHash("sha256").update(fetched.body).digest("base64url");
  if (opts.validators?.bodyHash === bodyHash) return { status: "not-modified" };
  // Loaded only when parsing here: the bot parses on its worker, so its main thread never loads
  // rss-parser or cheerio.
  const parse = opts.parse ?? (await import("./parse.js")).parseFeed;
  const feed = await parse(fetched.body, source, fetched.contentType);
  const validators: FeedValidators = { bodyHash };
  if (fetched.etag) validators.etag = fetched.etag;
  if (fetched.lastModified) validators.lastModified = fetched.lastModified;
  if (fetched.fileStamp) validators.fileStamp = fetched.fileStamp;
  return { status: "ok", feed, validators };
}
