/**
 * The worker thread behind parse-off-thread.ts: parses one feed per message and posts back the
 * essays, or the error as plain data (errors do not survive postMessage with their class).
 */
import { parentPort } from "node:worker_threads";
import { FeedError } from "./errors.js";
import { parseFeed } from "./parse.js";

export interface ParseRequest {
  id: number;
  body: Uint8Array;
  feedUrl: string;
  contentType?: string;
}

export type ParseReply =
  | { id: number; ok: true; feed: Awaited<ReturnType<typeof parseFeed>> }
  | { id: number; ok: false; error: { feedError: boolean; code?: string; message: string } };

parentPort?.on("message", async (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    const feed = await parseFeed(request.body, request.feedUrl, request.contentType);
    reply = { id: request.id, ok: true, feed };
  } catch (err) {
    const feedError = err instanceof FeedError;
    reply = {
      id: request.id,
      ok: false,
      error: {
        feedError,
        ...(feedError ? { code: err.code } : {}),
        message: err instanceof Error ? err.message : String(err),
      },
    };
  }
  parentPort?.postMessage(reply);
});
