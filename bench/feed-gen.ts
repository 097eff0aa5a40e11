/**
 * Writes an RSS 2.0 feed of any number of items grown from the reference essays, for the ingest
 * benchmark. Each item's body is real reference markup (paragraphs, quotes, lists, links, emphasis)
 * reshuffled: its top-level blocks are sampled, mostly from one reference essay (its topic, as in
 * corpus-gen.ts) and partly from all of them, under reference headings, with words swapped in the text between tags (see word-swap.ts), and every item ends
 * with the reference's recurring sign-off, so boilerplate detection has real work to do.
 * Deterministic for a given seed.
 */
import * as cheerio from "cheerio";
import type { Essay } from "../src/feed/types.js";
import { seeded } from "./prng.js";
import { vocabularyOf, WordSwapper } from "./word-swap.js";

export interface FeedTopic {
  blocks: string[];
  headings: string[];
  title: string;
}

export interface FeedPools {
  /** Top-level non-heading blocks, as HTML. */
  blocks: string[];
  /** Per reference essay: its blocks, headings and title. */
  topics: FeedTopic[];
  headings: string[];
  /** Blocks per section, as the reference has them. */
  sectionLengths: number[];
  /** Sections per essay. */
  essayLengths: number[];
  titles: string[];
  tags: string[];
  /** The block most reference essays end with (a newsletter sign-off), or "" if none repeats. */
  signOff: string;
  words: string[];
  tokens: number;
}

const HEADING = /^h[1-3]$/;
/** Share of an item's blocks and headings taken from its topic; the rest from anywhere. */
const TOPIC_SHARE = 0.8;

export function feedPools(essays: readonly Essay[]): FeedPools {
  const blocks: string[] = [];
  const headings: string[] = [];
  const sectionLengths: number[] = [];
  const essayLengths: number[] = [];
  const endings = new Map<string, number>();
  const topics: FeedTopic[] = [];
  for (const essay of essays) {
    const topic: FeedTopic = { blocks: [], headings: [], title: essay.title };
    topics.push(topic);
    const $ = cheerio.load(essay.html, null, false);
    const elements = $.root().children().toArray();
    let sections = 1;
    let length = 0;
    let last = "";
    for (const element of elements) {
      if (HEADING.test(element.tagName)) {
        headings.push($(element).text().trim());
        topic.headings.push($(element).text().trim());
        sectionLengths.push(length);
        length = 0;
        sections++;
        continue;
      }
      last = $.html(element);
      blocks.push(last);
      topic.blocks.push(last);
      length++;
    }
    sectionLengths.push(length);
    essayLengths.push(sections);
    if (last) endings.set(last, (endings.get(last) ?? 0) + 1);
  }
  const [signOff, seen] = [...endings].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  const { words, tokens } = vocabularyOf(essays.map((e) => cheerio.load(e.html).text()));
  const notSignOff = (b: string) => b !== signOff;
  return {
    blocks: blocks.filter(notSignOff),
    topics: topics
      .map((t) => ({ ...t, blocks: t.blocks.filter(notSignOff) }))
      .filter((t) => t.blocks.length > 0),
    headings,
    sectionLengths: sectionLengths.map((n) => Math.max(1, n)),
    essayLengths,
    titles: essays.map((e) => e.title),
    tags: [...new Set(essays.flatMap((e) => e.tags))],
    signOff: seen > 1 ? signOff : "",
    words,
    tokens,
  };
}

export interface FeedOptions {
  items: number;
  seed?: number;
  swapRate?: number;
}

export function generateFeed(pools: FeedPools, opts: FeedOptions): string {
  const random = seeded(opts.seed ?? 7);
  const swapper = new WordSwapper(random, { words: pools.words, referenceTokens: pools.tokens });
  const rate = opts.swapRate ?? 0.2;
  const items: string[] = [];
  for (let i = 0; i < opts.items; i++) {
    const topic = random.pick(pools.topics);
    const onTopic = (own: readonly string[], all: readonly string[]) =>
      random.pick(own.length > 0 && random.chance(TOPIC_SHARE) ? own : all);
    const parts: string[] = [];
    const sections = random.pick(pools.essayLengths);
    for (let s = 0; s < sections; s++) {
      if (s > 0)
        parts.push(
          `<h2>${escapeXml(swapper.swap(onTopic(topic.headings, pools.headings), rate * 1.75))}</h2>`,
        );
      const length = random.pick(pools.sectionLengths);
      for (let b = 0; b < length; b++)
        parts.push(swapper.swapHtml(onTopic(topic.blocks, pools.blocks), rate));
    }
    if (pools.signOff) parts.push(pools.signOff);
    const slug = `essay-${i}`;
    const link = `https://bench.example/author/${slug}`;
    const date = new Date(Date.UTC(2026, 4, 18, 15) - i * 86_400_000).toUTCString();
    const tagCount = random.between(1, 4);
    const tags = new Set<string>();
    while (tags.size < Math.min(tagCount, pools.tags.length)) tags.add(random.pick(pools.tags));
    items.push(
      [
        "    <item>",
        `      <title>${escapeXml(swapper.swap(onTopic([topic.title], pools.titles), rate * 1.75))}</title>`,
        "      <dc:creator>Bench Author</dc:creator>",
        `      <pubDate>${date}</pubDate>`,
        `      <link>${link}</link>`,
        `      <guid>${link}</guid>`,
        `      <description>${escapeXml(parts.join("\n\n"))}</description>`,
        ...[...tags].map((t) => `      <category>${escapeXml(t)}</category>`),
        "    </item>",
      ].join("\n"),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    "  <channel>",
    "    <title>Bench: generated essays</title>",
    "    <link>https://bench.example/author</link>",
    "    <description>Essays grown from the reference feed for the ingest benchmark.</description>",
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
