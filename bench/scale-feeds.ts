/**
 * The scale benchmark's corpus: RSS files grown from the reference essays (feed-gen.ts), sized in
 * sections, split over several local feed files because the bot refuses a feed over 10 MB, and the
 * one new item the "changed refresh" phase adds.
 *
 * The items are generated as ONE feed and then cut at item boundaries, so every item keeps a
 * distinct link, guid and date (generating each file separately would repeat essay-0, essay-1, …).
 */
import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type FeedPools, feedPools, generateFeed } from "./feed-gen.js";
import { loadReference } from "./reference.js";

/** The made-up word the changed item carries: in no reference essay and in no generated one. */
export const UNIQUE_WORD = "zorblaxian";
/** The changed item's link: a hit for UNIQUE_WORD must link to it (a no-match reply echoes the word). */
export const UNIQUE_LINK = "https://bench.example/author/zorblaxian-scale-check";

/** Items per feed file: ~12 KB each, so ~1.3 MB a file, far below the 10 MB cap. */
const MAX_ITEMS_PER_FILE = 110;
/** At least this many files, so even the 1k corpus is "several feeds". */
const MIN_FILES = 4;
/** Leaves room under the bot's 10 MB cap (10 × 1024²) for the item the benchmark adds. */
const MAX_FILE_BYTES = 9 * 1024 * 1024;
const CALIBRATION_ITEMS = 2_000;

export interface ScaleCorpus {
  files: string[];
  items: number;
  bytes: number;
  largestFileBytes: number;
  /** Sections by the generator's structure; each checkout's /healthz is authoritative. */
  estimatedSections: number;
}

let pools: FeedPools | undefined;

async function referencePools(): Promise<FeedPools> {
  pools ??= feedPools((await loadReference()).essays);
  return pools;
}

/**
 * Sections per generated item, counted from the generator's own structure (an opening section,
 * then one per <h2>) on a sample. It is only used to choose how many items to generate: each
 * checkout's /healthz says how many sections it actually made of them (the splitter at e1527fa
 * counts within 0.5% of this). Counting with src/'s splitter instead would tie the benchmark to
 * the internals it is meant to compare.
 */
export async function sectionsPerItem(seed: number): Promise<number> {
  const xml = generateFeed(await referencePools(), { items: CALIBRATION_ITEMS, seed });
  const headings = xml.match(/&lt;h2&gt;/g)?.length ?? 0;
  return (CALIBRATION_ITEMS + headings) / CALIBRATION_ITEMS;
}

/** Writes feed-000.xml, feed-001.xml, … into dir: about `sections` sections in all. */
export async function writeCorpus(
  dir: string,
  opts: { sections: number; seed: number; perItem: number },
): Promise<ScaleCorpus> {
  const items = Math.max(MIN_FILES, Math.ceil(opts.sections / opts.perItem));
  const xml = generateFeed(await referencePools(), { items, seed: opts.seed });
  const { head, bodies, tail } = splitItems(xml);
  if (bodies.length !== items) {
    throw new Error(
      `scale benchmark: generated ${items} items but found ${bodies.length} in the XML`,
    );
  }
  const perFile = Math.min(MAX_ITEMS_PER_FILE, Math.ceil(items / MIN_FILES));
  const files: string[] = [];
  let bytes = 0;
  let largest = 0;
  for (let i = 0; i * perFile < items; i++) {
    const file = join(dir, `feed-${String(i).padStart(3, "0")}.xml`);
    const text = [head, ...bodies.slice(i * perFile, (i + 1) * perFile), tail].join("\n");
    const size = Buffer.byteLength(text);
    if (size > MAX_FILE_BYTES) {
      throw new Error(
        `scale benchmark: ${file} would be ${size} bytes, over the ${MAX_FILE_BYTES}-byte budget; lower MAX_ITEMS_PER_FILE`,
      );
    }
    await writeFile(file, text);
    files.push(file);
    bytes += size;
    largest = Math.max(largest, size);
  }
  return {
    files,
    items,
    bytes,
    largestFileBytes: largest,
    estimatedSections: Math.round(items * opts.perItem),
  };
}

const ITEM = /^ {4}<item>\n[\s\S]*?\n {4}<\/item>$/gm;

/** The feed's channel header, its items (descriptions are escaped, so no literal </item> inside), its footer. */
function splitItems(xml: string): { head: string; bodies: string[]; tail: string } {
  const bodies = xml.match(ITEM) ?? [];
  const first = xml.indexOf("    <item>");
  const last = xml.lastIndexOf("    </item>") + "    </item>".length;
  return { head: xml.slice(0, first).trimEnd(), bodies, tail: xml.slice(last).trimStart() };
}

/**
 * One new item, generated like the rest (a different seed), dated now so it is the newest, with
 * its own link and UNIQUE_WORD in its opening paragraph.
 */
export async function changedItem(seed: number): Promise<string> {
  const xml = generateFeed(await referencePools(), { items: 1, seed: seed + 1_000_003 });
  const item = splitItems(xml).bodies[0];
  if (!item) throw new Error("scale benchmark: could not generate the changed item");
  const opening = `&lt;p&gt;The ${UNIQUE_WORD} way of running a team, in one sentence.&lt;/p&gt;\n\n`;
  return item
    .replaceAll("https://bench.example/author/essay-0", UNIQUE_LINK)
    .replace(/<pubDate>[^<]*<\/pubDate>/, `<pubDate>${new Date().toUTCString()}</pubDate>`)
    .replace("<description>", `<description>${opening}`);
}

/**
 * Adds the item at the top of the feed (newest first, as feeds are), writing a temp file and
 * renaming it over the feed so the bot never reads a half-written file.
 */
export async function addItem(file: string, current: string, item: string): Promise<void> {
  const at = current.indexOf("    <item>");
  if (at < 0) throw new Error(`scale benchmark: ${file} has no <item> to insert before`);
  const next = `${current.slice(0, at)}${item}\n${current.slice(at)}`;
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, next);
  await rename(temp, file);
}
