/**
 * The split essays the index is built from. Each essay is split once (its cache comes from the
 * store or from splitting it when it arrived); here its sections are finished with the current
 * boilerplate taken out, and kept until the boilerplate changes. Essays set aside (splitting
 * failed, or indexing did) are listed with why, and still announced by title and link.
 */
import { keptSections, sectionFields } from "../essay/sections.js";
import type { EssayMeta, SplitEssay } from "../essay/types.js";
import type { EssayRecord } from "../store/essay-store.js";
import type { SplitCache } from "../store/split-cache.js";
import { BoilerplateCounts } from "./boilerplate-counts.js";
import { CompactSection } from "./compact.js";

/** An essay set aside, as /healthz lists it. */
export interface Quarantined {
  id: string;
  title: string;
  link: string;
  reason: string;
}

interface Entry {
  cache: SplitCache;
  /** Finished sections, made under boilerplate generation `generation`. */
  finished?: SplitEssay;
  generation: number;
  /** Set when the index build could not read this essay (same content, so not retried). */
  indexFailure?: string;
}

export class Shelf {
  readonly #entries = new Map<string, Entry>();
  readonly #boilerplate = new BoilerplateCounts();

  /** Puts (or replaces) an essay's split. */
  set(id: string, cache: SplitCache): void {
    this.#entries.set(id, { cache, generation: -1 });
    if (cache.ok) this.#boilerplate.set(id, cache.keys);
    else this.#boilerplate.remove(id);
  }

  remove(id: string): void {
    this.#entries.delete(id);
    this.#boilerplate.remove(id);
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** Marks an essay the index build had to leave out. */
  indexFailed(id: string, reason: string): void {
    const entry = this.#entries.get(id);
    if (entry) entry.indexFailure = reason;
  }

  /**
   * The essays to index, in the records' order, sections finished under the current
   * boilerplate. One that cannot be finished is set aside like one that could not be split.
   */
  *indexable(records: readonly EssayRecord[]): Generator<void, SplitEssay[]> {
    const out: SplitEssay[] = [];
    for (const record of records) {
      const entry = this.#entries.get(record.head.id);
      if (!entry?.cache.ok || entry.indexFailure) continue;
      const essay = this.#finish(entry);
      if (essay) out.push(essay);
      yield;
    }
    return out;
  }

  /** Every essay, for announcing: split ones with their sections, set-aside ones by metadata. */
  announceable(records: readonly EssayRecord[]): SplitEssay[] {
    const out: SplitEssay[] = [];
    for (const record of records) {
      const entry = this.#entries.get(record.head.id);
      if (!entry) continue;
      const finished = entry.cache.ok && !entry.indexFailure ? entry.finished : undefined;
      out.push(finished ?? { meta: entry.cache.meta, sections: [] });
    }
    return out;
  }

  quarantined(records: readonly EssayRecord[]): Quarantined[] {
    const out: Quarantined[] = [];
    for (const record of records) {
      const entry = this.#entries.get(record.head.id);
      const reason = entry && (entry.cache.ok ? entry.indexFailure : entry.cache.reason);
      if (reason) out.push(describe(record.head.id, entry.cache.meta, reason));
    }
    return out;
  }

  #finish(entry: Entry): SplitEssay | undefined {
    const generation = this.#boilerplate.generation;
    if (entry.finished && entry.generation === generation) return entry.finished;
    const cache = entry.cache;
    if (!cache.ok) return undefined;
    try {
      const boilerplate = (d: number, b: number) =>
        this.#boilerplate.isBoilerplate(cache.keys[d]?.[b] ?? "");
      // A draft without boilerplate is used as it is: most are, and copying them all was much
      // of a restart's garbage.
      const drafts = cache.drafts.map((draft, d) =>
        draft.blocks.some((_, b) => boilerplate(d, b))
          ? { ...draft, blocks: draft.blocks.filter((_, b) => !boilerplate(d, b)) }
          : draft,
      );
      // Sections left empty are dropped here; an essay keeps at least one (see finishSections).
      // Made straight from the drafts: a compact section joins its text only when read.
      const meta = cache.meta;
      const sections = keptSections(meta, drafts).map(
        ({ draft, id }) => new CompactSection(sectionFields(meta, draft, id)),
      );
      entry.finished = { meta: cache.meta, sections };
      entry.generation = generation;
      return entry.finished;
    } catch (err) {
      // A cache read back from a store in a shape the code cannot use: set aside, not fatal.
      entry.indexFailure = `its stored sections are unusable (${err instanceof Error ? err.message : String(err)})`;
      return undefined;
    }
  }
}

function describe(id: string, meta: EssayMeta, reason: string): Quarantined {
  return { id, title: meta.title, link: meta.url, reason };
}
