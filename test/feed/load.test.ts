import { afterEach, describe, expect, it } from "vitest";
import { FeedError } from "../../src/feed/errors.js";
import { loadFeed } from "../../src/feed/load.js";
import { TINY_RSS } from "../support/feed-items.js";
import { closeFeedServers, startRawFeedServer } from "../support/feed-server.js";

afterEach(closeFeedServers);

describe("loadFeed", () => {
  it("parses a fetched feed and hands back validators that make the next fetch a 304", async () => {
    const server = await startRawFeedServer((req, res) => {
      if (req.headers["if-none-match"] === '"abc"') return void res.writeHead(304).end();
      res.writeHead(200, {
        "content-type": "application/rss+xml",
        etag: '"abc"',
        "last-modified": "Tue, 19 May 2026 08:00:00 GMT",
      });
      res.end(TINY_RSS);
    });
    const url = `${server.url}/feed`;
    const first = await loadFeed(url);
    expect(first.status).toBe("ok");
    if (first.status !== "ok") return;
    expect(first.validators).toEqual({
      etag: '"abc"',
      lastModified: "Tue, 19 May 2026 08:00:00 GMT",
      bodyHash: expect.any(String),
    });
    expect(first.feed.feedUrl).toBe(url);
    expect(first.feed.essays.map((e) => [e.id, e.feedUrl, e.title])).toEqual([
      ["https://example.test/first", url, "First essay"],
    ]);

    const second = await loadFeed(url, { validators: first.validators });
    expect(second).toEqual({ status: "not-modified" });
  });

  it("decodes a body by the charset in its Content-Type", async () => {
    const xml = `<rss version="2.0"><channel><title>Not\u00edcias</title>
      <item><guid>1</guid><title>M\u00e3e de utente \u00e9 a nova presidente</title></item></channel></rss>`;
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=iso-8859-1" });
      res.end(Buffer.from(xml, "latin1"));
    });
    const result = await loadFeed(`${server.url}/feed`);
    if (result.status !== "ok") throw new Error("expected a feed");
    expect(result.feed.title).toBe("Notícias");
    expect(result.feed.essays[0]?.title).toBe("Mãe de utente é a nova presidente");
    expect(result.validators).toEqual({ bodyHash: expect.any(String) });
  });

  it("does not parse the same bytes twice from a server that ignores validators", async () => {
    let body = TINY_RSS;
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(body);
    });
    const url = `${server.url}/feed`;
    const first = await loadFeed(url);
    if (first.status !== "ok") throw new Error("expected a feed");
    expect(await loadFeed(url, { validators: first.validators })).toEqual({
      status: "not-modified",
    });
    body = TINY_RSS.replace("First essay", "First essay, revised");
    const changed = await loadFeed(url, { validators: first.validators });
    if (changed.status !== "ok") throw new Error("expected the changed feed");
    expect(changed.feed.essays[0]?.title).toBe("First essay, revised");
  });

  it("names the feed when the server sends a web page instead", async () => {
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><html></html>");
    });
    const url = `${server.url}/blog`;
    const error = await loadFeed(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).code).toBe("not-a-feed");
    expect((error as FeedError).feedUrl).toBe(url);
  });
});
