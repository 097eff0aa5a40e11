import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { FeedError } from "../../src/feed/errors.js";
import { parseFeed } from "../../src/feed/parse.js";

const URL = "https://example.test/feed";

async function parseError(body: string, feedUrl = URL): Promise<FeedError> {
  const error = await parseFeed(body, feedUrl).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedError);
  return error as FeedError;
}

describe("what is not a feed", () => {
  it("reports malformed XML as bad-xml, naming the feed and the place", async () => {
    const error = await parseError(
      `<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<item><title>Unclosed</item></channel></rss>`,
    );
    expect(error.code).toBe("bad-xml");
    expect(error.feedUrl).toBe(URL);
    expect(error.message).toMatch(
      /^Feed https:\/\/example\.test\/feed is not well-formed XML \(line 3, column \d+: Unexpected close tag\)\./,
    );
  });

  it("reports a truncated download as bad-xml", async () => {
    const guardian = await readFile("test/fixtures/peers/guardian.rss", "utf8");
    const error = await parseError(guardian.slice(0, 5000), "guardian.rss");
    expect(error.code).toBe("bad-xml");
    expect(error.message).toContain("Feed guardian.rss is not well-formed XML");
  });

  it.each([
    [
      "an HTML page",
      "<!DOCTYPE html>\n<html><head><title>Blog</title></head><body></body></html>",
      "HTML page",
    ],
    ["JSON", '{"version":"https://jsonfeed.org/version/1"}', "JSON"],
    ["an empty body", "  \n", "empty"],
    ["plain text", "Service Unavailable", "does not start with XML"],
    [
      "another XML document",
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
      "<svg>",
    ],
  ])("reports %s as not-a-feed", async (_what, body, phrase) => {
    const error = await parseError(body);
    expect(error.code).toBe("not-a-feed");
    expect(error.message).toContain(`Feed ${URL} `);
    expect(error.message).toContain(phrase);
    expect(error.message).toContain("FEED_URLS");
  });
});
