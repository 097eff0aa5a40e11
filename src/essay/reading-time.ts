/**
 * Reading time the way Forem shows it, so "5 min read" in Slack matches the essay's own page.
 * Source: forem/forem app/services/markdown_processor/parser.rb:
 *
 *     WORDS_READ_PER_MINUTE = 275.0
 *     def calculate_reading_time
 *       word_count = @content.split(/\W+/).count
 *       (word_count / WORDS_READ_PER_MINUTE).ceil
 *     end
 *
 * `@content` is the article's Markdown, which we never see: we count the same kind of words in the
 * HTML's text plus its link and image addresses (Markdown spells those out, and Ruby's `\W` splits
 * them into words too). We add a floor of 1 minute: a "0 min read" tells a reader nothing.
 */
import type { AnyNode } from "domhandler";
import { DROPPED, isElement, isText } from "./dom.js";

export const FOREM_WORDS_PER_MINUTE = 275;

/** Whole minutes for `words` words: Forem's ceil(words / 275), at least 1. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.ceil(words / FOREM_WORDS_PER_MINUTE));
}

/**
 * Words as Forem counts them: runs of Ruby's `\w`, which is ASCII-only ([A-Za-z0-9_]), so
 * "don't" is two words and "日本語" none. A plain loop: this runs over every text node of every
 * essay, and a regex match would allocate an array per node.
 */
export function countForemWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isWord = code < 0x80 && WORD_CHAR[code] === 1;
    if (isWord && !inWord) words++;
    inWord = isWord;
  }
  return words;
}

/** Ruby's `\w` by ASCII code ([A-Za-z0-9_]): one lookup per character instead of four tests. */
const WORD_CHAR = new Uint8Array(0x80);
for (const c of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") {
  WORD_CHAR[c.charCodeAt(0)] = 1;
}

/**
 * Words in a parsed essay body: every text node (scripts and styles excluded) plus link and image
 * addresses and alt text, with node boundaries counted as word boundaries, as Markdown's markup
 * characters are.
 */
export function countBodyWords(nodes: readonly AnyNode[]): number {
  let words = 0;
  // An explicit stack, not recursion: a feed can nest tags deeper than the call stack (see
  // dom.ts). A count does not depend on the order nodes are visited in.
  const stack: AnyNode[] = [...nodes];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isText(node)) {
      words += countForemWords(node.data);
      continue;
    }
    if (!isElement(node)) continue;
    if (node.name === "a") words += countForemWords(node.attribs.href ?? "");
    if (node.name === "img") {
      words += countForemWords(`${node.attribs.alt ?? ""} ${node.attribs.src ?? ""}`);
    }
    if (DROPPED.has(node.name)) continue;
    for (const child of node.children) stack.push(child);
  }
  return words;
}
