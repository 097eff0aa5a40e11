/**
 * What the library's worker thread does (worker-entry.ts runs it; off-thread.ts sends it): parse a
 * feed, or split an essay. Both are synchronous, and both can be made to take seconds by what a
 * feed sends (a 10 MB feed; an essay nested 500,000 tags deep, which the HTML parser handles in
 * time that grows with the square of the depth), so neither may run on the main thread.
 */

import { draftEssay } from "../../essay/split.js";
import { FeedError } from "../../feed/errors.js";
import { parseFeed } from "../../feed/parse.js";
import type { Essay, ParsedFeed } from "../../feed/types.js";
import type { SplitCache } from "../../store/split-cache.js";
import { splitToCache } from "../splitting.js";

export type JobRequest =
  | { kind: "parse"; body: Uint8Array; feedUrl: string; contentType?: string }
  | { kind: "split"; essay: Essay };

export type JobResult<R extends JobRequest> = R extends { kind: "parse" } ? ParsedFeed : SplitCache;

/** An error as it crosses the thread boundary: classes do not survive postMessage. */
export interface JobFailure {
  feedError: boolean;
  code?: string;
  message: string;
}

export async function runJob(request: JobRequest): Promise<ParsedFeed | SplitCache> {
  if (request.kind === "parse") {
    return parseFeed(request.body, request.feedUrl, request.contentType);
  }
  // As plain data, as a store keeps it: postMessage would drop a compact block's private mrkdwn.
  return JSON.parse(JSON.stringify(splitToCache(request.essay, draftEssay))) as SplitCache;
}

export function failureOf(err: unknown): JobFailure {
  const feedError = err instanceof FeedError;
  return {
    feedError,
    ...(feedError ? { code: err.code } : {}),
    message: err instanceof Error ? err.message : String(err),
  };
}
