/**
 * parseFeed on a worker thread. rss-parser (xml2js) parses synchronously: a 10 MB feed holds the
 * thread for seconds, which on the main thread would stall every /essay and health probe. One
 * worker, made when first needed, parses feeds one after another and goes away when idle; a
 * feed that makes it crash or run out of memory fails alone, with a sentence naming it.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { FeedError, type FeedErrorCode } from "./errors.js";
import type { ParseReply, ParseRequest } from "./parse-worker.js";
import type { ParsedFeed } from "./types.js";

/** Heap the worker may use: far above any feed under the 10 MB cap, far below the machine. */
const WORKER_HEAP_MB = 512;
/** An idle worker is ended after this long; the next feed starts a new one. */
const IDLE_MS = 15_000;

interface Job {
  resolve(feed: ParsedFeed): void;
  reject(err: Error): void;
  feedUrl: string;
}

let worker: Worker | undefined;
let nextId = 0;
const jobs = new Map<number, Job>();
let idleTimer: NodeJS.Timeout | undefined;

export function parseFeedOffThread(
  body: Uint8Array,
  feedUrl: string,
  contentType?: string,
): Promise<ParsedFeed> {
  return new Promise<ParsedFeed>((resolve, reject) => {
    const id = nextId++;
    jobs.set(id, { resolve, reject, feedUrl });
    clearTimeout(idleTimer);
    const request: ParseRequest = { id, body, feedUrl, ...(contentType ? { contentType } : {}) };
    current().postMessage(request);
  });
}

function current(): Worker {
  if (worker) return worker;
  const [source, how] = workerSource();
  const started = new Worker(source, {
    ...how,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  // Never keeps the process alive: a bot that is stopping does not wait for an idle parser.
  started.unref();
  started.on("message", (reply: ParseReply) => settle(reply));
  started.on("error", (err) => failAll(started, err));
  started.on("exit", (code) => failAll(started, new Error(`the parser thread exited (${code})`)));
  worker = started;
  return started;
}

/**
 * The compiled worker next to this file; under the TypeScript sources (tests, `tsx`), a small
 * script that registers tsx in the worker first, since Node 20 does not carry `--import tsx`
 * over to a worker's entry point.
 */
function workerSource(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith(".ts")) return [new URL("./parse-worker.js", import.meta.url), {}];
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin beside it).
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const tsx = pathToFileURL(api).href;
  const entry = new URL("./parse-worker.ts", import.meta.url).href;
  const script = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return [script, { eval: true }];
}

function settle(reply: ParseReply): void {
  const job = jobs.get(reply.id);
  if (!job) return;
  jobs.delete(reply.id);
  if (reply.ok) job.resolve(reply.feed);
  else if (reply.error.feedError) {
    job.reject(new FeedError(job.feedUrl, reply.error.code as FeedErrorCode, reply.error.message));
  } else job.reject(new Error(reply.error.message));
  if (jobs.size === 0) {
    idleTimer = setTimeout(() => void worker?.terminate(), IDLE_MS);
    idleTimer.unref();
  }
}

/** The worker died (out of memory, a crash): every feed it held fails, the next starts anew. */
function failAll(dead: Worker, err: Error): void {
  if (worker !== dead) return;
  worker = undefined;
  const outOfMemory = (err as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
  for (const [id, job] of jobs) {
    jobs.delete(id);
    job.reject(
      new FeedError(
        job.feedUrl,
        "bad-xml",
        outOfMemory
          ? `Feed ${job.feedUrl} needed more than ${WORKER_HEAP_MB} MB to parse and was skipped. Check that it is a real feed; the other feeds are unaffected.`
          : `Feed ${job.feedUrl} could not be parsed (${err.message}); the other feeds are unaffected.`,
      ),
    );
  }
}
