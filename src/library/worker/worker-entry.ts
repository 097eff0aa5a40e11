/**
 * The worker thread: runs one job per message (jobs.ts) and posts back its result or failure.
 * It says when it is ready, so a job's time limit never counts the worker's own start.
 */
import { parentPort } from "node:worker_threads";
import { failureOf, type JobRequest, runJob } from "./jobs.js";

parentPort?.on("message", async ({ id, request }: { id: number; request: JobRequest }) => {
  try {
    parentPort?.postMessage({ id, ok: true, result: await runJob(request) });
  } catch (err) {
    parentPort?.postMessage({ id, ok: false, failure: failureOf(err) });
  }
});
parentPort?.postMessage({ ready: true });
