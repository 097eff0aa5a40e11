/**
 * Runs the refresh + announce job on REFRESH_CRON with node-cron. One run at a time: a run that
 * outlasts its interval makes the next tick skip rather than pile up. stop() asks the running job
 * to wind down (its AbortSignal) and waits for it, so a post in flight is confirmed and saved
 * before the process exits.
 */
import { type Logger as CronLogger, schedule, validate } from "node-cron";
import { type Logger, silentLogger } from "../logger.js";

export interface SchedulerOptions {
  /** node-cron expression, 5 fields or 6 with seconds first (REFRESH_CRON). */
  cron: string;
  /** The job. `signal` aborts when stop() is called: finish the current step, save, return. */
  run: (signal: AbortSignal) => Promise<unknown>;
  log?: Logger;
  /** IANA time zone for the expression; the host's when unset. */
  timezone?: string;
  /** For node-cron and the log. Default "essay-bot refresh". */
  name?: string;
}

export interface Scheduler {
  /** Run the job now (e.g. at start-up) unless it is already running; resolves when that run ends. */
  runNow(): Promise<void>;
  /**
   * Runs the job as soon as no run is in progress: now, or right after the current one ends
   * (a new leadership term must get its own run, even while the last term's run winds down).
   */
  runNext(): Promise<void>;
  /** No more runs; resolves once a running job has finished. */
  stop(): Promise<void>;
}

export function startScheduler(opts: SchedulerOptions): Scheduler {
  const log = opts.log ?? silentLogger;
  if (!validate(opts.cron)) {
    throw new Error(
      `REFRESH_CRON "${opts.cron}" is not a valid cron expression: use 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. "*/10 * * * *" for every 10 minutes.`,
    );
  }
  const controller = new AbortController();
  let current: Promise<void> | undefined;

  const execute = (reason: "scheduled" | "manual"): Promise<void> => {
    if (controller.signal.aborted) return Promise.resolve();
    if (current) {
      log.warn({ reason }, "The previous refresh is still running; skipping this one");
      return current;
    }
    const started = (async () => {
      try {
        await opts.run(controller.signal);
      } catch (err) {
        // A failed run must not kill the schedule: the next tick tries again.
        log.error({ err, reason }, "Refresh job failed; it runs again at the next scheduled time");
      } finally {
        current = undefined;
      }
    })();
    current = started;
    return started;
  };

  const task = schedule(opts.cron, () => execute("scheduled"), {
    name: opts.name ?? "essay-bot refresh",
    noOverlap: true,
    logger: cronLogger(log),
    ...(opts.timezone ? { timezone: opts.timezone } : {}),
  });
  log.info(
    { cron: opts.cron, next: task.getNextRun()?.toISOString() },
    opts.name === undefined ? "Refresh scheduled" : `Scheduled: ${opts.name}`,
  );

  return {
    runNow: () => execute("manual"),
    runNext: () => (current ? current.then(() => execute("manual")) : execute("manual")),
    async stop() {
      controller.abort();
      await task.stop();
      await current;
      await task.destroy();
    },
  };
}

/** node-cron's own messages (missed ticks, blocked overlaps) into our logger, as fields. */
function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m) => log.info({ source: "node-cron" }, m),
    warn: (m) => log.warn({ source: "node-cron" }, m),
    error: (m, err) => log.error({ source: "node-cron", err }, text(m)),
    debug: (m) => log.debug({ source: "node-cron" }, text(m)),
  };
}
