/**
 * Finding an essay from a link someone pasted. People paste links in every shape: http or https,
 * with or without a trailing slash, with tracking parameters, from dev.to for an essay the feed
 * lists on forem.com. All of those name the same essay.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { urlAnchor, urlKey } from "../feed/url-key.js";
import { drain } from "./drain.js";

/** Essays by link key, built once per index (the index is immutable, so this is too). */
export class UrlLookup {
  readonly #byKey: ReadonlyMap<string, SplitEssay>;

  private constructor(byKey: ReadonlyMap<string, SplitEssay>) {
    this.#byKey = byKey;
  }

  static of(corpus: readonly SplitEssay[]): UrlLookup {
    return drain(UrlLookup.steps(corpus));
  }

  /** The lookup over these essays, in steps (11k links take a twentieth of a second to read). */
  static *steps(corpus: readonly SplitEssay[]): Generator<void, UrlLookup> {
    const byKey = new Map<string, SplitEssay>();
    for (const [i, essay] of corpus.entries()) {
      const key = essay.meta.url ? urlKey(essay.meta.url) : undefined;
      // First wins: with duplicate links across feeds, the earlier feed is the configured primary.
      if (key && !byKey.has(key)) byKey.set(key, essay);
      if (i % 512 === 511) yield;
    }
    return new UrlLookup(byKey);
  }

  find(url: string): { essay: SplitEssay; section?: Section } | undefined {
    const key = urlKey(url);
    const essay = key === undefined ? undefined : this.#byKey.get(key);
    if (!essay) return undefined;
    const anchor = urlAnchor(url).toLowerCase();
    if (!anchor) return { essay };
    // An anchor the essay lacks (renamed heading, typo) still names the essay.
    const section = essay.sections.find((s) => s.anchor && s.anchor.toLowerCase() === anchor);
    return section ? { essay, section } : { essay };
  }
}
