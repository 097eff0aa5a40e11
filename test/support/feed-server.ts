/**
 * A real loopback HTTP server standing in for a feed host (never the network). Each test gets
 * its own; `closeAll()` in afterEach also drops connections a stalled handler left open. Also the
 * feed tests' shared check for the FeedError a failed fetch gives.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { FeedError } from "../../src/feed/errors.js";

export interface FeedServer {
  /** Base URL, e.g. "http://127.0.0.1:40123". */
  url: string;
  /** Requests received, in order (headers are lower-cased by node:http). */
  requests: IncomingMessage[];
}

const open = new Set<Server>();

export async function startFeedServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FeedServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  open.add(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests };
}

export async function closeAll(): Promise<void> {
  const servers = [...open];
  open.clear();
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
}

/** A URL on which nothing listens: a port we bound and released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/feed`;
}

export const TINY_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tiny</title>
<item><title>First essay</title><link>https://example.test/first</link>
<guid>https://example.test/first</guid><pubDate>Mon, 18 May 2026 15:36:49 +0000</pubDate>
<description>&lt;p&gt;Hello&lt;/p&gt;</description></item>
</channel></rss>`;

/** Runs `promise`, expecting a FeedError, and returns it for closer inspection. */
export async function feedError(promise: Promise<unknown>): Promise<FeedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedError);
  return error as FeedError;
}
