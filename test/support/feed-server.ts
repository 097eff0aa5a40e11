/**
 * Real loopback HTTP servers standing in for a feed host (never the network).
 *
 * - startRawFeedServer(handler): the test answers each request itself. `closeFeedServers()` in
 *   afterEach closes every one still open, dropping connections a stalled handler left open.
 * - startFeedServer(items): built on the raw server, serves a series of items whose content and
 *   failure mode a test changes between runs, with ETag/304 like real feed hosts.
 * - unreachableUrl(): a URL where nothing listens.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type FeedItem, feedXml, item } from "./feed-items.js";

export interface RawFeedServer {
  /** Base URL, e.g. "http://127.0.0.1:40123". */
  url: string;
  /** Requests received, in order (headers are lower-cased by node:http). */
  requests: IncomingMessage[];
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

const open = new Set<RawFeedServer>();

/** A loopback server that hands every request to `handler`. */
export async function startRawFeedServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RawFeedServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const raw: RawFeedServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close() {
      open.delete(raw);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  open.add(raw);
  return raw;
}

/** Closes every feed server still open (for afterEach). */
export async function closeFeedServers(): Promise<void> {
  await Promise.all([...open].map((server) => server.close()));
}

/** A URL on 127.0.0.1 where nothing listens (a port we bound, then released), ending in `path`. */
export async function unreachableUrl(path = "/feed"): Promise<string> {
  const server = await startRawFeedServer(() => {});
  await server.close();
  return `${server.url}${path}`;
}

/** What the series feed server does on the next requests. */
export type FeedMode = "ok" | "500" | "hang" | "bad-xml" | "huge";

export interface FeedServer {
  /** The feed's URL (any path on the server answers the same). */
  url: string;
  items: FeedItem[];
  mode: FeedMode;
  /** Requests answered, with the conditional headers they carried. */
  requests: { ifNoneMatch?: string; status: number }[];
  close(): Promise<void>;
}

/** A loopback feed of `items` that answers 304 to a matching If-None-Match. */
export async function startFeedServer(items: FeedItem[] = []): Promise<FeedServer> {
  const state = { items, mode: "ok" as FeedMode };
  const requests: FeedServer["requests"] = [];
  const hanging = new Set<ServerResponse>();
  const raw = await startRawFeedServer((req, res) => {
    const record = (status: number) => {
      const ifNoneMatch = req.headers["if-none-match"];
      requests.push({ status, ...(ifNoneMatch ? { ifNoneMatch } : {}) });
    };
    if (state.mode === "hang") {
      record(0);
      hanging.add(res); // never answered; the fetch timeout must fire
      return;
    }
    if (state.mode === "500") {
      record(500);
      res.writeHead(500, { "content-type": "text/plain" }).end("boom");
      return;
    }
    const body =
      state.mode === "bad-xml"
        ? '<?xml version="1.0"?><rss><channel><item><title>unclosed'
        : state.mode === "huge"
          ? feedXml([item(1, { html: `<p>${"x".repeat(200_000)}</p>` })])
          : feedXml(state.items);
    const etag = `"${Buffer.from(body).length}-${hash(body)}"`;
    if (req.headers["if-none-match"] === etag) {
      record(304);
      res.writeHead(304, { etag }).end();
      return;
    }
    record(200);
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8", etag }).end(body);
  });
  return {
    url: `${raw.url}/feed`,
    get items() {
      return state.items;
    },
    set items(next) {
      state.items = next;
    },
    get mode() {
      return state.mode;
    },
    set mode(next) {
      state.mode = next;
    },
    requests,
    close() {
      for (const res of hanging) res.destroy();
      return raw.close();
    },
  };
}

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}
