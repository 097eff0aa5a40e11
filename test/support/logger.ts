/**
 * A real pino logger (level debug) writing JSON lines to memory, so tests can read what was
 * logged. It is a pino Logger, so it also satisfies the core's Logger interface (src/logger.ts).
 */
import { Writable } from "node:stream";
import { type Logger, pino } from "pino";

/** A writable stream that keeps what is written: all of it as `text()`, or parsed as JSON `lines()`. */
export function memoryStream(onText?: (text: string) => void) {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const text = String(chunk);
      chunks.push(text);
      onText?.(text);
      done();
    },
  });
  const text = () => chunks.join("");
  const lines = () => parseLines(text());
  return { stream, text, lines };
}

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** One logged line as a test reads it: child bindings and the logged object merged into `fields`. */
export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  fields: Record<string, unknown>;
}

const LEVELS: Record<number, LogEntry["level"]> = {
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "error",
};

function toEntry(line: Record<string, unknown>): LogEntry {
  const { level, time: _time, pid: _pid, hostname: _hostname, msg, ...fields } = line;
  return { level: LEVELS[level as number] ?? "debug", msg: String(msg ?? ""), fields };
}

export type MemoryLogger = Logger & {
  /** Every line written, as the JSON pino wrote (level as a number, time, bindings, fields). */
  readonly lines: Record<string, unknown>[];
  /** The same lines as LogEntry: level by name, msg, and everything else as fields. */
  readonly entries: LogEntry[];
};

/** A pino logger (level debug) keeping what it logs in `lines` and `entries`, children included. */
export function memoryLogger(): MemoryLogger {
  const lines: Record<string, unknown>[] = [];
  const entries: LogEntry[] = [];
  const { stream } = memoryStream((text) => {
    for (const line of parseLines(text)) {
      lines.push(line);
      entries.push(toEntry(line));
    }
  });
  return Object.assign(pino({ level: "debug" }, stream), { lines, entries });
}
