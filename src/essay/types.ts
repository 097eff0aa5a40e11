import type { Essay } from "../feed/types.js";

/**
 * One unit of an essay's body: a paragraph, list, quote, code block or heading-less chunk.
 * Boilerplate detection works on blocks, so both renderings live side by side.
 */
export interface Block {
  /** Plain text: entities decoded, whitespace normalised, list items as "• item" lines. */
  text: string;
  /** The same block as Slack mrkdwn, feed text escaped (&, <, >), links as <url|text>. */
  mrkdwn: string;
}

/**
 * A part of an essay between subheadings: what search indexes and returns.
 * The opening section (before the first subheading) has heading "" and anchor "".
 */
export interface Section {
  /** Unique across the corpus: `${essay.id}#${anchor}` (or `#` + index when the anchor repeats). */
  id: string;
  essay: EssayMeta;
  /** Subheading text ("" for the opening section). For an h3 nested under an h2: the h3's text. */
  heading: string;
  /** The h2 this section sits under, when `heading` is an h3 ("" otherwise). */
  parentHeading: string;
  /** Forem-style anchor slug of the heading ("" for the opening section). */
  anchor: string;
  /** Link to the section: `essay.url#anchor`, or `essay.url` for the opening section. */
  url: string;
  /** Body blocks, boilerplate already removed when the corpus was built. */
  blocks: Block[];
  /** Plain text of all blocks joined by blank lines. */
  text: string;
  /** Position of the section within its essay, 0 = opening. */
  position: number;
}

/** Essay fields a section carries (no body HTML: sections must stay small in memory). */
export interface EssayMeta {
  id: string;
  title: string;
  url: string;
  author: string;
  published: string | null;
  tags: string[];
  /** Whole minutes, at least 1: Forem's ceil(words / 275) (WORDS_READ_PER_MINUTE in forem/forem). */
  readingMinutes: number;
}

/** An essay after splitting: its metadata plus its sections in order. */
export interface SplitEssay {
  meta: EssayMeta;
  sections: Section[];
}

export type { Essay };
