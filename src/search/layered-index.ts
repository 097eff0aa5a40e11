/**
 * A full index with the essays changed since it was built laid over it: a small index of just
 * those essays (built in milliseconds, weighed against the full one), and the full index's
 * sections of the same essays hidden. A changed or new essay is searchable as soon as it is
 * split, instead of after a full rebuild (tens of seconds at 100k sections); the rebuild still
 * follows and replaces this, so scores are exact again once it lands.
 *
 * Results are the two indexes' ranked lists merged by score. Both score with the full index's
 * section counts (see PriorCounts), so a changed essay ranks about where the rebuild will put it.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { type Notices, newestFirst, type Ranked, type SearchIndex } from "./search-index.js";
import type { ServingIndex } from "./serving-index.js";
import type { Hit, SearchPage, SearchResult } from "./types.js";

export class LayeredIndex implements ServingIndex {
  readonly #base: SearchIndex;
  readonly #top: SearchIndex;
  /** Base section numbers of the essays the top replaces or that were removed: 1 = hidden. */
  readonly #hidden: Uint8Array;
  readonly #hiddenEssays: ReadonlySet<string>;
  readonly #hiddenSections: number;
  readonly #hiddenEssayCount: number;

  /** `replaced`: ids of every essay changed or removed since `base` was built. */
  constructor(base: SearchIndex, top: SearchIndex, replaced: ReadonlySet<string>) {
    this.#base = base;
    this.#top = top;
    this.#hiddenEssays = replaced;
    this.#hidden = base.sectionsOf(replaced);
    this.#hiddenSections = this.#hidden.reduce((n, h) => n + h, 0);
    this.#hiddenEssayCount = base.essays.filter((e) => replaced.has(e.meta.id)).length;
  }

  get essayCount(): number {
    return this.#base.essayCount - this.#hiddenEssayCount + this.#top.essayCount;
  }

  get sectionCount(): number {
    return this.#base.sectionCount - this.#hiddenSections + this.#top.sectionCount;
  }

  search(query: string, limit = Number.POSITIVE_INFINITY): SearchResult {
    const merged = this.#merged(query);
    const count = Math.min(merged.total, Math.max(0, Math.floor(limit)));
    const hits: Hit[] = [];
    for (const at of merged.positions()) {
      if (hits.length >= count) break;
      hits.push(at.ranked.hit(at.i).toJSON());
    }
    return {
      query: merged.text,
      total: merged.total,
      hits,
      suggestions: merged.suggestions,
      ...merged.notices,
    };
  }

  page(query: string, offset: number, size: number): SearchPage {
    const merged = this.#merged(query);
    const { total } = merged;
    const perPage = Math.max(1, Math.floor(size) || 1);
    const last = total === 0 ? 0 : Math.floor((total - 1) / perPage) * perPage;
    const from = Math.min(Math.max(0, Math.floor(offset) || 0), last);
    const hits: Hit[] = [];
    let i = 0;
    for (const at of merged.positions()) {
      if (i++ < from) continue;
      if (hits.length >= perPage) break;
      hits.push(at.ranked.hit(at.i).toJSON());
    }
    return {
      query: merged.text,
      total,
      offset: from,
      hits,
      suggestions: merged.suggestions,
      ...merged.notices,
    };
  }

  hitFor(query: string, sectionId: string): Hit | undefined {
    for (const { ranked, i } of this.#merged(query).positions()) {
      if (ranked.sectionAt(i).id === sectionId) return ranked.hit(i).toJSON();
    }
    return undefined;
  }

  latest(n: number): SplitEssay[] {
    if (!(n > 0)) return [];
    // The base's n newest may include hidden ones: ask for enough to be left with n.
    const base = this.#base
      .latest(Math.floor(n) + this.#hiddenEssayCount)
      .filter((e) => !this.#hiddenEssays.has(e.meta.id));
    // Stable: among undated essays, the base's (older) come before the changed ones.
    return [...base, ...this.#top.latest(n)].sort(newestFirst).slice(0, Math.floor(n));
  }

  findByUrl(url: string): { essay: SplitEssay; section?: Section } | undefined {
    const top = this.#top.findByUrl(url);
    if (top) return top;
    const base = this.#base.findByUrl(url);
    return base && !this.#hiddenEssays.has(base.essay.meta.id) ? base : undefined;
  }

  /**
   * The full index's weight, which the top is weighed against too; a word only the changed
   * essays have weighs what the top gives it until the rebuild lands.
   */
  termWeight(key: string): number | undefined {
    return this.#base.termWeight(key) ?? this.#top.termWeight(key);
  }

  #merged(query: string): Merged {
    const base = this.#base.run(query);
    const top = this.#top.run(query);
    const hidden = this.#hidden;
    let hiddenMatches = 0;
    for (const doc of base.ranked?.docs ?? []) hiddenMatches += hidden[doc] ?? 0;
    const total = (base.ranked?.length ?? 0) - hiddenMatches + (top.ranked?.length ?? 0);
    return {
      text: base.text,
      total,
      suggestions: total > 0 ? [] : unique([...base.suggestions, ...top.suggestions]),
      notices: mergeNotices(base.notices, top.notices),
      positions: () => mergeByScore(base.ranked, top.ranked, hidden),
    };
  }
}

interface Merged {
  text: string;
  total: number;
  suggestions: string[];
  notices: Notices;
  /** Where each result is, best first: hits are made only for the ones read. */
  positions(): Generator<{ ranked: Ranked; i: number }>;
}

/** Both lists in their own order, interleaved by score (the base first on a tie). */
function* mergeByScore(
  base: Ranked | undefined,
  top: Ranked | undefined,
  hidden: Uint8Array,
): Generator<{ ranked: Ranked; i: number }> {
  let i = 0;
  let j = 0;
  const baseLength = base?.length ?? 0;
  const topLength = top?.length ?? 0;
  for (;;) {
    while (base && i < baseLength && hidden[base.docAt(i)] === 1) i++;
    const fromBase = base && i < baseLength;
    const fromTop = top && j < topLength;
    if (!fromBase && !fromTop) return;
    if (fromBase && (!fromTop || base.scoreAt(i) >= top.scoreAt(j))) {
      yield { ranked: base, i: i++ };
    } else if (top) {
      yield { ranked: top, i: j++ };
    }
  }
}

/** A word is unmatched when neither layer has it; a correction from the full index comes first. */
function mergeNotices(base: Notices = {}, top: Notices = {}): Notices {
  const unmatched = (base.unmatched ?? []).filter((w) => top.unmatched?.includes(w));
  const corrected = base.corrected ?? top.corrected;
  const related = base.related ?? top.related;
  return {
    ...(corrected === undefined ? {} : { corrected }),
    ...(unmatched.length === 0 ? {} : { unmatched }),
    ...(related === undefined ? {} : { related }),
  };
}

function unique(words: string[]): string[] {
  return [...new Set(words)];
}
