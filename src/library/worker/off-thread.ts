/**
 * Feeds parsed and essays split on one worker thread, so nothing a feed sends can stall /essay or
 * a health probe. Jobs run one at a time, in order; each has a time limit, after which the worker
 * is ended and a new one takes the next job, so one pathological essay fails alone, set aside
 * with a sentence, and never holds up the rest. The worker has a heap of its own, and goes away
 * when idle.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { FeedError, type FeedErrorCode } from "../../feed/errors.js";
import type { Essay, ParsedFeed } from "../../feed/types.js";
import type { SplitCache } from "../../store/split-cache.js";
import { failed } from "../splitting.js";
import type { JobFailure, JobRequest } from "./jobs.js";

export interface OffThreadLimits {
  /** Longest a feed may take to parse (a 10 MB feed takes a few seconds). */
  parseMs: number;
  /** Longest an essay may take to split (real essays take milliseconds). */
  splitMs: number;
  /** Heap of the worker: far above any feed under the 10 MB cap, far below the machine. */
  heapMb: number;
  /** An idle worker is ended after this long; the next job starts a new one. */
  idleMs: number;
}

export const OFF_THREAD_LIMITS: OffThreadLimits = {
  parseMs: 60_000,
  splitMs: 10_000,
  heapMb: 512,
  idleMs: 15_000,
};

interface Job {
  request: JobRequest;
  resolve(result: unknown): void;
  reject(failure: JobFailure | Error): void;
}

export class OffThread {
  readonly #limits: OffThreadLimits;
  readonly #queue: Job[] = [];
  #worker: Worker | undefined;
  /** The worker has loaded and takes jobs (its start does not count against a job's limit). */
  #ready = false;
  #running: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  #nextId = 0;
  #idle: NodeJS.Timeout | undefined;

  constructor(limits: Partial<OffThreadLimits> = {}) {
    this.#limits = { ...OFF_THREAD_LIMITS, ...limits };
  }

  /** parseFeed, off the main thread; fails with the FeedError parseFeed would throw. */
  parse = (body: Uint8Array, feedUrl: string, contentType?: string): Promise<ParsedFeed> =>
    this.#submit<ParsedFeed>({
      kind: "parse",
      body,
      feedUrl,
      ...(contentType ? { contentType } : {}),
    }).catch((failure: JobFailure | Error) => {
      throw failure instanceof Error
        ? failure
        : failure.feedError
          ? new FeedError(feedUrl, failure.code as FeedErrorCode, failure.message)
          : new FeedError(
              feedUrl,
              "bad-xml",
              `Feed ${feedUrl} could not be parsed (${failure.message}); the other feeds are unaffected.`,
            );
    });

  /** splitToCache, off the main thread; an essay that crashes or outlasts it is set aside. */
  split = (essay: Essay): Promise<SplitCache> =>
    this.#submit<SplitCache>({ kind: "split", essay }).catch((failure: JobFailure | Error) =>
      failed(essay, `splitting failed: ${failure.message}`),
    );

  /** Ends the worker (a stopping bot); queued jobs fail. */
  async close(): Promise<void> {
    clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = false;
    const running = this.#running;
    this.#running = undefined;
    if (running) clearTimeout(running.timer);
    const stopping = new Error("the bot is stopping");
    for (const job of [...(running ? [running.job] : []), ...this.#queue.splice(0)]) {
      job.reject(stopping);
    }
    await worker?.terminate();
  }

  #submit<T>(request: JobRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ request, resolve: resolve as (r: unknown) => void, reject });
      clearTimeout(this.#idle);
      this.#next();
    });
  }

  #next(): void {
    if (this.#running) return;
    if (!this.#worker || !this.#ready) {
      if (this.#queue.length > 0) this.#current(); // starts one; it calls back when ready
      return;
    }
    const job = this.#queue.shift();
    if (!job) {
      this.#idle = setTimeout(() => void this.close(), this.#limits.idleMs);
      this.#idle.unref();
      return;
    }
    const id = this.#nextId++;
    const limit = job.request.kind === "parse" ? this.#limits.parseMs : this.#limits.splitMs;
    const timer = setTimeout(() => this.#abandon(`it took longer than ${limit / 1000} s`), limit);
    this.#running = { id, job, timer };
    // The body is copied, not transferred: it may share its memory with other buffers.
    this.#worker.postMessage({ id, request: job.request });
  }

  #settle(reply: {
    ready?: boolean;
    id?: number;
    ok?: boolean;
    result?: unknown;
    failure?: JobFailure;
  }): void {
    if (reply.ready) {
      this.#ready = true;
      this.#next();
      return;
    }
    const running = this.#running;
    if (!running || running.id !== reply.id) return;
    clearTimeout(running.timer);
    this.#running = undefined;
    if (reply.ok) running.job.resolve(reply.result);
    else running.job.reject(reply.failure ?? { feedError: false, message: "unknown failure" });
    this.#next();
  }

  /** The running job failed the hard way (time limit, crash, out of memory): start afresh. */
  #abandon(why: string): void {
    if (!this.#ready && !this.#running) {
      // The worker died before it could take a job: failing what waits beats restarting it in a
      // loop. The next job tries a new worker.
      this.#worker = undefined;
      const failure = { feedError: false, message: why };
      for (const job of this.#queue.splice(0)) job.reject(failure);
      return;
    }
    const running = this.#running;
    this.#running = undefined;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = false;
    void worker?.terminate();
    if (running) {
      clearTimeout(running.timer);
      running.job.reject({ feedError: false, message: why });
    }
    this.#next();
  }

  #current(): Worker {
    if (this.#worker) return this.#worker;
    const [source, how] = workerSource();
    this.#ready = false;
    const worker = new Worker(source, {
      ...how,
      resourceLimits: { maxOldGenerationSizeMb: this.#limits.heapMb },
    });
    // Never keeps the process alive: a bot that is stopping does not wait for an idle worker.
    worker.unref();
    worker.on("message", (reply) => this.#settle(reply));
    worker.on("error", (err: Error & { code?: string }) => {
      if (this.#worker !== worker) return;
      this.#abandon(
        err.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `it needed more than ${this.#limits.heapMb} MB`
          : `the worker thread failed (${err.message})`,
      );
    });
    worker.on("exit", (code) => {
      if (this.#worker === worker) this.#abandon(`the worker thread exited (${code})`);
    });
    this.#worker = worker;
    return worker;
  }
}

/**
 * The compiled worker next to this file; under the TypeScript sources (tests, `tsx`), a small
 * script that registers tsx in the worker first, since Node 20 does not carry `--import tsx`
 * over to a worker's entry point.
 */
function workerSource(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith(".ts")) return [new URL("./worker-entry.js", import.meta.url), {}];
  // The ESM build of tsx's API (require.resolve finds its CommonJS twin beside it).
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const entry = new URL("./worker-entry.ts", import.meta.url).href;
  const script = `import(${JSON.stringify(pathToFileURL(api).href)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return [script, { eval: true }];
}
