/** The essay-bot command line, in process (runCli) and as the installed bin. */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";
import { hitToJson } from "../src/cli-format.js";
import { Library } from "../src/library/library.js";
import { FileEssayStore } from "../src/store/file-essay-store.js";
import { tempDataDir } from "./support/data-dir.js";
import { closeFeedServers, startRawFeedServer } from "./support/feed-server.js";

const FEED = "test/fixtures/forem-jonoherrington.xml";

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

afterEach(closeFeedServers);

describe("essay-bot search", () => {
  it("answers exactly as the bot's library does, from the same feed", async () => {
    const run = await cli([
      "search",
      "hard conversations feedback",
      "--feed",
      FEED,
      "--json",
      "--limit",
      "8",
    ]);
    const data = await tempDataDir();
    try {
      // The bot's own set-up: the library on a file store in DATA_DIR.
      const library = new Library({ store: await FileEssayStore.open(data.dir), feedUrls: [FEED] });
      await library.refresh();
      const hits = library.search("hard conversations feedback").hits.slice(0, 8);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(hits.map(hitToJson))));
      expect(hits.length).toBe(8);
    } finally {
      await data.cleanup();
    }
  });

  it("prints the best sections of both promotion essays with bold matches and no footer", async () => {
    const run = await cli(["search", "promotion", "--feed", FEED, "--limit", "10"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("The Promotion Happened. The Job Did Not.");
    expect(run.stdout).toContain("You're Promoting Confidence, Not Leadership");
    // Not a terminal: plain text, no Slack `*bold*` and no ANSI codes.
    expect(run.stdout).toMatch(/[Pp]romot/);
    expect(run.stdout).not.toMatch(/\*[Pp]romot\w*\*/);
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout).toContain("https://forem.com/jonoherrington/");
    expect(run.stdout).not.toContain("One email a week");
    expect(run.stderr).toBe("");
  });

  it("--json gives the contract's fields, best first, with section anchors", async () => {
    const run = await cli(["search", "promotion", "--feed", FEED, "--json", "--limit", "3"]);
    const hits = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(hits).toHaveLength(3);
    for (const field of [
      "title",
      "heading",
      "url",
      "essayUrl",
      "excerpt",
      "score",
      "published",
      "tags",
    ]) {
      expect(hits[0]).toHaveProperty(field);
    }
    const scores = hits.map((h) => h.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const withHeading = hits.find((h) => h.heading !== "");
    expect(withHeading?.url).toMatch(/#[a-z0-9-]+$/);
    expect(String(hits[0]?.published)).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(String(hits[0]?.excerpt)).not.toContain("*");
  });

  it("uses FEED_URLS when no --feed is given", async () => {
    const run = await cli(["search", "runbook", "--json", "--limit", "1"], { FEED_URLS: FEED });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(1);
  });

  it("suggests words from the essays when nothing matches", async () => {
    const run = await cli(["search", "prmotoino", "--feed", FEED]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('No section matches "prmotoino". Did you mean "promotion"?\n');
  });

  it("says what to try when nothing matches and nothing is close", async () => {
    const run = await cli(["search", "xylophonic", "--feed", FEED]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'No section matches "xylophonic".\n' +
        "Fewer or different words often help; quote a phrase to match it exactly.\n",
    );
  });

  it("explains a missing query with the usage and exit code 2", async () => {
    const run = await cli(["search", "--feed", FEED]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no query");
    expect(run.stderr).toContain("Usage: essay-bot search");
  });

  it("names the feed and exits 1 when it is not a feed, missing, or unreachable", async () => {
    const notFeed = await cli(["search", "x", "--feed", "test/fixtures/peers/unrecognized.rss"]);
    expect(notFeed.code).toBe(1);
    expect(notFeed.stderr).toContain("unrecognized.rss");

    const missing = await cli(["search", "x", "--feed", "no/such/feed.xml"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no/such/feed.xml");

    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(500);
      res.end("boom");
    });
    const url = `${server.url}/feed`;
    const down = await cli(["search", "x", "--feed", url]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(url);
    expect(down.stderr).toContain("500");
  });

  it("still prints the other feeds' hits when one of several fails, and exits 1", async () => {
    const run = await cli(["search", "runbook", "--feed", "no/such.xml", "--feed", FEED]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("runbook");
    expect(run.stderr).toContain("no/such.xml");
  });
});

describe("essay-bot latest", () => {
  it("lists the newest essays, newest first, as text and as JSON", async () => {
    const text = await cli(["latest", "--feed", FEED, "--limit", "2"]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe("");
    const data = await tempDataDir();
    try {
      const library = new Library({ store: await FileEssayStore.open(data.dir), feedUrls: [FEED] });
      await library.refresh();
      const newest = library.latest(2).map((e) => e.meta);
      expect(text.stdout).toMatch(new RegExp(`^1\\. ${escapeRegExp(newest[0]?.title ?? "?")}\n`));
      expect(text.stdout).toContain(`2. ${newest[1]?.title}`);
      expect(text.stdout).toContain(newest[0]?.url);
      expect(text.stdout).toMatch(/18 May 2026 · \d+ min read/);

      const json = await cli(["latest", "--feed", FEED, "--json"]);
      const essays = JSON.parse(json.stdout) as Record<string, unknown>[];
      expect(essays).toHaveLength(5);
      expect(essays.slice(0, 2).map((e) => e.url)).toEqual(newest.map((m) => m.url));
      for (const field of [
        "title",
        "url",
        "published",
        "author",
        "tags",
        "readingMinutes",
        "opening",
      ]) {
        expect(essays[0]).toHaveProperty(field);
      }
      expect(String(essays[0]?.opening).length).toBeGreaterThan(20);
    } finally {
      await data.cleanup();
    }
  });

  it("refuses a bad --limit with the usage", async () => {
    const run = await cli(["latest", "--feed", FEED, "--limit", "0"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--limit");
    expect(run.stderr).toContain("essay-bot latest");
  });
});

describe("essay-bot --version", () => {
  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const run = await cli(["--version"]);
    expect(run).toEqual({ code: 0, stdout: `essay-bot ${version}\n`, stderr: "" });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// The bin runs the compiled CLI: `npm ci` builds it (prepare) and `npm test` rebuilds it first.
describe("essay-bot --help", () => {
  it("never suggests a password on the command line, where ps and shell history keep it", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/:[^\s@/]*password[^\s@]*@/i);
    expect(run.stdout).toMatch(/--to URL .*DATABASE_URL/);
    expect(run.stdout).toContain("PGPASSWORD");
  });
});

describe("the installed bin", () => {
  it("runs `essay-bot search` from bin/essay-bot.js", () => {
    const run = spawnSync(
      process.execPath,
      ["bin/essay-bot.js", "search", "bus factor", "--feed", FEED, "--json"],
      {
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).length).toBeGreaterThan(0);
  });

  const search = ["bin/essay-bot.js", "search", "promotion", "--limit", "1", "--feed", FEED];
  const bin = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, args, {
      encoding: "utf8",
      timeout: 20_000,
      env: { ...cleanEnv(), ...env },
    });

  it("stops quietly when the reader of its output goes away (`| head`)", async () => {
    const child = spawn(
      process.execPath,
      [...search.slice(0, 3), "--limit", "20", "--feed", FEED],
      {
        env: cleanEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    // Closed before the first line: every write the CLI makes meets a closed pipe (EPIPE).
    child.stdout?.destroy();
    let stderr = "";
    child.stderr?.on("data", (chunk) => {
      stderr += String(chunk);
    });
    const [code] = await once(child, "exit");
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("prints plain text into a pipe, and ANSI bold when FORCE_COLOR asks for it", () => {
    const piped = bin(search);
    expect(piped.status).toBe(0);
    expect(piped.stdout).not.toMatch(/\*[Pp]romot/);
    expect(piped.stdout).not.toContain(ESC);
    expect(piped.stdout).toMatch(/[Pp]romotion/);
    const forced = bin(search, { FORCE_COLOR: "1" });
    expect(ansiShown(forced.stdout)).toMatch(/<bold>[Pp]romot\w*<\/bold>/);
    expect(bin(search, { FORCE_COLOR: "1", NO_COLOR: "1" }).stdout).not.toContain(ESC);
  });

  // A real terminal: util-linux `script` runs the bin on a pseudo-terminal (Linux only).
  const hasScript = process.platform === "linux" && spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript)("prints ANSI bold on a terminal, and none with NO_COLOR", () => {
    const command = [process.execPath, ...search].map((a) => `'${a}'`).join(" ");
    const onTty = (env: Record<string, string>) =>
      spawnSync("script", ["-qec", command, "/dev/null"], {
        encoding: "utf8",
        timeout: 20_000,
        env: { ...cleanEnv(), ...env },
      }).stdout;
    const tty = onTty({});
    expect(ansiShown(tty)).toMatch(/<bold>[Pp]romot\w*<\/bold>/);
    expect(tty).not.toMatch(/\*[Pp]romot/);
    expect(onTty({ NO_COLOR: "1" })).not.toContain(ESC);
  });

  it("prints its version", () => {
    const run = bin(["bin/essay-bot.js", "--version"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^essay-bot \d+\.\d+\.\d+\n$/);
  });
});

const ESC = "\u001b";

/** ANSI bold on and off as readable marks. */
function ansiShown(text: string): string {
  return text.replaceAll(`${ESC}[1m`, "<bold>").replaceAll(`${ESC}[22m`, "</bold>");
}

/** The environment without the colour switches the test sets itself. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "NO_COLOR" && key !== "FORCE_COLOR") env[key] = value;
  }
  return env;
}
