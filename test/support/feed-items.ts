/**
 * Shared pieces for the jobs tests: an RSS feed generated from plain items, a loopback feed server
 * whose content and failure mode change between runs, a virtual clock, and a recording logger.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../../src/logger.js";

export interface FeedItem {
  guid: string;
  title: string;
  link: string;
  /** ISO date. */
  published: string;
  /** Body HTML. */
  html?: string;
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An RSS 2.0 document listing `items` newest first, as real feeds do. */
export function feedXml(items: readonly FeedItem[]): string {
  const sorted = [...items].sort((a, b) => b.published.localeCompare(a.published));
  const entries = sorted.map(
    (i) => `<item>
  <title>${xmlEscape(i.title)}</title>
  <link>${xmlEscape(i.link)}</link>
  <guid isPermaLink="false">${xmlEscape(i.guid)}</guid>
  <pubDate>${new Date(i.published).toUTCString()}</pubDate>
  <description>${xmlEscape(i.html ?? `<p>${i.title}: an essay body long enough to read.</p>`)}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test feed</title><link>https://essays.test/</link>
<description>Essays for tests</description>
${entries.join("\n")}
</channel></rss>`;
}

/** Item n of a numbered series: published n days after 2026-01-01, so n orders them. */
export function item(n: number, overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    guid: `essay-${n}`,
    title: `Essay number ${n}`,
    link: `https://essays.test/essay-${n}`,
    published: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
    ...overrides,
  };
}

/** Items from..to of the numbered series, oldest first. */
export function items(from: number, to: number): FeedItem[] {
  return Array.from({ length: to - from + 1 }, (_, i) => item(from + i));
}

/** What the feed server does on the next requests. */
export type FeedMode = "ok" | "500" | "hang" | "bad-xml" | "huge";

export interface FeedServer {
  url: string;
  items: FeedItem[];
  mode: FeedMode;
  /** Requests answered, with the conditional headers they carried. */
  requests: { ifNoneMatch?: string; status: number }[];
  close(): Promise<void>;
}

/** A loopback feed that answers 304 to a matching If-None-Match, like real feed hosts. */
export async function startFeedServer(items: FeedItem[] = []): Promise<FeedServer> {
  const state = { items, mode: "ok" as FeedMode };
  const requests: FeedServer["requests"] = [];
  const hanging = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
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
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/feed`,
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
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(16);
}

/** A URL on 127.0.0.1 where nothing listens (a port we bound, then released). */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/feed`;
}

/** Time that moves only when the code under test sleeps: pacing is checked without waiting. */
export function virtualClock(start = Date.UTC(2026, 5, 1)) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance(ms: number) {
      t += ms;
    },
    sleeps,
  };
}

export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  fields: Record<string, unknown>;
}

/** A Logger that keeps every entry (child bindings merged into the fields). */
export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: LogEntry["level"]) =>
      (obj: object, msg = "") =>
        entries.push({ level, msg, fields: { ...bindings, ...(obj as Record<string, unknown>) } });
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), { entries });
}

/** A fresh DATA_DIR; `cleanup` removes it. */
export async function tempDataDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "essay-bot-jobs-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
