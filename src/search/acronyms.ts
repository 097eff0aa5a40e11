/**
 * Acronyms the corpus spells out itself. Technical essays write "pull request" once and "PR"
 * twenty times after; a reader searching "pull request size" wants the "PR sizes" paragraphs.
 * Expansions are learned from the essays (never from a built-in list), so they follow whatever
 * vocabulary the author uses.
 */
import type { SplitEssay } from "../essay/types.js";
import { termOf, tokenize } from "./text.js";

/** Acronym key ("pr") → the keys of its expansion (["pull", "request"]). */
export type Acronyms = ReadonlyMap<string, readonly string[]>;

/** "PR", "PRs", "DORA", "SLOs": two to five capitals, maybe a plural s. */
const ACRONYM = /^([A-Z]{2,5})s?$/;
/** An expansion must be seen this often, or a chance pair of words could pass for one. */
const MIN_EXPANSION_COUNT = 2;

/**
 * Finds, for each acronym, the run of words whose initials spell it and that occurs most often
 * in the essays using the acronym. Runs holding stop words or words under three letters are skipped ("as in" is no "AI", "he replaced" no "HR").
 */
export function learnAcronyms(corpus: readonly SplitEssay[]): Acronyms {
  // acronym → expansion (keys joined by spaces) → count
  const counts = new Map<string, Map<string, number>>();
  for (const essay of corpus) {
    const texts = essay.sections.flatMap((s) => [s.heading, s.text]);
    const letters = new Set<string>();
    for (const text of texts) {
      for (const { word } of tokenize(text)) {
        const m = ACRONYM.exec(word);
        if (m?.[1]) letters.add(m[1].toLowerCase());
      }
    }
    if (letters.size === 0) continue;
    for (const text of texts) countExpansions(text, letters, counts);
  }

  const acronyms = new Map<string, readonly string[]>();
  for (const [acronym, expansions] of counts) {
    let best: [string, number] | undefined;
    for (const entry of expansions) if (!best || entry[1] > best[1]) best = entry;
    const key = termOf(acronym.toUpperCase());
    if (best && best[1] >= MIN_EXPANSION_COUNT && key !== null) {
      acronyms.set(key, best[0].split(" "));
    }
  }
  return acronyms;
}

function countExpansions(
  text: string,
  letters: ReadonlySet<string>,
  counts: Map<string, Map<string, number>>,
): void {
  // Every prefix of every acronym: a run whose initials leave them can stop growing at once.
  const prefixes = new Set([...letters].flatMap((a) => [...a].map((_, i) => a.slice(0, i + 1))));
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i++) {
    let initials = "";
    for (let j = i; j < i + 5 && j < tokens.length; j++) {
      initials += tokens[j]?.word[0]?.toLowerCase() ?? "";
      if (!prefixes.has(initials)) break;
      if (j === i || !letters.has(initials)) continue;
      const run = tokens.slice(i, j + 1);
      // Words must follow each other directly (a space or hyphen), not across a sentence.
      const joined = run.every(
        (t, k) => k === 0 || /^[\s-]+$/.test(text.slice(run[k - 1]?.end, t.start)),
      );
      const keys = run.map((t) =>
        /^[\p{L}]{3,}$/u.test(t.word) && !ACRONYM.test(t.word) ? termOf(t.word) : null,
      );
      if (!joined || keys.some((k) => k === null)) continue;
      const byExpansion = counts.get(initials) ?? new Map<string, number>();
      const expansion = keys.join(" ");
      byExpansion.set(expansion, (byExpansion.get(expansion) ?? 0) + 1);
      counts.set(initials, byExpansion);
    }
  }
}

/**
 * The keys a word of a section is indexed under: its own, plus the expansion's when it is a
 * learned acronym written as one ("PR", "PRs"; a lower-case "pr" is left alone).
 */
export function keysOf(word: string, acronyms: Acronyms): string[] {
  const key = termOf(word);
  if (key === null) return [];
  const expansion = ACRONYM.test(word) ? acronyms.get(key) : undefined;
  return expansion ? [key, ...expansion] : [key];
}
