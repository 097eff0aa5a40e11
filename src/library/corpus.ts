/**
 * A whole corpus at once, through the library's own steps (split each essay to its cache, take
 * out boilerplate, finish the sections): for callers with a fixed list of essays — benchmarks,
 * tests — so they search exactly what the bot would. Essays that cannot be split are left out.
 */

import { draftEssay } from "../essay/split.js";
import type { SplitEssay } from "../essay/types.js";
import type { Essay } from "../feed/types.js";
import { drain } from "../search/inverted-index.js";
import type { EssayRecord } from "../store/essay-store.js";
import { Shelf } from "./shelf.js";
import { type Splitter, splitToCache } from "./splitting.js";

export function buildCorpus(essays: readonly Essay[], splitter?: Splitter): SplitEssay[] {
  const shelf = new Shelf();
  // One essay per id, where it first appears, as the store keeps them; the last copy wins.
  const records = new Map<string, EssayRecord>();
  for (const { html, ...head } of essays) {
    shelf.set(head.id, splitToCache({ ...head, html }, splitter ?? draftEssay));
    const seq = records.get(head.id)?.seq ?? records.size;
    records.set(head.id, { head, bodyHash: "", firstSeen: "", seq });
  }
  return drain(shelf.indexable([...records.values()]));
}
