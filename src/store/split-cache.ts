/**
 * The split result the store keeps beside an essay, so an essay is split once, when it is added
 * or changed, and never again at a restart. Plain data (no classes), so any store can save it.
 */
import type { SectionDraft } from "../essay/sections.js";
import type { EssayMeta } from "../essay/types.js";

/**
 * Bump when the splitter's output changes (headings, blocks, text or mrkdwn rules): every cached
 * split of another version is redone, from the stored body, at the next start.
 */
export const SPLIT_VERSION = 1;

export type SplitCache =
  | {
      version: number;
      ok: true;
      meta: EssayMeta;
      drafts: SectionDraft[];
      /** Per draft, per block: the block's boilerplate key, hashed (see essay/boilerplate.ts). */
      keys: string[][];
    }
  | {
      version: number;
      ok: false;
      /** Title, link, date and tags still stand: the essay is announced even when set aside. */
      meta: EssayMeta;
      /** Why the essay could not be split: shown in /healthz under `quarantined`. */
      reason: string;
    };
