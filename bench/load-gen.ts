/**
 * The slash-command benchmark's load generator, run as a child process so that building,
 * sending and timing requests does not compete with the server under test for its event loop
 * (the machine has two cores: one for the server, one for this). Started with fork(); receives one
 * LoadJob per message and answers with a LoadResult.
 */
import { Agent, request } from "node:http";

export interface LoadJob {
  url: string;
  body: string;
  headers: Record<string, string>;
  concurrency: number;
  requests: number;
  /** Requests sent (and not timed) before the timed ones, on the same connections. */
  warmUp: number;
}

export interface LoadResult {
  /** Latency of each timed request, ms, from write to the end of the response body. */
  latencies: number[];
  elapsedMs: number;
  /** Responses that were not 200, by status ("error" for a failed connection). */
  failures: Record<string, number>;
  /** One response body, so the caller can check the server answered what it should. */
  sample: string;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const target = new URL(job.url);
  const headers = { ...job.headers, "content-length": String(Buffer.byteLength(job.body)) };
  const failures: Record<string, number> = {};
  let sample = "";

  const once = () =>
    new Promise<void>((resolve) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: "POST",
          headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            if (res.statusCode !== 200) {
              const key = String(res.statusCode);
              failures[key] = (failures[key] ?? 0) + 1;
            }
            if (!sample) sample = Buffer.concat(chunks).toString("utf8");
            resolve();
          });
        },
      );
      req.on("error", () => {
        failures.error = (failures.error ?? 0) + 1;
        resolve();
      });
      req.end(job.body);
    });

  const drive = async (total: number, latencies?: number[]) => {
    let issued = 0;
    const worker = async () => {
      while (issued < total) {
        issued++;
        const start = now();
        await once();
        latencies?.push(now() - start);
      }
    };
    await Promise.all(Array.from({ length: Math.min(job.concurrency, total) }, worker));
  };

  await drive(job.warmUp);
  const latencies: number[] = [];
  const start = now();
  await drive(job.requests, latencies);
  const elapsedMs = now() - start;
  agent.destroy();
  return { latencies, elapsedMs, failures, sample };
}

if (process.send) {
  process.on("message", (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send?.(result),
      (error: unknown) => process.send?.({ error: String(error) }),
    );
  });
}
