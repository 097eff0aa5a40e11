import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchFeed } from "../../src/feed/fetch.js";
import { feedError } from "../support/feed-error.js";
import { TINY_RSS } from "../support/feed-items.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "essay-bot-feed-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("fetchFeed from disk", () => {
  it("reads a local path and a file: URL alike", async () => {
    const path = join(dir, "feed.xml");
    await writeFile(path, TINY_RSS);
    for (const source of [path, pathToFileURL(path).href]) {
      const result = await fetchFeed(source);
      expect(result.status).toBe("ok");
      expect(result.status === "ok" && new TextDecoder().decode(result.body)).toBe(TINY_RSS);
    }
  });

  it("names the missing path in an unreachable FeedError", async () => {
    const path = join(dir, "missing.xml");
    const error = await feedError(fetchFeed(path));
    expect(error.code).toBe("unreachable");
    expect(error.feedUrl).toBe(path);
    expect(error.message).toBe(
      `Feed ${path} could not be read: there is no file at ${path}. Check the path in FEED_URLS.`,
    );
  });

  it("applies the size cap to files", async () => {
    const path = join(dir, "big.xml");
    await writeFile(path, "x".repeat(5000));
    const error = await feedError(fetchFeed(path, { maxBytes: 4096 }));
    expect(error.code).toBe("too-large");
    expect(error.message).toContain(`Feed ${path} is larger than the 4 KB limit`);
  });

  it("explains a directory given as a feed", async () => {
    const error = await feedError(fetchFeed(dir));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("is a directory");
  });
});
