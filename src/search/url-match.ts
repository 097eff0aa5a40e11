/**
 * Finding an essay from a link someone pasted. People paste links in every shape: http or https,
 * with or without a trailing slash, with tracking parameters, from dev.to for an essay the feed
 * lists on forem.com. All of those name the same essay.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { urlAnchor, urlKey } from "../feed/url-key.js";

/** Essays by link key, built once per index (the index is immutable, so this is too). */
export class UrlLookup {
  readonly #byKey = new Map<string, SplitEssay>();

  constructor(corpus: readonly SplitEssay[]) {
    for (const essay of corpus) {
      const key = essay.meta.url ? urlKey(essay.meta.url) : undefined;
      // First wins: with duplicate links across feeds, the earlier feed is the configured primary.
      if (key && !this.#byKey.has(key)) this.#byKey.set(key, essay);
    }
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
