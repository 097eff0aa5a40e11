import type { Logger } from "../logger.js";
import { PostError } from "./poster.js";
import type { Sleep } from "./sleep.js";

export interface RateLimitPolicy {
  sleep: Sleep;
  log: Logger;
  /** 429s tolerated per call before giving up for this run. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited out: the job must not block for half an hour. */
  maxRetryAfterSec: number;
  signal?: AbortSignal | undefined;
}

/**
 * Calls Slack, waiting out short 429s as Slack asks and trying again. Long or repeated ones are
 * rethrown so the caller leaves the work for its next run; so are 429s after a stop request.
 */
export async function withRateLimits<T>(
  call: () => Promise<T>,
  policy: RateLimitPolicy,
): Promise<T> {
  const { signal } = policy;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const waitSec =
        err instanceof PostError && err.kind === "rate-limited"
          ? (err.retryAfterSec ?? 1)
          : undefined;
      const canWait =
        waitSec !== undefined &&
        attempt < policy.maxRetries &&
        waitSec <= policy.maxRetryAfterSec &&
        !signal?.aborted;
      if (!canWait) throw err;
      policy.log.info(
        { retryAfterSec: waitSec },
        "Slack rate-limited the announcement; waiting as asked",
      );
      await policy.sleep(waitSec * 1000, signal);
      if (signal?.aborted) throw err;
    }
  }
}
