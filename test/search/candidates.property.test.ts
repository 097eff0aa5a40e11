/**
 * The search finds sections through precomputed postings, token streams and a lazily sorted
 * ranking. These properties hold it to a naive reading of every section of small random corpora
 * (MiniSearch's own tests check its radix tree against a plain Map the same way), and its scores
 * to MiniSearch's BM25+, which it replaced.
 */
import fc from "fast-check";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import type { Section, SplitEssay } from "../../src/essay/types.js";
import { keysOf, learnAcronyms } from "../../src/search/acronyms.js";
import { ESSAY_WEIGHT } from "../../src/search/essay-evidence.js";
import { BM25, FIELD_BOOSTS, RELATED_MAX_SHARE } from "../../src/search/matching.js";
import { relatedWords } from "../../src/search/related-words.js";
import { SearchIndex } from "../../src/search/search-index.js";
import { exactForm, normalizeWord, termOf, tokenize, words } from "../../src/search/text.js";
import { essay } from "./corpus-builder.js";

// Few words, so sections share them; inflections, case, accents, stop words and an acronym the
// corpus can learn ("pull request" … "PR"), so every kind of key turns up.
// biome-ignore format: one word per line would make the list unreadable
const VOCABULARY = [
  "promotion", "promoted", "Promotions", "runbook", "runbooks", "team", "team's", "leader",
  "leadership", "bus", "factor", "pull", "request", "PR", "PRs", "review", "Review", "café",
  "cafe", "1:1", "mood", "black", "friday", "the", "a", "not", "of", "scope", "owner",
];

const word = fc.constantFrom(...VOCABULARY);
const phrase = (max: number) =>
  fc.array(word, { minLength: 0, maxLength: max }).map((w) => w.join(" "));
const sentence = fc
  .tuple(phrase(12), fc.constantFrom(". ", " ", "-", ", ", "\n\n"))
  .map(([text, end]) => text + end);
const corpusArb = fc
  .array(
    fc.record({
      title: phrase(5),
      tags: fc.array(fc.constantFrom("leadership", "career", "ops"), { maxLength: 3 }),
      sections: fc.array(fc.tuple(phrase(4), fc.array(sentence, { maxLength: 4 })), {
        minLength: 1,
        maxLength: 5,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((specs) =>
    specs.map((spec, e) => {
      const built = essay({
        title: spec.title || `Essay ${e}`,
        slug: `essay-${e}`,
        tags: [...new Set(spec.tags)],
        sections: spec.sections.map(([heading, paragraphs], i) => [
          i === 0 ? "" : heading,
          paragraphs.join(""),
        ]),
      });
      // Headings repeat in random corpora; real sections have distinct ids, and these must too.
      const sections = built.sections.map((s, i) => ({ ...s, id: `${s.essay.id}#${i}` }));
      return { ...built, sections };
    }),
  );

/** What the index reads of a section, field by field, as the bot has always indexed it. */
function fieldsOf(section: Section): Record<keyof typeof FIELD_BOOSTS, string> {
  return {
    heading: section.heading || section.essay.title,
    parentHeading: section.parentHeading,
    title: section.heading ? section.essay.title : "",
    tags: section.essay.tags.join(" "),
    text: section.text,
  };
}

/** The keys a query word also finds sections by: WordNet's related words (related-words.ts). */
function relatedKeys(word: string): string[] {
  return relatedWords()
    .of(normalizeWord(word))
    .map((r) => r.key);
}

/** Every key a section is found under, by reading all its words. */
function naiveKeys(corpus: SplitEssay[]): Map<string, Set<string>> {
  const acronyms = learnAcronyms(corpus);
  const keys = new Map<string, Set<string>>();
  for (const section of corpus.flatMap((e) => e.sections)) {
    const text = Object.values(fieldsOf(section)).join(" \n ");
    keys.set(section.id, new Set(words(text).flatMap((w) => keysOf(w, acronyms))));
  }
  return keys;
}

function distinctTerms(query: string): Array<{ word: string; key: string }> {
  const seen = new Map<string, string>();
  for (const { word } of tokenize(query)) {
    const key = termOf(word);
    if (key !== null && !seen.has(key)) seen.set(key, word.toLowerCase());
  }
  return [...seen].map(([key, w]) => ({ key, word: w }));
}

describe("search against a naive reading of every section (property)", () => {
  it("finds exactly the sections holding a query word or a related word; every section holding all of them", () => {
    fc.assert(
      fc.property(corpusArb, fc.array(word, { minLength: 1, maxLength: 3 }), (corpus, typed) => {
        // A trailing space closes the last word: no prefix matching, so exact keys decide.
        const query = `${typed.join(" ")} `;
        const terms = distinctTerms(query);
        const keys = naiveKeys(corpus);
        const known = new Set([...keys.values()].flatMap((k) => [...k]));
        const hits = SearchIndex.build(corpus).search(query).hits;
        const found = new Set(hits.map((h) => h.section.id));
        expect(found.size).toBe(hits.length);

        for (const [id, sectionKeys] of keys) {
          const holdsAll = terms.length > 0 && terms.every((t) => sectionKeys.has(t.key));
          if (holdsAll) expect(found, `${id} holds all of ${query}`).toContain(id);
        }
        // With every word in the corpus there is no typo matching: the sets must be equal.
        if (terms.every((t) => known.has(t.key))) {
          // Related words only for a word in at most a tenth of the sections (RELATED_MAX_SHARE).
          const held = (key: string) => [...keys.values()].filter((k) => k.has(key)).length;
          const loose = (key: string) => held(key) <= RELATED_MAX_SHARE * keys.size;
          const expected = [...keys].filter(([, k]) =>
            terms.some(
              (t) => k.has(t.key) || (loose(t.key) && relatedKeys(t.word).some((r) => k.has(r))),
            ),
          );
          expect([...found].sort()).toEqual(expected.map(([id]) => id).sort());
          for (const hit of hits) {
            const mine = keys.get(hit.section.id) ?? new Set();
            expect(hit.matchedTerms).toEqual(
              terms.filter((t) => mine.has(t.key)).map((t) => t.word),
            );
          }
        }
        const scores = hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }),
    );
  });

  it("completes the word being typed: every section with a word starting with it is found", () => {
    fc.assert(
      fc.property(corpusArb, word, fc.integer({ min: 3, max: 8 }), (corpus, typed, cut) => {
        const key = termOf(typed);
        if (key === null || key.length < 3) return;
        const prefix = key.slice(0, cut);
        if (prefix.length < 3) return;
        const found = new Set(
          SearchIndex.build(corpus)
            .search(prefix)
            .hits.map((h) => h.section.id),
        );
        for (const [id, sectionKeys] of naiveKeys(corpus)) {
          if ([...sectionKeys].some((k) => k.startsWith(prefix))) expect(found).toContain(id);
        }
      }),
    );
  });

  it("matches a quoted phrase exactly where its words stand side by side, as written", () => {
    fc.assert(
      fc.property(corpusArb, fc.nat(), fc.integer({ min: 1, max: 3 }), (corpus, pick, length) => {
        const sections = corpus.flatMap((e) => e.sections);
        const source = sections[pick % sections.length];
        const sourceWords = tokenize(source?.text ?? "").map((t) => t.word);
        const start = sourceWords.length > 0 ? pick % sourceWords.length : 0;
        const quoted = sourceWords.slice(start, start + length);
        if (quoted.length === 0) return;
        // As written: case, accents and apostrophe style aside, no stems ("team's" is not "team").
        const formsOfPhrase = quoted.map(exactForm);
        const searchable = quoted.some((w) => termOf(w) !== null);
        const expected = sections.filter((s) =>
          [s.essay.title, s.heading, s.parentHeading, s.text].some((text) => {
            const k = tokenize(text).map((t) => exactForm(t.word));
            return k.some((_, i) => formsOfPhrase.every((form, j) => k[i + j] === form));
          }),
        );
        const hits = SearchIndex.build(corpus).search(`"${quoted.join(" ")}"`).hits;
        // A phrase of stop words alone finds nothing: there is no word to look it up by.
        const ids = searchable ? expected.map((s) => s.id) : [];
        expect(hits.map((h) => h.section.id).sort()).toEqual(ids.sort());
      }),
    );
  });

  it("scores a single word as MiniSearch's BM25+ did plus its essay's share, best first, ties in corpus order", () => {
    fc.assert(
      fc.property(corpusArb, word, (corpus, typed) => {
        const key = termOf(typed);
        if (key === null) return;
        const sections = corpus.flatMap((e) => e.sections);
        const acronyms = learnAcronyms(corpus);
        const miniSearch = new MiniSearch<{ id: number } & Record<string, string | number>>({
          fields: Object.keys(FIELD_BOOSTS),
          tokenize: words,
          processTerm: (w) => {
            const k = keysOf(w, acronyms);
            return k.length > 0 ? k : null;
          },
        });
        miniSearch.addAll(sections.map((s, id) => ({ id, ...fieldsOf(s) })));
        const raw = miniSearch.search(key, {
          tokenize: (t) => [t],
          processTerm: (t) => t,
          boost: FIELD_BOOSTS,
          bm25: BM25,
        });
        if (raw.length === 0) return; // an unknown word: typo matching, not BM25, decides
        // A related word in the corpus adds its own share: related-words.test.ts covers that.
        if (
          relatedKeys(typed).some((r) => miniSearch.search(r, { processTerm: (t) => t }).length > 0)
        )
          return;
        // Essay-level evidence, read naively: the mean of the BM25+ scores over the essay's sections.
        const essayOf = (at: number) => sections[at]?.essay.id ?? "";
        const essaySum = new Map<string, number>();
        for (const r of raw) {
          const id = essayOf(r.id as number);
          essaySum.set(id, (essaySum.get(id) ?? 0) + r.score);
        }
        const sectionsIn = (id: string) => sections.filter((s) => s.essay.id === id).length;
        const expected = raw
          .map((r) => {
            const at = r.id as number;
            const essayScore = (essaySum.get(essayOf(at)) ?? 0) / sectionsIn(essayOf(at));
            const score = r.score + ESSAY_WEIGHT * essayScore;
            return { id: sections[at]?.id, score, at };
          })
          .sort((a, b) => b.score - a.score || a.at - b.at);
        const hits = SearchIndex.build(corpus).search(`${typed} `).hits;
        expect(hits.map((h) => h.section.id)).toEqual(expected.map((e) => e.id));
        // Impacts are stored as float32: equal to about seven digits.
        hits.forEach((hit, i) => {
          const score = expected[i]?.score ?? 0;
          expect(Math.abs(hit.score - score)).toBeLessThanOrEqual(1e-6 * score);
        });
      }),
    );
  });
});
