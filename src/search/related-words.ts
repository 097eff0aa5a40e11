/**
 * Words related in meaning, from WordNet 3.1: what lets "difficult conversations" find a section
 * about a "hard conversation". `npm run build` compiles WordNet into `dist/related-words.json`
 * (scripts/related-words.ts): stemmed single words, each with the words it shares its commonest
 * senses with and how much of its use those senses carry, and the English words of WordNet's
 * sense-tagged text. Read once, at start (the bot) or on first use.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

/** A related key and the share of the word's use in senses it shares with it (0–1]. */
export interface Related {
  key: string;
  share: number;
}

/**
 * `../../dist` from this file is the package's dist/ whether this runs as source (src/search/)
 * or compiled (dist/search/).
 */
const TABLE_URL = new URL("../../dist/related-words.json", import.meta.url);

const NONE: readonly Related[] = [];

export class RelatedWords {
  readonly #table: Readonly<Record<string, string>>;
  readonly #english: ReadonlySet<string>;
  /** Parsed lines, for keys of the table only: queries bring any number of other words. */
  readonly #parsed = new Map<string, readonly Related[]>();

  constructor(table: Readonly<Record<string, string>>, english: ReadonlySet<string>) {
    this.#table = table;
    this.#english = english;
  }

  /**
   * The index keys related to a word (normalised as typed, not stemmed), strongest first; none
   * for a word WordNet does not relate. The word is looked up as typed, then with an inflection
   * taken off ("conversations", "quitting", "promoted"): by word, not stem, since words that
   * share a stem are often different words ("quit" and "quite").
   */
  of(word: string): readonly Related[] {
    const key = baseForms(word).find((form) => Object.hasOwn(this.#table, form));
    if (key === undefined) return NONE;
    let found = this.#parsed.get(key);
    if (found === undefined) {
      found = String(this.#table[key])
        .split(" ")
        .map((pair) => {
          const at = pair.lastIndexOf(":");
          return { key: pair.slice(0, at), share: Number(pair.slice(at + 1)) || 0 };
        })
        .filter((r) => r.key !== "" && r.share > 0);
      this.#parsed.set(key, found);
    }
    return found;
  }

  /**
   * Whether a word, normalised as typed (not stemmed: "writting" stems to the English "writ"), is
   * English: a word of WordNet's tagged text, or its plural or third person ("sales", "ladders").
   */
  isEnglish(word: string): boolean {
    const english = this.#english;
    if (english.has(word)) return true;
    if (word.endsWith("ies") && english.has(`${word.slice(0, -3)}y`)) return true;
    if (word.endsWith("es") && english.has(word.slice(0, -2))) return true;
    return word.endsWith("s") && english.has(word.slice(0, -1));
  }

  /** Keys with related words: 0 when the table is missing. */
  get size(): number {
    return Object.keys(this.#table).length;
  }
}

/**
 * The word and what it may be an inflection of, likeliest first: the plural, third-person, past
 * and -ing endings English adds (with a final "e" restored or a doubled consonant undone).
 */
function baseForms(word: string): string[] {
  const forms = [word];
  const cut = (ending: string) => (word.endsWith(ending) ? word.slice(0, -ending.length) : "");
  const ies = cut("ies");
  if (ies) forms.push(`${ies}y`);
  const es = cut("es");
  if (es) forms.push(es);
  const s = cut("s");
  if (s && !word.endsWith("ss")) forms.push(s);
  for (const ending of ["ed", "ing"]) {
    const stem = cut(ending);
    if (stem.length < 2) continue;
    if (ending === "ed" && stem.endsWith("i")) forms.push(`${stem.slice(0, -1)}y`);
    forms.push(stem, `${stem}e`);
    if (stem.at(-1) === stem.at(-2)) forms.push(stem.slice(0, -1));
  }
  return forms;
}

let shared: RelatedWords | undefined;

/** The table from the file's text; an empty one for a missing or damaged file. */
function fromFile(text: string | undefined): RelatedWords {
  try {
    const file: unknown = text === undefined ? undefined : JSON.parse(text);
    if (file && typeof file === "object") {
      const { related, english } = file as { related?: unknown; english?: unknown };
      if (related && typeof related === "object" && typeof english === "string") {
        return new RelatedWords(related as Record<string, string>, new Set(english.split(" ")));
      }
    }
  } catch {
    // Damaged: as missing.
  }
  return new RelatedWords({}, new Set());
}

/**
 * The table the build made, read on first use. Missing or damaged (a checkout built with bare
 * `tsc`), search still works, on literal words alone.
 */
export function relatedWords(): RelatedWords {
  if (!shared) {
    let text: string | undefined;
    try {
      text = readFileSync(TABLE_URL, "utf8");
    } catch {
      text = undefined;
    }
    shared = fromFile(text);
  }
  return shared;
}

/**
 * Reads the table ahead of the first search, without blocking the event loop on the file: the
 * bot calls this at start, so no `/essay` pays for it (about 0.1 s). Never rejects.
 */
export async function loadRelatedWords(): Promise<RelatedWords> {
  if (shared) return shared;
  const text = await readFile(TABLE_URL, "utf8").catch(() => undefined);
  shared ??= fromFile(text);
  return shared;
}
