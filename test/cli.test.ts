/** The essay-bot command line, in process (runCli) and as the installed bin. */
import { spawnSync } from "node:child_process";
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
    expect(run.stdout).toMatch(/\*[Pp]romot\w*\*/);
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
    const run = await cli(["search", "xylophonic", "--feed", FEED]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No section matches: xylophonic");
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

// The bin runs the compiled CLI: `npm ci` builds it (prepare) and `npm test` rebuilds it first.
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
});
