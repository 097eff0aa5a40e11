import { essayId } from "./identity.js";
import { plainText, stripInvisibleHtml, textOf, textToHtml } from "./text.js";
import type { Essay } from "./types.js";

/** An item as rss-parser returns it, plus our custom fields (see CUSTOM_FIELDS in parse.ts). */
export type RawItem = Record<string, unknown> & {
  itunes?: Record<string, unknown>;
};

/** What every item of one feed shares. */
export interface FeedContext {
  feedUrl: string;
  /** The feed's own author: the fallback for items that name none. */
  author: string;
  /** Where relative item links point from (Atom feeds often use `/path` links). */
  baseUrl: string | undefined;
}

/**
 * rss-parser items → Essays, in feed order.
 *
 * Skipped (silently: parsing is pure and has no logger): items with no title, no body and no link,
 * since there is nothing to show or link to (e.g. an Atom entry with only an <id>), and repeats
 * of an id already seen in the same feed, keeping the first, which is the newest in practice.
 */
export function toEssays(items: RawItem[], context: FeedContext): Essay[] {
  const essays: Essay[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const essay = toEssay(item, context);
    if (!essay.title && !essay.html && !essay.url) continue;
    if (seen.has(essay.id)) continue;
    seen.add(essay.id);
    essays.push(essay);
  }
  return essays;
}

function toEssay(item: RawItem, context: FeedContext): Essay {
  const title = plainText(textOf(item.title));
  const url = resolveLink(textOf(item.link).trim(), context.baseUrl);
  // rss-parser only sets isoDate from a date it could parse, and our Atom patch drops bad ones:
  // an unparseable date becomes null rather than failing the item or the feed.
  const published = validIso(textOf(item.isoDate));
  const rawDate = (textOf(item.pubDate) || textOf(item.date) || textOf(item.rawDate)).trim();
  const guid = (textOf(item.guid) || textOf(item.id) || textOf(item["rdf:about"])).trim();
  return {
    id: essayId({ guid, link: url, title, date: published ?? rawDate }),
    feedUrl: context.feedUrl,
    title,
    url,
    author: itemAuthor(item) || context.author,
    published,
    tags: itemTags(item),
    html: itemHtml(item),
  };
}

/** Body HTML, richest source first; plain-text sources are escaped so they stay text. */
function itemHtml(item: RawItem): string {
  const html = [item["content:encoded"], item.content, item.summary]
    .map((value) => textOf(value).trim())
    .find((value) => value !== "");
  if (html) return stripInvisibleHtml(html);
  const mediaGroup = item.mediaGroup as Record<string, unknown> | undefined;
  const text = [
    item.contentSnippet,
    item.mediaDescription,
    mediaGroup?.["media:description"],
    item.itunes?.summary,
  ]
    .map((value) => textOf(value).trim())
    .find((value) => value !== "");
  return text ? stripInvisibleHtml(textToHtml(text)) : "";
}

function itemAuthor(item: RawItem): string {
  for (const value of [item.creator, item.author, item.itunes?.author]) {
    const name = authorName(textOf(value));
    if (name) return name;
  }
  return "";
}

/** RSS <author> is meant to be an email, often `jo@example.com (Jo Example)`: keep the name. */
export function authorName(value: string): string {
  const text = plainText(value);
  return /^\S+@\S+\s*\((.+)\)$/.exec(text)?.[1]?.trim() ?? text;
}

/**
 * Tags from RSS <category> (a string, or `{ _: text }` with a domain attribute), Atom
 * <category term="…"/>, and RSS 1.0 dc:subject. Compared case-insensitively so "Leadership" and
 * "leadership" do not both show up; the first spelling wins.
 */
function itemTags(item: RawItem): string[] {
  const values = [...asArray(item.categoryElements), ...asArray(item.subjects)];
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const tag = plainText(categoryText(value));
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

function categoryText(value: unknown): string {
  const attributes = (value as { $?: Record<string, unknown> } | undefined)?.$;
  const text = textOf(value);
  if (text) return text;
  return typeof attributes?.term === "string" ? attributes.term : "";
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function validIso(value: string): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function resolveLink(link: string, baseUrl: string | undefined): string {
  // Absolute links are kept byte for byte: they may be ids, and URL() would normalise them.
  if (!link || !baseUrl || /^[a-z][a-z0-9+.-]*:/i.test(link)) return link;
  try {
    return new URL(link, baseUrl).href;
  } catch {
    return link;
  }
}
