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

  /** The keys related to `key`, strongest first; none for a word WordNet does not relate. */
  of(key: string): readonly Related[] {
    if (!Object.hasOwn(this.#table, key)) return NONE;
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
