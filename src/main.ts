/**
 * Process entry point (`npm start`): the only file that reads process.env and handles signals.
 * Everything it wires lives in bot.ts, which tests drive with plain objects.
 */
import type { Logger } from "pino";
import type { Bot } from "./bot.js";
import {
  type BotConfig,
  ConfigError,
  hasAnySlackToken,
  noSlackTokensHelp,
  parseConfig,
} from "./config.js";
import { processEnv } from "./env-file.js";
import { createLogger } from "./pino-logger.js";
import { StartupError } from "./startup-error.js";
import { StoreError } from "./store/errors.js";

// Signals are handled from the first moment, before the Slack modules load: a stop during
// start-up abandons the start, undoes what it began and says "stopped", as a stop later does.
let log: Logger | undefined;
let started: Promise<Bot | undefined> | undefined;
const starting = new AbortController();
let stopping = false;

process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

async function stop(signal: string): Promise<void> {
  if (stopping) {
    // A second Ctrl-C means "now".
    process.exit(1);
  }
  stopping = true;
  // Nothing has started yet (no settings read): nothing to undo.
  if (!log) process.exit(0);
  // Armed before anything else, so a stop that hangs (or a log write that fails) can never leave
  // the process running: Docker and systemd wait about 30 s before SIGKILL.
  setTimeout(() => {
    safely(() => log?.error({ signal }, "stop took longer than 25 s; exiting anyway"));
    process.exit(1);
  }, 25_000).unref();
  safely(() => log?.info({ signal }, "stopping: letting the running job finish"));
  starting.abort();
  try {
    const bot = await started?.catch(() => undefined);
    await bot?.stop();
    safely(() => log?.info({}, "stopped"));
  } catch (error) {
    safely(() => log?.error({ err: error }, "error while stopping"));
    process.exitCode = 1;
  }
  // Sockets kept alive by HTTP agents would otherwise hold the process open after a clean stop.
  process.exit();
}

function safely(write: () => void) {
  try {
    write();
  } catch {
    // Logging is best effort during shutdown.
  }
}

async function main(): Promise<void> {
  // A .env in the working directory is read if present; real environment variables win.
  const env = await processEnv();
  if (!env) return;
  if (!hasAnySlackToken(env)) {
    process.stderr.write(`${noSlackTokensHelp()}\n`);
    process.exitCode = 1;
    return;
  }
  let config: BotConfig;
  try {
    config = parseConfig(env, { requireSlack: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  log = logger;
  handleEscapedErrors(logger);
  // A closed stdout (the terminal or the pipe went away) must never stop a clean shutdown.
  process.stdout.on("error", () => {});

  const { startBot } = await import("./bot.js");
  started = startBot({ config, log: logger, signal: starting.signal });
  try {
    await started;
  } catch (error) {
    // A stop during start-up: stop() finishes the job and says "stopped".
    if (starting.signal.aborted) return;
    if (error instanceof StartupError || error instanceof StoreError) {
      // The sentence is the whole story; the stack is for whoever turns LOG_LEVEL up.
      logger.fatal(error.message);
      logger.debug({ err: error }, "start-up failure details");
    } else {
      logger.fatal({ err: error }, "essay-bot could not start");
    }
    process.exit(1);
  }
}

/**
 * Errors no handler caught. Every Slack request and job has its own handler, so one that escapes
 * is a bug in a dependency's fire-and-forget promise (as Bolt's receiver had with a `null` body):
 * a rejection is logged at error level and the bot keeps serving everyone else. An uncaught
 * exception may have left state half-changed, so it is logged and the process exits 1 for the
 * supervisor (Docker, systemd) to restart it; announce state is saved after every post.
 */
function handleEscapedErrors(log: Logger): void {
  process.on("unhandledRejection", (reason) => {
    log.error(
      { err: reason, event: "unhandledRejection" },
      "an error escaped its handler; essay-bot keeps running (please report this)",
    );
  });
  process.on("uncaughtException", (error, origin) => {
    try {
      log.fatal(
        { err: error, event: origin },
        "an uncaught error: essay-bot exits to be restarted",
      );
    } finally {
      process.exit(1);
    }
  });
}

await main();
