/**
 * Acronyms the corpus spells out itself. Technical essays write "pull request" once and "PR"
 * twenty times after; a reader searching "pull request size" wants the "PR sizes" paragraphs.
 * Expansions are learned from the essays (never from a built-in list), so they follow whatever
 * vocabulary the author uses.
 */
import type { SplitEssay } from "../essay/types.js";
import { termOf, wordsAndGaps } from "./text.js";

/** Acronym key ("pr") → the keys of its expansion (["pull", "request"]). */
export type Acronyms = ReadonlyMap<string, readonly string[]>;

/** "PR", "PRs", "DORA", "SLOs": two to five capitals, maybe a plural s. */
const ACRONYM = /^([A-Z]{2,5})s?$/;
const TWO_CAPITALS = /[A-Z]{2}/;
/** An expansion must be seen this often, or a chance pair of words could pass for one. */
const MIN_EXPANSION_COUNT = 2;

/**
 * Finds, for each acronym, the run of words whose initials spell it and that occurs most often
 * in the essays using the acronym. Runs holding stop words or words under three letters are skipped ("as in" is no "AI", "he replaced" no "HR").
 */
export function learnAcronyms(corpus: readonly SplitEssay[]): Acronyms {
  const learner = new AcronymLearner();
  for (const essay of corpus) {
    const raw = essay.sections.flatMap((s) => [s.heading, s.text]);
    learner.addEssay(raw, raw.map(wordsAndGaps));
  }
  return learner.acronyms();
}

/**
 * Learns essay by essay from text already cut into words and gaps, so the index build can learn
 * from the cut it indexes instead of cutting every text a second time.
 */
export class AcronymLearner {
  /** acronym → expansion (keys joined by spaces) → count */
  readonly #counts = new Map<string, Map<string, number>>();

  /**
   * One essay's section headings and texts in order, each as written and as `wordsAndGaps` cut
   * it: the words name the acronyms, the gaps tell whether words follow each other directly.
   */
  addEssay(raw: readonly string[], texts: readonly (readonly string[])[]): void {
    const letters = new Set<string>();
    for (const [t, parts] of texts.entries()) {
      // An acronym holds two capitals in a row: most texts have none, so skip their words.
      if (!TWO_CAPITALS.test(raw[t] ?? "")) continue;
      for (let k = 1; k < parts.length; k += 2) {
        const m = ACRONYM.exec(parts[k] ?? "");
        if (m?.[1]) letters.add(m[1].toLowerCase());
      }
    }
    if (letters.size === 0) return;
    // Every prefix of every acronym: a run whose initials leave them can stop growing at once.
    const prefixes = new Set([...letters].flatMap((a) => [...a].map((_, i) => a.slice(0, i + 1))));
    const firsts = firstLetters(letters);
    for (const parts of texts) countExpansions(parts, letters, prefixes, firsts, this.#counts);
  }

  acronyms(): Acronyms {
    const acronyms = new Map<string, readonly string[]>();
    for (const [acronym, expansions] of this.#counts) {
      let best: [string, number] | undefined;
      for (const entry of expansions) if (!best || entry[1] > best[1]) best = entry;
      const key = termOf(acronym.toUpperCase());
      if (best && best[1] >= MIN_EXPANSION_COUNT && key !== null) {
        acronyms.set(key, best[0].split(" "));
      }
    }
    return acronyms;
  }
}

function countExpansions(
  /** The text as `wordsAndGaps` cuts it: word k at 2k + 1, the gap after it at 2k + 2. */
  parts: readonly string[],
  letters: ReadonlySet<string>,
  prefixes: ReadonlySet<string>,
  firsts: Uint8Array,
  counts: Map<string, Map<string, number>>,
): void {
  const count = (parts.length - 1) / 2;
  const word = (k: number) => parts[2 * k + 1] ?? "";
  for (let i = 0; i < count; i++) {
    // Most words start no acronym: rule them out on the first letter before building strings.
    if (!startsAcronym(word(i), firsts, prefixes)) continue;
    let initials = "";
    for (let j = i; j < i + 5 && j < count; j++) {
      initials += word(j)[0]?.toLowerCase() ?? "";
      if (!prefixes.has(initials)) break;
      if (j === i || !letters.has(initials)) continue;
      const run = Array.from({ length: j - i + 1 }, (_, k) => i + k);
      // Words must follow each other directly (a space or hyphen), not across a sentence.
      const joined = run.every((k) => k === i || /^[\s-]+$/.test(parts[2 * k] ?? ""));
      const keys = run.map((k) =>
        /^[\p{L}]{3,}$/u.test(word(k)) && !ACRONYM.test(word(k)) ? termOf(word(k)) : null,
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
 * Whether the word's lower-cased first letter is a one-letter prefix, as the loop computes it;
 * `firsts` marks, by ASCII code, the letters (either case) acronyms start with.
 */
function startsAcronym(word: string, firsts: Uint8Array, prefixes: ReadonlySet<string>): boolean {
  const code = word.charCodeAt(0);
  if (code >= 0x80) return prefixes.has(word[0]?.toLowerCase() ?? "");
  return firsts[code] === 1;
}

function firstLetters(letters: ReadonlySet<string>): Uint8Array {
  const firsts = new Uint8Array(0x80);
  for (const acronym of letters) {
    const lower = acronym.charCodeAt(0);
    firsts[lower] = 1;
    firsts[lower - 0x20] = 1;
  }
  return firsts;
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
