import { createRequire } from "node:module";
import { format } from "node:util";
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from "pino";
import { scrub } from "./redact.js";

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable output via pino-pretty (a devDependency): for a terminal, not for production. */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/**
 * A value that cannot even be read (a throwing getter, a revoked Proxy) must not turn the log
 * call into a throw, least of all the one reporting an error from a catch block.
 */
function scrubSafely(value: unknown): unknown {
  try {
    return scrub(value);
  } catch {
    // An object stays an object, so pino still reads the next argument as the message.
    return typeof value === "object" && value !== null
      ? { unreadable: "a logged value could not be read, so it was left out" }
      : value;
  }
}

/** A pino logger: JSON lines by default, secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions = {
    level: options.level,
    hooks: {
      // Every argument (the fields object, the message, any format arguments) goes through
      // scrub before pino reads it: pino takes an error's message for `msg` before any
      // formatter would run. See redact.ts for what is censored.
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map(scrubSafely));
      },
    },
  };
  // Without pino-pretty (a production install on a terminal) pretty falls back to JSON lines,
  // through the same destination as ever.
  const destination =
    (options.pretty ? prettyStream(options.destination) : undefined) ??
    options.destination ??
    stdoutDestination();
  const logger = pino(pinoOptions, destination);
  // Bindings never pass through the hook, so they are scrubbed on the way in. Every descendant
  // is Object.create(parent), so children and grandchildren inherit both overrides.
  const { child, setBindings } = logger;
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    const options = childOptions?.msgPrefix
      ? { ...childOptions, msgPrefix: scrub(childOptions.msgPrefix) }
      : childOptions;
    return child.call(this, scrub(bindings), options);
  } as Logger["child"];
  logger.setBindings = function scrubbedSetBindings(this: Logger, bindings) {
    setBindings.call(this, scrub(bindings));
  };
  return logger;
}

/**
 * stdout, written synchronously, as Node itself writes stdout to files and pipes on Linux. pino's
 * default is an asynchronous stream: it hands each line to libuv's thread pool, which on a small
 * machine under load costs more than the write, and a crash can lose the last lines (the ones
 * that say why). A Slack bot logs a line per command or post, never enough for a write to hurt.
 */
function stdoutDestination(): DestinationStream {
  const stream = pino.destination({ dest: process.stdout.fd ?? 1, sync: true });
  let reported = false;
  // pino already ignores a closed pipe (EPIPE); a full disk or a broken log file must not stop
  // the bot either. Said once on stderr, then each line is still tried, in case it recovers.
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (reported || error.code === "EPIPE") return;
    reported = true;
    process.stderr.write(
      `essay-bot: could not write logs to stdout (${error.code ?? error.message}); carrying on without them\n`,
    );
  });
  return stream;
}

/** pino-pretty is a devDependency: without it (production install) fall back to JSON. */
function prettyStream(destination?: DestinationStream): DestinationStream | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require("pino-pretty") as (opts: object) => DestinationStream;
    // Colour only on the real terminal; a given destination (a file, a test) gets plain text.
    const colour = destination === undefined ? {} : { colorize: false };
    return pretty({ destination: destination ?? 1, sync: true, ...colour });
  } catch {
    return destination;
  }
}

/** Bolt's levels are a subset of pino's; map the extra ones onto the nearest. */
function toBoltLevel(level: string): BoltLogLevel {
  if (level === "trace" || level === "debug") return "debug" as BoltLogLevel;
  if (level === "info" || level === "warn") return level as BoltLogLevel;
  return "error" as BoltLogLevel;
}

/**
 * Let Bolt log through pino (same JSON lines, same redaction) instead of its console logger.
 * Bolt's setLevel/setName affect only this adapter's child, never the app's own logger.
 */
export function boltLogger(base: Logger): BoltLogger {
  let log = base.child({ component: "bolt" });
  const emit = (level: "debug" | "info" | "warn" | "error", msg: unknown[]) => {
    // Bolt calls debug() several times per request with ready-made strings; formatting them only
    // to have pino drop the line cost every /essay a few microseconds.
    if (!log.isLevelEnabled(level)) return;
    const err = msg.find((m): m is Error => m instanceof Error);
    // Scrubbed before util.format turns objects into text that no key can be matched in.
    const rest = msg.filter((m) => m !== err).map(scrub);
    const text = rest.length > 0 ? format(...rest) : (err?.message ?? "");
    if (err) log[level]({ err }, text);
    else log[level](text);
  };
  return {
    debug: (...msg: unknown[]) => emit("debug", msg),
    info: (...msg: unknown[]) => emit("info", msg),
    warn: (...msg: unknown[]) => emit("warn", msg),
    error: (...msg: unknown[]) => emit("error", msg),
    setLevel(level: BoltLogLevel) {
      log.level = level;
    },
    getLevel: () => toBoltLevel(log.level),
    setName(name: string) {
      const level = log.level;
      log = base.child({ component: "bolt", name });
      log.level = level;
    },
  };
}
