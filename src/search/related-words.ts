/**
 * Words related in meaning, from WordNet 3.1: what lets "difficult conversations" find a section
 * about a "hard conversation". `npm run build` compiles WordNet into `dist/related-words.json`
 * (scripts/related-words.ts): stemmed single words, each with the words it shares its commonest
 * senses with and how much of its use those senses carry. Read once, on first use.
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
  readonly #words: ReadonlySet<string>;
  readonly #parsed = new Map<string, readonly Related[]>();

  constructor(table: Readonly<Record<string, string>>, words: ReadonlySet<string>) {
    this.#table = table;
    this.#words = words;
  }

  /** Whether WordNet has a word with this key: an English word, so not a typo. */
  knows(key: string): boolean {
    return this.#words.has(key) || Object.hasOwn(this.#table, key);
  }

  /** The keys related to `key`, strongest first; none for a word WordNet does not have. */
  of(key: string): readonly Related[] {
    let found = this.#parsed.get(key);
    if (found === undefined) {
      const line = Object.hasOwn(this.#table, key) ? this.#table[key] : undefined;
      found = line
        ? line.split(" ").map((pair) => {
            const at = pair.lastIndexOf(":");
            return { key: pair.slice(0, at), share: Number(pair.slice(at + 1)) };
          })
        : NONE;
      this.#parsed.set(key, found);
    }
    return found;
  }

  get size(): number {
    return Object.keys(this.#table).length;
  }
}

type TableFile = { related?: Record<string, string>; words?: string };

let shared: RelatedWords | undefined;

function fromFile(text: string | undefined): RelatedWords {
  let file: TableFile = {};
  try {
    if (text !== undefined) file = JSON.parse(text);
  } catch {
    file = {};
  }
  return new RelatedWords(file.related ?? {}, new Set((file.words ?? "").split(" ")));
}

/**
 * The table the build made, read on first use. Missing (a checkout built with bare `tsc`), search
 * still works, on literal words alone.
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
 * bot calls this at start, so no `/essay` pays for it (about 0.1 s).
 */
export async function loadRelatedWords(): Promise<RelatedWords> {
  if (shared) return shared;
  const text = await readFile(TABLE_URL, "utf8").catch(() => undefined);
  shared ??= fromFile(text);
  return shared;
}
