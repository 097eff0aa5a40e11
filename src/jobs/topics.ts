/**
 * The design's topic rule on the library's own index (no second text pipeline): an essay matches
 * a topic when one of its sections holds every word of it (with the search's word forms and typo
 * rules), or its quoted phrase. Each topic is searched once per run, not once per essay.
 */
import type { Section, SplitEssay } from "../essay/types.js";
import { parseQuery } from "../search/query.js";
import type { ServingIndex } from "../search/serving-index.js";

export interface TopicMatch {
  /** The topic as the person typed it. */
  topic: string;
  /** The section that holds it (the best-ranked one of the essay). */
  section: Section;
}

/** Matches essays against `topics` on `index` (undefined while loading: nothing matches). */
export function topicMatcher(
  index: ServingIndex | undefined,
  topics: readonly string[],
): (essay: SplitEssay) => TopicMatch | undefined {
  // essay id → the first topic (in the order given) it matches, and where.
  let found: Map<string, TopicMatch> | undefined;
  const build = () => {
    const map = new Map<string, TopicMatch>();
    if (!index) return map;
    for (const topic of topics) {
      const words = parseQuery(topic).terms.length;
      if (words === 0) continue;
      // The trailing space closes the last word: a search completes a word still being typed
      // ("code" → "codebase"), but a topic is finished, so it matches whole words only.
      for (const hit of index.search(`${topic} `).hits) {
        const essayId = hit.section.essay.id;
        if (map.has(essayId) || hit.matchedTerms.length < words) continue;
        map.set(essayId, { topic, section: hit.section });
      }
    }
    return map;
  };
  return (essay) => {
    found ??= build();
    return found.get(essay.meta.id);
  };
}
