/**
 * `essay-bot` command line: search the essays of one or more feeds without Slack.
 *
 *   essay-bot search <query…> [--feed URL|PATH]… [--limit N] [--json]
 *
 * It goes through the same library as the bot, with a store in memory: it reads feeds (or local
 * files) and never touches DATA_DIR, so it is safe to run beside a live bot.
 */
import { parseArgs } from "node:util";
import { formatHits, formatNotices, hitToJson } from "./cli-format.js";
import { DEFAULT_FEED_URL, splitFeedUrls } from "./config.js";
import { Library } from "./library/library.js";
import type { Hit } from "./search/types.js";
import { MemoryEssayStore } from "./store/memory-essay-store.js";

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stdout is a terminal (ANSI bold for matches). */
  isTTY?: boolean;
  fetch?: typeof fetch;
}

export const USAGE = `Usage: essay-bot search <query…> [--feed URL|PATH]… [--limit N] [--json]

Searches the sections of the essays in the given feeds (or FEED_URLS) and prints the best matches.
  --feed URL|PATH   a feed URL or a local RSS/Atom file; repeat for several (default: FEED_URLS)
  --limit N         how many hits to print (default 5)
  --json            print a JSON array of hits instead of text

Example: essay-bot search promotion --feed test/fixtures/forem-jonoherrington.xml`;

/** Runs the CLI and returns the process exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(argv);
  } catch (error) {
    io.stderr(`essay-bot: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(`${USAGE}\n`);
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

  const result = library.search(query, limit);
  const hits: Hit[] = result.hits;
  // Before the hits, as in Slack; beside --json's array, not in it (tools parse stdout).
  const notices = formatNotices(result);
  if (notices) (json ? io.stderr : io.stdout)(notices);
  if (json) {
    io.stdout(`${JSON.stringify(hits.map(hitToJson), null, 2)}\n`);
  } else if (hits.length === 0) {
    const hint =
      result.suggestions.length > 0 ? `\nDid you mean: ${result.suggestions.join(", ")}?` : "";
    io.stdout(`No section matches: ${query}${hint}\n`);
  } else {
    io.stdout(formatHits(hits, result.total, io.isTTY ?? false));
  }
  // Partial results are still printed, but a feed that failed makes the exit code say so.
  return failed > 0 ? 1 : 0;
}

function parseCliArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      feed: { type: "string", multiple: true },
      limit: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals[0] === "help")
    return { help: true, query: "", limit: 0, json: false, feeds: [] };
  const [command, ...words] = positionals;
  if (command !== "search") {
    throw new Error(command ? `unknown command "${command}".` : "no command given.");
  }
  const query = words.join(" ").trim();
  if (!query)
    throw new Error("no query: say what to search for, e.g. `essay-bot search promotion`.");
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`--limit must be a whole number of at least 1 (got "${values.limit}").`);
  }
  return { help: false, query, limit, json: values.json ?? false, feeds: values.feed ?? [] };
}

/** Entry point used by bin/essay-bot.js. */
export async function main(): Promise<void> {
  const { readEnvFile, mergeEnv } = await import("./env-file.js");
  const env = mergeEnv(await readEnvFile(".env"), process.env);
  const code = await runCli(process.argv.slice(2), {
    env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: process.stdout.isTTY === true,
  });
  process.exitCode = code;
}
