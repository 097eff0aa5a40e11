/**
 * What one log line costs: the line `/essay` writes for every answer, through this project's
 * logger (secrets scrubbed by src/redact.ts) against pino with the wildcard `redact` paths the
 * project used before, and against pino with no redaction at all (the floor). All three write
 * synchronously to /dev/null, as production writes stdout; rounds alternate between them.
 *
 *   npx tsx bench/log-perf.ts [--lines=100000] [--rounds=5]
 */
import { pathToFileURL } from "node:url";
import { type Logger, pino } from "pino";
import { createLogger } from "../src/pino-logger.js";
import { numberFlag } from "./args.js";
import { machineHeader } from "./machine.js";
import { formatRatio, markdownTable, median, nowMs } from "./stats.js";

const SECRET_KEYS = ["token", "botToken", "appToken", "signingSecret", "clientSecret", "password"];

/** pino `redact` paths as src/pino-logger.ts had them before redact.ts replaced them. */
const WILDCARD_PATHS = [
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
];

function devNull() {
  return pino.destination({ dest: "/dev/null", sync: true });
}

const LOGGERS: { name: string; make: () => Logger }[] = [
  { name: "pino, no redaction (floor)", make: () => pino({ level: "info" }, devNull()) },
  {
    name: "pino, wildcard redact paths (before)",
    make: () =>
      pino({ level: "info", redact: { paths: WILDCARD_PATHS, censor: "[redacted]" } }, devNull()),
  },
  {
    name: "essay-bot createLogger (scrub)",
    make: () => createLogger({ level: "info", destination: devNull() }),
  },
];

export function runLogPerf(lines = 100_000, rounds = 5): string {
  const loggers = LOGGERS.map((l) => ({ ...l, log: l.make(), samples: [] as number[] }));
  const fields = { command: "/essay", user: "U0123ABCDE" };
  const line = (log: Logger) => {
    log.info({ ...fields, intent: "search", loaded: true }, "answered /essay");
  };
  for (const l of loggers) for (let i = 0; i < lines / 10; i++) line(l.log);
  for (let round = 0; round < rounds; round++) {
    for (const l of loggers) {
      const start = nowMs();
      for (let i = 0; i < lines; i++) line(l.log);
      l.samples.push(((nowMs() - start) * 1000) / lines);
    }
  }
  const floor = median(loggers[0]?.samples ?? []);
  const rows = loggers.map((l) => {
    const us = median(l.samples);
    return [l.name, `${us.toFixed(2)} µs`, formatRatio(us, floor)];
  });
  return [
    `The \`answered /essay\` line (4 fields), ${lines.toLocaleString("en-US")} lines per round, ${rounds} rounds alternating, median per line; written synchronously to /dev/null.`,
    markdownTable(["logger", "per line", "× floor"], rows),
  ].join("\n\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  console.log(machineHeader());
  console.log(
    `\n### Log line\n\n${runLogPerf(numberFlag(argv, "lines") ?? 100_000, numberFlag(argv, "rounds") ?? 5)}`,
  );
}
