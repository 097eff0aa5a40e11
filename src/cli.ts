/**
 * `essay-bot` command line: search the essays of one or more feeds, or list the newest, without
 * Slack.
 *
 *   essay-bot search <query…> [--feed URL|PATH]… [--limit N] [--json]
 *   essay-bot latest [--feed URL|PATH]… [--limit N] [--json]
 *   essay-bot store copy [--from DIR] [--to URL] [--merge]
 *   essay-bot --version
 *
 * search and latest go through the same library as the bot, with a store in memory: they read
 * feeds (or local files) and never touch DATA_DIR, so they are safe to run beside a live bot.
 * store copy moves a bot's file store into Postgres (store/copy.ts); it needs DATA_DIR to itself.
 */
import { readFileSync } from "node:fs";
import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  essayToJson,
  formatHits,
  formatLatest,
  formatNoMatch,
  formatNotices,
  hitToJson,
  useColor,
} from "./cli-format.js";
import { DEFAULT_FEED_URL, splitFeedUrls } from "./config.js";
import { Library } from "./library/library.js";
import { StartupError } from "./startup-error.js";
import { StoreError } from "./store/errors.js";
import { MemoryEssayStore } from "./store/memory-essay-store.js";

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (ANSI bold for matches; see useColor for NO_COLOR/FORCE_COLOR). */
  isTTY?: boolean;
  fetch?: typeof fetch;
}

export const USAGE = `Usage: essay-bot search <query…> [--feed URL|PATH]… [--limit N] [--json]
       essay-bot latest [--feed URL|PATH]… [--limit N] [--json]
       essay-bot store copy [--from DIR] [--to URL] [--merge]
       essay-bot --version

search prints the sections of the essays that best match the query; latest, the newest essays.
  --feed URL|PATH   a feed URL or a local RSS/Atom file; repeat for several (default: FEED_URLS)
  --limit N         how many hits or essays to print (default 5)
  --json            print a JSON array instead of text
Matched words are bold on a terminal; NO_COLOR=1 turns that off, FORCE_COLOR=1 on in a pipe.

store copy copies a bot's files (essays, what was announced where, subscriptions, alerts, digest
weeks) into Postgres, so bots on the database post nothing twice. Stop the bot first.
  --from DIR        the bot's DATA_DIR (default: DATA_DIR, else ./data)
  --to URL          postgres://user@host:port/db, password in PGPASSWORD (default: DATABASE_URL)
  --merge           into a database that already holds essay-bot state: add only what is missing

Example: essay-bot search promotion --feed test/fixtures/forem-jonoherrington.xml`;

type Command =
  | { kind: "help" }
  | { kind: "version" }
  | {
      kind: "search" | "latest";
      query: string;
      limit: number;
      json: boolean;
      feeds: string[];
    };

/** Runs the CLI and returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === "store") return runStoreCommand(argv.slice(1), io);
  let parsed: Command;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`essay-bot: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === "version") {
    io.stdout(`essay-bot ${packageVersion()}\n`);
    return 0;
  }
  const { query, limit, json } = parsed;
  const feeds = parsed.feeds.length > 0 ? parsed.feeds : splitFeedUrls(io.env.FEED_URLS ?? "");
  const sources = feeds.length > 0 ? feeds : [DEFAULT_FEED_URL];

  // The same library the bot uses, on a store that lives in memory: the CLI never touches
  // DATA_DIR, so it is safe beside a live bot. Nothing waits on it, so it works in one go.
  const library = new Library({
    store: new MemoryEssayStore(),
    feedUrls: sources,
    sliceMs: Number.POSITIVE_INFINITY,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  const report = await library.refresh();
  const failures = report.feeds.filter((feed) => feed.outcome === "error");
  for (const feed of failures) {
    // The feed's advice speaks of FEED_URLS; on the command line the feed may come from --feed.
    const where = parsed.feeds.length > 0 ? "given with --feed" : "in FEED_URLS";
    io.stderr(`essay-bot: ${(feed.error ?? "").replaceAll("in FEED_URLS", where)}\n`);
  }
  if (failures.length === sources.length) return 1;
  const failed = failures.length;
  const color = useColor(io.env, io.isTTY ?? false);

  if (parsed.kind === "latest") {
    const essays = library.latest(limit);
    io.stdout(
      json ? `${JSON.stringify(essays.map(essayToJson), null, 2)}\n` : formatLatest(essays, color),
    );
    return failed > 0 ? 1 : 0;
  }

  const result = library.search(query, limit);
  const hits = result.hits;
  // Before the hits, as in Slack; beside --json's array, not in it (tools parse stdout).
  const notices = formatNotices(result);
  if (notices) (json ? io.stderr : io.stdout)(notices);
  if (json) {
    io.stdout(`${JSON.stringify(hits.map(hitToJson), null, 2)}\n`);
  } else if (hits.length === 0) {
    io.stdout(formatNoMatch(query, result.suggestions));
  } else {
    io.stdout(formatHits(hits, result.total, color));
  }
  // Partial results are still printed, but a feed that failed makes the exit code say so.
  return failed > 0 ? 1 : 0;
}

function parseCliArgs(argv: string[]): Command {
  const { values, positionals } = parseOptions(argv, {
    feed: { type: "string", multiple: true },
    limit: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    version: { type: "boolean", short: "v" },
  });
  if (values.help || positionals[0] === "help") return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...words] = positionals;
  if (command !== "search" && command !== "latest") {
    throw new Error(command ? `unknown command "${command}".` : "no command given.");
  }
  const query = words.join(" ").trim();
  if (command === "search" && !query)
    throw new Error("no query: say what to search for, e.g. `essay-bot search promotion`.");
  if (command === "latest" && query) {
    throw new Error(`latest takes no words (got "${query}"); use --limit N for how many.`);
  }
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`--limit must be a whole number of at least 1 (got "${values.limit}").`);
  }
  return { kind: command, query, limit, json: values.json ?? false, feeds: values.feed ?? [] };
}

/** node:util's parseArgs, with its wording about itself turned into which argument is not known. */
function parseOptions<O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options, strict: true });
  } catch (error) {
    // node:util's own wording ("To specify a positional argument starting with a '-'…") is
    // about its parser, not this command: say which argument was not understood.
    const option = /'([^']+)'/.exec((error as Error).message)?.[1];
    throw new Error(option ? `"${option}" is not an option here.` : (error as Error).message);
  }
}

/** `essay-bot store copy …`; returns the exit code (0 ok, 1 failure or refusal, 2 usage). */
async function runStoreCommand(argv: string[], io: CliIo): Promise<number> {
  let copy: { from: string; to: string; toGiven: boolean; merge: boolean };
  try {
    copy = parseStoreArgs(argv, io.env);
  } catch (error) {
    io.stderr(`essay-bot: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { copyDataDir, CopyRefused, describeCounts } = await import("./store/copy.js");
  const { databaseProblem, describeDatabaseUrl } = await import("./store/postgres/database.js");
  const where = describeDatabaseUrl(copy.to);
  try {
    const report = await copyDataDir(copy.from, copy.to, { merge: copy.merge });
    for (const p of report.problems) io.stderr(`essay-bot: not copied: ${p.message}\n`);
    const into = `DATA_DIR ${copy.from} into ${report.where}`;
    if (report.outcome === "already") {
      io.stdout(
        `Nothing to copy: ${report.where} already holds what ${copy.from} holds (${describeCounts(report.source)}). Nothing was written.\n`,
      );
    } else if (report.outcome === "merged") {
      io.stdout(
        `Merged ${into}: wrote ${describeCounts(report.written)}; everything else ${copy.from} holds was already there and was left as it is.\n`,
      );
    } else {
      io.stdout(
        `Copied ${into}: ${describeCounts(report.written)}. Nothing already posted will be posted again.\n`,
      );
    }
    return 0;
  } catch (error) {
    // A refusal and a store error (a file, or a schema too new) already say what to do.
    const message =
      error instanceof CopyRefused || error instanceof StoreError
        ? error.message
        : error instanceof StartupError
          ? `stop the bot first, so the files cannot change mid-copy. ${error.message}`
          : databaseProblem(where, error);
    // An address given with --to is not DATABASE_URL: name it as the person gave it.
    const named = copy.toGiven ? message.replaceAll("(DATABASE_URL)", "(--to)") : message;
    io.stderr(`essay-bot: store copy: ${named}\n`);
    return 1;
  }
}

function parseStoreArgs(
  argv: string[],
  env: Record<string, string | undefined>,
): { from: string; to: string; toGiven: boolean; merge: boolean } {
  const { values, positionals } = parseOptions(argv, {
    from: { type: "string" },
    to: { type: "string" },
    merge: { type: "boolean" },
  });
  const [verb, ...rest] = positionals;
  if (verb !== "copy") {
    throw new Error(
      verb
        ? `unknown store command "${verb}" (there is: copy).`
        : "store what? (there is: store copy).",
    );
  }
  if (rest.length > 0) throw new Error(`store copy takes no words (got "${rest.join(" ")}").`);
  const to = values.to ?? env.DATABASE_URL;
  if (!to) {
    throw new Error("store copy needs a database: give --to postgres://… or set DATABASE_URL.");
  }
  if (!/^postgres(ql)?:$/.test(safeProtocol(to))) {
    // Not echoed: it may hold a password.
    throw new Error(
      `${values.to ? "--to" : "DATABASE_URL"} is not a postgres:// URL (postgres://user:password@host:5432/database).`,
    );
  }
  return {
    from: values.from ?? env.DATA_DIR ?? "./data",
    to,
    toGiven: values.to !== undefined,
    merge: values.merge ?? false,
  };
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return "";
  }
}

/** The version in package.json, which sits one level above both src/ and dist/. */
function packageVersion(): string {
  const path = new URL("../package.json", import.meta.url);
  return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
}

/** Entry point used by bin/essay-bot.js. */
export async function main(): Promise<void> {
  // `essay-bot search … | head`: once the reader has what it wanted the pipe closes, and the rest
  // of the output has nowhere to go. That is the end of the job, not a crash with a stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(0);
  });
  const { processEnv } = await import("./env-file.js");
  const env = await processEnv();
  if (!env) return;
  const code = await runCli(process.argv.slice(2), {
    env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
  });
  process.exitCode = code;
}
