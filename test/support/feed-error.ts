/** The feed tests' shared check for the FeedError a failed fetch gives. */
import { expect } from "vitest";
import { FeedError } from "../../src/feed/errors.js";

/** Runs `promise`, expecting a FeedError, and returns it for closer inspection. */
export async function feedError(promise: Promise<unknown>): Promise<FeedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedError);
  return error as FeedError;
}
