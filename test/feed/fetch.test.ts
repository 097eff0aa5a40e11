import { afterEach, describe, expect, it } from "vitest";
import { fetchFeed, USER_AGENT } from "../../src/feed/fetch.js";
import { feedError } from "../support/feed-error.js";
import { TINY_RSS } from "../support/feed-items.js";
import { closeFeedServers, startRawFeedServer, unreachableUrl } from "../support/feed-server.js";

afterEach(closeFeedServers);

const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe("fetchFeed over HTTP", () => {
  it("sends a URL's user:pass@ as Basic auth, and never to another host it redirects to", async () => {
    const elsewhere = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(TINY_RSS);
    });
    const server = await startRawFeedServer((req, res) => {
      if (req.url === "/moved") res.writeHead(302, { location: `${elsewhere.url}/feed` }).end();
      else res.writeHead(200, { "content-type": "application/rss+xml" }).end(TINY_RSS);
    });
    const withCredentials = server.url.replace("http://", "http://reader:p%40ss@");
    const result = await fetchFeed(`${withCredentials}/feed`);
    expect(result.status).toBe("ok");
    const basic = `Basic ${Buffer.from("reader:p@ss").toString("base64")}`;
    expect(server.requests[0]?.headers.authorization).toBe(basic);
    expect(server.requests[0]?.url).toBe("/feed");

    await fetchFeed(`${withCredentials}/moved`);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("returns the body, Content-Type and validators, and names the bot in User-Agent", async () => {
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/rss+xml; charset=utf-8",
        etag: '"v1"',
        "last-modified": "Mon, 18 May 2026 15:36:49 GMT",
      });
      res.end(TINY_RSS);
    });
    const result = await fetchFeed(`${server.url}/feed`);
    expect(result).toMatchObject({
      status: "ok",
      contentType: "application/rss+xml; charset=utf-8",
      etag: '"v1"',
      lastModified: "Mon, 18 May 2026 15:36:49 GMT",
    });
    expect(result.status === "ok" && text(result.body)).toBe(TINY_RSS);
    expect(server.requests[0]?.headers["user-agent"]).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^essay-bot\//);
    // A first fetch is unconditional.
    expect(server.requests[0]?.headers["if-none-match"]).toBeUndefined();
  });

  it("sends the validators as a conditional GET and reports 304 as not-modified", async () => {
    const server = await startRawFeedServer((req, res) => {
      if (req.headers["if-none-match"] === '"v1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { etag: '"v1"' }).end(TINY_RSS);
    });
    const validators = { etag: '"v1"', lastModified: "Mon, 18 May 2026 15:36:49 GMT" };
    const result = await fetchFeed(`${server.url}/feed`, { validators });
    expect(result).toEqual({ status: "not-modified" });
    expect(server.requests[0]?.headers["if-none-match"]).toBe('"v1"');
    expect(server.requests[0]?.headers["if-modified-since"]).toBe(validators.lastModified);
  });

  it("follows redirects", async () => {
    const server = await startRawFeedServer((req, res) => {
      if (req.url === "/old") res.writeHead(301, { location: "/feed" }).end();
      else res.writeHead(200).end(TINY_RSS);
    });
    const result = await fetchFeed(`${server.url}/old`);
    expect(result.status === "ok" && text(result.body)).toBe(TINY_RSS);
    expect(server.requests.map((req) => req.url)).toEqual(["/old", "/feed"]);
  });

  it("turns a 500 into an http FeedError naming the feed, the status and what to do", async () => {
    const server = await startRawFeedServer((_req, res) => res.writeHead(500).end("boom"));
    const url = `${server.url}/feed`;
    const error = await feedError(fetchFeed(url));
    expect(error.code).toBe("http");
    expect(error.feedUrl).toBe(url);
    expect(error.message).toBe(
      `Feed ${url} could not be fetched: the server answered 500 Internal Server Error. Check the URL in FEED_URLS or try again later.`,
    );
  });

  it("turns a 404 into an http FeedError", async () => {
    const server = await startRawFeedServer((_req, res) => res.writeHead(404).end());
    const error = await feedError(fetchFeed(`${server.url}/nope`));
    expect(error.code).toBe("http");
    expect(error.message).toContain("404 Not Found");
  });

  it("gives up on a server that does not answer within timeoutMs", async () => {
    const server = await startRawFeedServer(() => {
      // Never answers; closeFeedServers() drops the connection.
    });
    const url = `${server.url}/feed`;
    const error = await feedError(fetchFeed(url, { timeoutMs: 200 }));
    expect(error.code).toBe("timeout");
    expect(error.message).toBe(
      `Feed ${url} did not respond within 200 ms. Check that the host is up, or try again later.`,
    );
  });

  it("counts the body read against the timeout too", async () => {
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<rss version='2.0'><channel>"); // ...and then stalls
    });
    const error = await feedError(fetchFeed(`${server.url}/feed`, { timeoutMs: 200 }));
    expect(error.code).toBe("timeout");
  });

  it("refuses a body over the cap announced by Content-Length", async () => {
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-length": "2048" }).end("x".repeat(2048));
    });
    const url = `${server.url}/feed`;
    const error = await feedError(fetchFeed(url, { maxBytes: 1024 }));
    expect(error.code).toBe("too-large");
    expect(error.message).toContain(`Feed ${url} is larger than the 1 KB limit`);
    expect(error.message).toContain("announced 2 KB");
  });

  it("refuses a streamed body without Content-Length once it passes the cap", async () => {
    let wrote = 0;
    const server = await startRawFeedServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" }); // chunked
      const timer = setInterval(() => {
        // Keeps streaming forever unless the client hangs up.
        if (res.destroyed) return clearInterval(timer);
        res.write("y".repeat(512));
        wrote += 512;
      }, 5);
      res.on("close", () => clearInterval(timer));
    });
    const error = await feedError(fetchFeed(`${server.url}/feed`, { maxBytes: 2000 }));
    expect(error.code).toBe("too-large");
    expect(error.message).toContain("stopped reading");
    expect(server.requests[0]?.headers["content-length"]).toBeUndefined();
    expect(wrote).toBeGreaterThan(2000);
  });

  it("accepts a body exactly at the cap", async () => {
    const server = await startRawFeedServer((_req, res) =>
      res.writeHead(200).end("z".repeat(1024)),
    );
    const result = await fetchFeed(`${server.url}/feed`, { maxBytes: 1024 });
    expect(result.status === "ok" && result.body.byteLength).toBe(1024);
  });

  it("reports a host that refuses connections as unreachable", async () => {
    const url = await unreachableUrl();
    const error = await feedError(fetchFeed(url));
    expect(error.code).toBe("unreachable");
    expect(error.message).toBe(
      `Feed ${url} could not be fetched: the connection was refused. Check the URL in FEED_URLS and that this machine can reach the host.`,
    );
  });

  it("refuses schemes it cannot fetch", async () => {
    const error = await feedError(fetchFeed("ftp://example.test/feed.xml"));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain('unsupported scheme "ftp:"');
  });

  it("uses an injected fetch and still times out when it ignores the abort signal", async () => {
    const calls: string[] = [];
    const hanging = ((input: string | URL | Request) => {
      calls.push(String(input));
      return new Promise<Response>(() => {});
    }) as typeof fetch;
    const error = await feedError(
      fetchFeed("https://example.test/feed", { fetch: hanging, timeoutMs: 100 }),
    );
    expect(calls).toEqual(["https://example.test/feed"]);
    expect(error.code).toBe("timeout");
  });

  it("passes a custom User-Agent through", async () => {
    const server = await startRawFeedServer((_req, res) => res.writeHead(200).end(TINY_RSS));
    await fetchFeed(`${server.url}/feed`, { userAgent: "test-agent/1" });
    expect(server.requests[0]?.headers["user-agent"]).toBe("test-agent/1");
  });
});
