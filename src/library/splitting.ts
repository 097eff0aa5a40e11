/**
 * Splitting one essay for the library: the splitter's drafts plus each block's boilerplate key,
 * as a cache the store keeps. Any failure (an exception, a body or outline too large to be a
 * real essay) becomes a cache entry that says why, so the essay is set aside once, not retried
 * on every refresh, and never stops the other essays.
 */
import { createHash } from "node:crypto";
import { blockKey } from "../essay/boilerplate.js";
import { essayMeta } from "../essay/meta.js";
import { countForemWords } from "../essay/reading-time.js";
import type { SectionDraft } from "../essay/sections.js";
import type { EssayMeta } from "../essay/types.js";
import type { Essay } from "../feed/types.js";
import { SPLIT_VERSION, type SplitCache } from "../store/split-cache.js";
import { compactBlock } from "./compact.js";

/**
 * Turns an essay into its metadata and section drafts: essay/split.ts's `draftEssay` in
 * production, passed in so that this module (which the bot's main thread loads) needs no HTML
 * parser; the main thread splits nothing, the worker does.
 */
export type Splitter = (essay: Essay) => { meta: EssayMeta; drafts: SectionDraft[] };

export interface SplitLimits {
  /**
   * Longest body split, in characters. Essays run to tens of kilobytes; a multi-megabyte body is
   * a broken feed or an attack, and splitting it would hold the event loop for seconds.
   * @example { maxBodyChars: 2_000_000 }
   */
  maxBodyChars: number;
  /** Most sections one essay may have; more is not an essay anyone reads section by section. */
  maxSections: number;
}

export const SPLIT_LIMITS: SplitLimits = { maxBodyChars: 2_000_000, maxSections: 1_000 };

export function splitToCache(
  essay: Essay,
  splitter: Splitter,
  limits: SplitLimits = SPLIT_LIMITS,
): SplitCache {
  if (essay.html.length > limits.maxBodyChars) {
    return failed(
      essay,
      `its body has ${essay.html.length.toLocaleString("en")} characters, over the ${limits.maxBodyChars.toLocaleString("en")} an essay may have`,
    );
  }
  try {
    const { meta, drafts } = splitter(essay);
    if (drafts.length > limits.maxSections) {
      return failed(
        essay,
        `it has ${drafts.length} sections, over the ${limits.maxSections} allowed`,
      );
    }
    const keys = drafts.map((draft) => draft.blocks.map((block) => hashKey(blockKey(block))));
    return { version: SPLIT_VERSION, ok: true, meta, drafts: compactDrafts(drafts), keys };
  } catch (err) {
    return failed(essay, `splitting failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * True when a cache read back from a store was made by this splitter and has the right shape;
 * its blocks are then made compact in place (see compact.ts), as a fresh split's are.
 */
export function isCurrent(cache: SplitCache | undefined): cache is SplitCache {
  if (typeof cache !== "object" || cache === null || cache.version !== SPLIT_VERSION) return false;
  if (!cache.ok) return typeof cache.reason === "string" && typeof cache.meta === "object";
  const usable =
    typeof cache.meta === "object" &&
    Array.isArray(cache.drafts) &&
    Array.isArray(cache.keys) &&
    cache.keys.length === cache.drafts.length &&
    cache.drafts.every(
      (draft) =>
        Array.isArray(draft?.blocks) && draft.blocks.every((b) => typeof b?.text === "string"),
    );
  if (usable) {
    // In place: the cache was just read from the store and is this library's alone.
    for (const draft of cache.drafts) {
      for (const [b, block] of draft.blocks.entries()) draft.blocks[b] = compactBlock(block);
    }
  }
  return usable;
}

function compactDrafts(drafts: SectionDraft[]): SectionDraft[] {
  return drafts.map((draft) => ({ ...draft, blocks: draft.blocks.map(compactBlock) }));
}

/** Boilerplate keys are whole paragraphs: a short hash keeps them small in memory and on disk. */
function hashKey(key: string): string {
  return key === "" ? "" : createHash("sha1").update(key).digest("base64url").slice(0, 16);
}

/** Set aside, with metadata good enough to announce and list the essay by title and link. */
export function failed(essay: Essay, reason: string): SplitCache {
  const meta = essayMeta(essay, countForemWords(textOutsideTags(essay.html)));
  return { version: SPLIT_VERSION, ok: false, meta, reason };
}

/**
 * The HTML with its tags blanked out, in one linear pass: this HTML is what could not be parsed,
 * so nothing parses it, and a regex over `<<<<…` would backtrack quadratically.
 */
function textOutsideTags(html: string): string {
  let out = "";
  let from = 0;
  let inTag = false;
  for (let i = 0; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (!inTag && c === 0x3c) {
      out += `${html.slice(from, i)} `;
      inTag = true;
    } else if (inTag && c === 0x3e) {
      inTag = false;
      from = i + 1;
    }
  }
  return inTag ? out : out + html.slice(from);
}
