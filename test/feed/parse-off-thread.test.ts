import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { FeedError } from "../../src/feed/errors.js";
import { parseFeed } from "../../src/feed/parse.js";
import { parseFeedOffThread } from "../../src/feed/parse-off-thread.js";

const FIXTURE = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url);

describe("parseFeedOffThread", () => {
  it("gives what parseFeed gives, parsed on a worker thread", async () => {
    const body = new Uint8Array(await readFile(FIXTURE));
    const [off, on] = await Promise.all([
      parseFeedOffThread(body.slice(), "https://forem.com/feed/jonoherrington"),
      parseFeed(body, "https://forem.com/feed/jonoherrington"),
    ]);
    expect(off).toEqual(on);
  });

  it("hands back a feed's error as the FeedError it is, and parses the next feed", async () => {
    const page = new TextEncoder().encode("<!doctype html><html><body>Hi</body></html>");
    const failure = await parseFeedOffThread(page, "https://example.test/page").catch((e) => e);
    expect(failure).toBeInstanceOf(FeedError);
    expect(failure).toMatchObject({ code: "not-a-feed", feedUrl: "https://example.test/page" });
    const body = new Uint8Array(await readFile(FIXTURE));
    expect((await parseFeedOffThread(body, "next")).essays).toHaveLength(12);
  });
});
