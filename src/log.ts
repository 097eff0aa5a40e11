import { createRequire } from "node:module";
import { format } from "node:util";
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from "@slack/bolt";
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from "pino";

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Human-readable output via pino-pretty (a devDependency): for a terminal, not for production. */
  pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

const SECRET_KEYS = ["token", "botToken", "appToken", "signingSecret", "clientSecret", "password"];

/**
 * Paths pino must never print. Redaction matches whole keys only, so each secret name is listed
 * at the depths where it shows up: a logged value, a config (`{ slack: … }`), or `{ config: … }`.
 */
export const REDACT_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  "slack.botToken",
  "slack.appToken",
  "slack.signingSecret",
  "config.slack.botToken",
  "config.slack.appToken",
  "config.slack.signingSecret",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
];

// Slack tokens have recognisable prefixes; scrub them from message text too, since Bolt and
// the Web API client log free-form strings that redaction paths cannot reach.
const TOKEN_PATTERN = /\b(xox[abpers]|xapp)-[A-Za-z0-9-]+/g;

/** A pino logger: JSON lines by default, secrets redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const pinoOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    hooks: {
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === "string" ? a.replace(TOKEN_PATTERN, "$1-[redacted]") : a)),
        );
      },
    },
  };
  const destination = options.pretty ? prettyStream(options.destination) : options.destination;
  return destination ? pino(pinoOptions, destination) : pino(pinoOptions);
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
    const err = msg.find((m): m is Error => m instanceof Error);
    const rest = msg.filter((m) => m !== err);
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
