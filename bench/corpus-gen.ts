/**
 * Grows a corpus of any number of sections from the reference essays, for the search benchmark.
 * Sections are built directly (no HTML round trip): each takes the block/sentence shape of a
 * random reference section and fills it with reference sentences, with words swapped (see
 * word-swap.ts). Each generated essay has a topic, one reference essay that most of its sentences,
 * headings, title and tags come from: drawing every sentence from the whole pool would spread a
 * topical word like "promotion" over far more sections than real writing does, and inflate the
 * hit counts search has to rank. Headings and titles get more of their words swapped, so they
 * vary too. Deterministic for a given seed.
 */
import { foremSlug } from "../src/essay/slug.js";
import type { Block, EssayMeta, Section, SplitEssay } from "../src/essay/types.js";
import { escapeMrkdwn } from "../src/mrkdwn/escape.js";
import { type Random, seeded } from "./prng.js";
import { vocabularyOf, WordSwapper } from "./word-swap.js";

export interface Topic {
  sentences: string[];
  headings: string[];
  title: string;
  tags: string[];
}

export interface ReferencePools {
  /** Every sentence of every reference section. */
  sentences: string[];
  /** Per reference essay: its sentences, headings, title and tags. */
  topics: Topic[];
  /** Per reference section: how many sentences each of its blocks has. */
  shapes: number[][];
  /** Sections per reference essay. */
  essayLengths: number[];
  headings: string[];
  titles: string[];
  tags: string[];
  /** Reference words, most frequent first. */
  words: string[];
  tokens: number;
}

const SENTENCE_END = /(?<=[.!?…])\s+/;
/** Share of an essay's sentences and headings taken from its topic; the rest from anywhere. */
const TOPIC_SHARE = 0.8;

function sentencesOf(section: Section): string[] {
  return section.blocks.flatMap((b) => b.text.split(SENTENCE_END).filter((t) => t.trim() !== ""));
}

export function referencePools(corpus: readonly SplitEssay[]): ReferencePools {
  const sections = corpus.flatMap((e) => e.sections);
  if (sections.length === 0) throw new Error("referencePools: the reference corpus is empty");
  const sentences = sections.flatMap(sentencesOf);
  const topics = corpus.map((e) => ({
    sentences: e.sections.flatMap(sentencesOf),
    headings: e.sections.map((s) => s.heading).filter((h) => h !== ""),
    title: e.meta.title,
    tags: e.meta.tags,
  }));
  const shapes = sections.map((s) =>
    s.blocks.map((b) => Math.max(1, b.text.split(SENTENCE_END).length)),
  );
  const { words, tokens } = vocabularyOf(sections.map((s) => `${s.heading} ${s.text}`));
  return {
    sentences,
    topics: topics.filter((t) => t.sentences.length > 0),
    shapes,
    essayLengths: corpus.map((e) => e.sections.length),
    headings: sections.map((s) => s.heading).filter((h) => h !== ""),
    titles: corpus.map((e) => e.meta.title),
    tags: [...new Set(corpus.flatMap((e) => e.meta.tags))],
    words,
    tokens,
  };
}

export interface GenerateOptions {
  /** Exactly this many sections are generated. */
  sections: number;
  seed?: number;
  /** Share of body words swapped for vocabulary words (headings and titles get more). */
  swapRate?: number;
}

export function generateCorpus(pools: ReferencePools, opts: GenerateOptions): SplitEssay[] {
  const random = seeded(opts.seed ?? 42);
  const swapper = new WordSwapper(random, { words: pools.words, referenceTokens: pools.tokens });
  const rate = opts.swapRate ?? 0.2;
  const essays: SplitEssay[] = [];
  let remaining = opts.sections;
  for (let i = 0; remaining > 0; i++) {
    const length = Math.min(remaining, random.pick(pools.essayLengths));
    essays.push(generateEssay(i, length, pools, random, swapper, rate));
    remaining -= length;
  }
  return essays;
}

function generateEssay(
  index: number,
  sectionCount: number,
  pools: ReferencePools,
  random: Random,
  swapper: WordSwapper,
  rate: number,
): SplitEssay {
  const url = `https://bench.example/essays/essay-${index}`;
  const topic = random.pick(pools.topics);
  const onTopic = <T>(own: readonly T[], all: readonly T[]) =>
    random.pick(own.length > 0 && random.chance(TOPIC_SHARE) ? own : all);
  const tags = pickTags(topic, pools, random, swapper);
  const drafts = Array.from({ length: sectionCount }, (_, position) => ({
    heading:
      position === 0 ? "" : swapper.swap(onTopic(topic.headings, pools.headings), rate * 1.75),
    blocks: random
      .pick(pools.shapes)
      .map((count) =>
        Array.from({ length: count }, () => onTopic(topic.sentences, pools.sentences)).join(" "),
      ),
  }));
  const bodies = drafts.map((d) => d.blocks.map((b) => swapper.swap(b, rate)));
  const wordCount = bodies.flat().join(" ").split(/\s+/).length;
  const meta: EssayMeta = {
    id: url,
    title: swapper.swap(
      random.chance(TOPIC_SHARE) ? topic.title : random.pick(pools.titles),
      rate * 1.75,
    ),
    url,
    author: "Bench Author",
    // One essay a day going back from a fixed date: deterministic, and `latest` has an order.
    published: new Date(Date.UTC(2026, 4, 18) - index * 86_400_000).toISOString(),
    tags,
    readingMinutes: Math.max(1, Math.ceil(wordCount / 238)),
  };
  const anchors = new Set<string>();
  const sections = drafts.map((draft, position): Section => {
    const anchor = draft.heading ? foremSlug(draft.heading) : "";
    const id = anchors.has(anchor) ? `${url}#${position}` : `${url}#${anchor}`;
    anchors.add(anchor);
    const blocks: Block[] = (bodies[position] ?? []).map((text) => ({
      text,
      mrkdwn: escapeMrkdwn(text),
    }));
    return {
      id,
      essay: meta,
      heading: draft.heading,
      parentHeading: "",
      anchor,
      url: anchor ? `${url}#${anchor}` : url,
      blocks,
      text: blocks.map((b) => b.text).join("\n\n"),
      position,
    };
  });
  return { meta, sections };
}

/** One to four tags, mostly the topic's; now and then a vocabulary word as a tag of its own. */
function pickTags(
  topic: Topic,
  pools: ReferencePools,
  random: Random,
  swapper: WordSwapper,
): string[] {
  const tags = new Set<string>();
  const count = random.between(1, 4);
  while (tags.size < Math.min(count, pools.tags.length)) tags.add(onTopicTag(topic, pools, random));
  if (random.chance(0.3)) tags.add(swapper.swap("tag", 1).toLowerCase());
  return [...tags];
}

function onTopicTag(topic: Topic, pools: ReferencePools, random: Random): string {
  return random.pick(topic.tags.length > 0 && random.chance(TOPIC_SHARE) ? topic.tags : pools.tags);
}
