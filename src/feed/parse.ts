import Parser from "rss-parser";
import { decodeFeedBody } from "./decode.js";
import { FeedError } from "./errors.js";
import { authorName, type RawItem, toEssays } from "./item.js";
import { plainText, textOf } from "./text.js";
import type { ParsedFeed } from "./types.js";

// Fields rss-parser does not extract by itself (read by item.ts).
const CUSTOM_FIELDS = {
  // Atom's feed-level <author><name>; RSS feeds without the itunes namespace declared.
  feed: ["author", ["itunes:author", "itunesAuthor"]],
  item: [
    // Every <category>: RSS text or Atom `term` attributes (rss-parser keeps RSS ones only).
    ["category", "categoryElements", { keepArray: true }],
    ["dc:subject", "subjects", { keepArray: true }],
    // YouTube-style Atom entries keep their only text in media:group/media:description.
    ["media:group", "mediaGroup"],
    ["media:description", "mediaDescription"],
  ],
} as const;

/**
 * Parses a feed (RSS 0.9x, 1.0, 2.0 or Atom) into Essays. Pure: no I/O, no logging.
 * `feedUrl` is the source as configured; it names the feed in errors and in every Essay.
 * `contentType` (from HTTP) helps decode bytes that are not UTF-8.
 * Throws FeedError "not-a-feed" (HTML page, JSON, unknown root) or "bad-xml" (malformed XML).
 */
export async function parseFeed(
  body: string | Uint8Array,
  feedUrl: string,
  contentType?: string,
): Promise<ParsedFeed> {
  const text = decodeFeedBody(body, contentType);
  checkLooksLikeXmlFeed(text, feedUrl);
  let raw: Awaited<ReturnType<Parser["parseString"]>>;
  try {
    raw = await newParser().parseString(text);
  } catch (error) {
    throw parseError(error, text, feedUrl);
  }
  const feed = raw as unknown as Record<string, unknown> & { itunes?: Record<string, unknown> };
  const feedAuthor = [feed.creator, feed.author, feed.itunes?.author, feed.itunesAuthor]
    .map((value) => authorName(textOf(value)))
    .find((name) => name !== "");
  const essays = toEssays(raw.items as RawItem[], {
    feedUrl,
    author: feedAuthor ?? "",
    baseUrl: [textOf(feed.link), feedUrl].find((url) => /^https?:\/\//i.test(url)),
  });
  return { feedUrl, title: plainText(textOf(feed.title)), essays };
}

/**
 * A new parser per call: xml2js parsers keep state between parses, and one left in a bad state by
 * a broken feed must not break the next feed.
 */
function newParser(): Parser {
  // `<rss>` with no version attribute (seen in the wild) is read as RSS 2.0.
  // The cast: rss-parser's types allow [from, to] pairs only for items; its runtime takes them
  // for the feed too.
  const parser = new Parser({ customFields: CUSTOM_FIELDS as never, defaultRSS: 2 });
  patchAtomDates(parser);
  return parser;
}

type AtomEntry = Record<string, unknown>;
interface AtomInternals {
  parseItemAtom(entry: AtomEntry): Record<string, unknown>;
}

/**
 * rss-parser calls `new Date(published).toISOString()` on Atom entries unguarded, so one
 * malformed date throws RangeError and loses the whole feed. We hide unparseable dates from it
 * (the entry then has no date, i.e. `published: null`) and keep the raw text as `rawDate` for
 * the identity hash. This relies on rss-parser's internal method name (3.13); the test for a
 * bad Atom date fails loudly if an upgrade renames it.
 */
function patchAtomDates(parser: Parser): void {
  const internals = parser as unknown as AtomInternals;
  // If an upgrade renames the method, parse unpatched rather than fail every feed.
  if (typeof internals.parseItemAtom !== "function") return;
  const original = internals.parseItemAtom.bind(parser);
  internals.parseItemAtom = (entry) => {
    const safe: AtomEntry = { ...entry };
    for (const key of ["published", "updated"]) {
      const value = textOf(safe[key]).trim();
      if (safe[key] !== undefined && Number.isNaN(Date.parse(value))) delete safe[key];
    }
    const rawDate = textOf(entry.published) || textOf(entry.updated);
    return { ...original(safe), rawDate };
  };
}

/** Refuses, with a useful message, the usual wrong things: HTML pages, JSON, empty bodies. */
function checkLooksLikeXmlFeed(text: string, feedUrl: string): void {
  const advice = "Check that FEED_URLS points at the RSS or Atom feed itself";
  if (text.trim() === "") {
    throw new FeedError(feedUrl, "not-a-feed", `Feed ${feedUrl} is empty. ${advice}.`);
  }
  const root = rootElement(text);
  if (root === undefined) {
    const what = /^\s*[[{]/.test(text) ? "it looks like JSON" : "it does not start with XML";
    throw new FeedError(
      feedUrl,
      "not-a-feed",
      `Feed ${feedUrl} is not an RSS or Atom feed: ${what}. ${advice}.`,
    );
  }
  if (/^(html|head|body)$/i.test(root)) {
    throw new FeedError(
      feedUrl,
      "not-a-feed",
      `Feed ${feedUrl} is not an RSS or Atom feed: it is an HTML page. ${advice} (often an address ending in /feed or /rss), not a web page.`,
    );
  }
}

/** Name of the first element, after any XML declaration, comments and DOCTYPE. */
function rootElement(text: string): string | undefined {
  const prolog =
    /^(?:\uFEFF|\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*/i;
  const rest = text.slice(prolog.exec(text)?.[0].length ?? 0);
  return /^<([A-Za-z_][\w:.-]*)/.exec(rest)?.[1];
}

function parseError(error: unknown, text: string, feedUrl: string): FeedError {
  const message = error instanceof Error ? error.message : String(error);
  // sax reports malformed XML as "<reason>\nLine: <0-based>\nColumn: <n>\nChar: <c>".
  const sax = /^([^\n]*)\nLine: (\d+)\nColumn: (\d+)/.exec(message);
  if (sax) {
    const [, reason, line, column] = sax;
    return new FeedError(
      feedUrl,
      "bad-xml",
      `Feed ${feedUrl} is not well-formed XML (line ${Number(line) + 1}, column ${column}: ${reason}). Its publisher has to fix it; https://validator.w3.org/feed/ shows where.`,
      { cause: error },
    );
  }
  return new FeedError(
    feedUrl,
    "not-a-feed",
    `Feed ${feedUrl} is not an RSS or Atom feed this bot can read (its root element is <${rootElement(text)}>). Check that FEED_URLS points at an RSS 0.9x/1.0/2.0 or Atom feed.`,
    { cause: error },
  );
}
