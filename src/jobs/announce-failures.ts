/**
 * What a failed announcement means and who hears about it. Problems a person must fix are logged
 * once (they recur every run until fixed) and kept for /healthz; passing trouble is a warning.
 */
import type { SplitEssay } from "../essay/types.js";
import type { Logger } from "../logger.js";
import { errorCode } from "../store/atomic.js";
import { PostError } from "./poster.js";

export type StopReason =
  | "stop-requested"
  | "rate-limited"
  | "retryable"
  | "fatal"
  | "store"
  /** This process no longer holds the leader lease (a shared store): the new leader carries on. */
  | "not-leader";

export interface ChannelProblem {
  code: string;
  message: string;
  at: string;
}

export function createFailureReporter(log: Logger, now: () => Date) {
  const reported = new Set<string>();
  const warned = new Set<string>();
  let problem: ChannelProblem | null = null;
  let warning: ChannelProblem | null = null;
  /** The save that failed in this run, if one did; `problem` then comes from it. */
  let storeError: Error | undefined;
  let problemIsStore = false;

  return {
    /** The unfixed problem, if any (not_in_channel, invalid_auth…). */
    problem: () => problem && { ...problem },

    /** The last post that could not be checked against the history, and what was done. */
    warning: () => warning && { ...warning },

    /**
     * A post could not be checked and may appear twice: kept for /healthz, and logged (once per
     * code when `once`: a missing scope says the same thing every run until it is fixed).
     */
    uncertain(code: string, message: string, fields: object, once: boolean) {
      warning = { code, message, at: now().toISOString() };
      if (once && warned.has(code)) return;
      warned.add(code);
      log.warn({ ...fields, code }, message);
    },

    /** A post went through: whatever was wrong has been fixed. */
    recovered() {
      if (problem) log.info({ code: problem.code }, "Announcements are working again");
      problem = null;
      problemIsStore = false;
      reported.clear();
    },

    /**
     * The end of a run: a save that failed in it becomes the problem /healthz shows, with the
     * essays it holds back; a run whose saves all worked clears an earlier one.
     */
    endRun(waiting: number) {
      if (storeError) {
        const count = waiting === 1 ? "1 essay is waiting" : `${waiting} essays are waiting`;
        problem = {
          code: errorCode(storeError.cause) ?? "store",
          message: `${storeError.message} Announcing is paused until the announce state can be saved; ${count}.`,
          at: now().toISOString(),
        };
        problemIsStore = true;
      } else if (problemIsStore) {
        problem = null;
        problemIsStore = false;
      }
      storeError = undefined;
    },

    /**
     * Logs `err`; returns why the rest of this run's posts should wait, or undefined when the
     * next essay may still be posted (this one stays queued either way).
     */
    failed(err: unknown, essay?: SplitEssay): StopReason | undefined {
      const fields = essay ? { essayId: essay.meta.id, essayUrl: essay.meta.url } : {};
      if (err instanceof Error && err.name === "StoreError") {
        storeError = err;
        // Without the pending mark on disk, a post could not be checked after a crash.
        log.error(
          { ...fields, err },
          "Could not save the announce state; announcing paused until the next run",
        );
        return "store";
      }
      // From a store shared by several processes (postgres/lease.ts, postgres/announce-state.ts).
      if (err instanceof Error && err.name === "LeaseLost") {
        log.warn(
          { ...fields, err: err.message },
          "This process no longer leads: its announcing stops here, and the leader carries on",
        );
        return "not-leader";
      }
      if (err instanceof Error && err.name === "NotSent") {
        log.info(
          { ...fields },
          "Stopped before posting: the run was stopped or this process no longer leads; the post stays pending for the next run to check",
        );
        return "stop-requested";
      }
      if (err instanceof Error && err.name === "AlreadyAnnounced") {
        log.warn(
          { ...fields, err: err.message },
          "Already announced by another process: not posted again",
        );
        return undefined;
      }
      if (!(err instanceof PostError)) {
        // A bug with this one item (e.g. rendering): the others can still go.
        log.error({ ...fields, err }, "Could not announce the essay; it is retried next run");
        return undefined;
      }
      if (err.kind === "rejected") {
        log.error(
          { ...fields, code: err.code, err: err.message },
          "Slack refused this announcement; it stays queued and is retried next run",
        );
        return undefined;
      }
      if (err.kind === "fatal") {
        problem = { code: err.code, message: err.message, at: now().toISOString() };
        if (!reported.has(err.code)) log.error({ ...fields, code: err.code }, err.message);
        reported.add(err.code);
        return "fatal";
      }
      log.warn(
        { ...fields, code: err.code, err: err.message },
        "Announcing paused until the next run; nothing is lost",
      );
      return err.kind;
    },
  };
}
