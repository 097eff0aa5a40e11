/**
 * An essay's metadata. Apart from split.ts, which parses HTML, so that setting an essay aside
 * (library/splitting.ts) needs no HTML parser on the bot's main thread.
 */
import type { Essay } from "../feed/types.js";
import { readingMinutes } from "./reading-time.js";
import type { EssayMeta } from "./types.js";

/** What every section carries of its essay, with its reading time from a count of its words. */
export function essayMeta(essay: Essay, words: number): EssayMeta {
  const { id, title, url, author, published, tags } = essay;
  return { id, title, url, author, published, tags, readingMinutes: readingMinutes(words) };
}
