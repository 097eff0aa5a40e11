/**
 * The passage of a section shown under each hit: the ~300 characters holding the most distinct
 * query terms, cut at sentence edges where possible, with the matched words in bold.
 */
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { type Token, tokenize } from "./text.js";

export interface Excerpt {
  /** Plain text, whitespace collapsed (list items kept on their own lines), "…" where cut. */
  text: string;
  /** The same passage as mrkdwn: escaped, matched words in `*bold*`. */
  mrkdwn: string;
}

/**
 * Which query term a word of the section matched (any stable id, e.g. the term's key), or
 * undefined for a word that did not match. Distinct ids are what a passage is judged on.
 */
export type MatchOf = (word: string) => string | undefined;

/** Longest passage: about three lines of a Slack message on a laptop. */
export const EXCERPT_MAX = 300;
/** A sentence end closer to the start than this would leave a stub; cut mid-sentence instead. */
const EXCERPT_MIN = 180;
/** When starting mid-sentence, how much lead-in to keep before the first matched word. */
const LEAD_IN = 60;

/** Where sentences begin: after . ! ? … (and closing quotes/brackets) plus space, or a new line. */
const SENTENCE_GAP = /(?:[.!?…]["'”’)\]]*[ \t]+|\s*\n\s*)(?=\S)/g;

interface Candidate {
  start: number;
  /** True when the passage starts at a sentence start (no leading "…" needed). */
  clean: boolean;
}

export function makeExcerpt(text: string, matchOf: MatchOf): Excerpt {
  const tokens = tokenize(text);
  const matched = tokens.filter((t) => matchOf(t.word) !== undefined);
  const sentenceStarts = [0];
  for (const m of text.matchAll(SENTENCE_GAP)) sentenceStarts.push((m.index ?? 0) + m[0].length);

  const { start, clean } = bestStart(text, sentenceStarts, matched, matchOf);
  const shown = matched.filter((t) => t.start >= start && t.end <= start + EXCERPT_MAX);
  const { end, cut } = bestEnd(text, tokens, sentenceStarts, start, shown.at(-1)?.end ?? start);
  const inRange = tokens.filter((t) => t.start >= start && t.end <= end);
  return render(text, start, end, inRange, matchOf, !clean, cut);
}

/** Picks the window start whose next EXCERPT_MAX characters hold the most distinct matches. */
function bestStart(
  text: string,
  sentenceStarts: number[],
  matched: Token[],
  matchOf: MatchOf,
): Candidate {
  if (text.length <= EXCERPT_MAX || matched.length === 0) return { start: 0, clean: true };
  const candidates: Candidate[] = sentenceStarts.map((start) => ({ start, clean: true }));
  for (const t of matched) {
    // A match deep inside a long sentence gets its own window with a short lead-in, since the
    // sentence's own start would push it out of view.
    const sentence = sentenceStarts.findLast((s) => s <= t.start) ?? 0;
    if (t.start - sentence > LEAD_IN) {
      const from = t.start - LEAD_IN;
      const word = nextWordStart(text, from);
      candidates.push({ start: Math.min(word, t.start), clean: false });
    }
  }
  let best = { start: 0, clean: true };
  let bestKey = [-1, -1, -1, Number.NEGATIVE_INFINITY];
  for (const c of candidates) {
    const inside = matched.filter((t) => t.start >= c.start && t.end <= c.start + EXCERPT_MAX);
    const distinct = new Set(inside.map((t) => matchOf(t.word))).size;
    const leadIn = (inside[0]?.start ?? c.start) - c.start;
    // A window near the end of the text may hold the match but leave a stub of an excerpt.
    const roomy = text.length - c.start >= EXCERPT_MIN ? 1 : 0;
    // Most distinct terms first; then a clean start; then room for a full passage; then more
    // occurrences; then the window whose first match comes soonest (leaving room to read on);
    // remaining ties go to the earliest.
    const key = [distinct, c.clean ? 1 : 0, roomy, inside.length, -leadIn];
    if (compare(key, bestKey) > 0) {
      best = c;
      bestKey = key;
    }
  }
  return widenTail(text, sentenceStarts, best);
}

/**
 * A window chosen near the end of the text would show a stub ("It is just wider than HR
 * paperwork."), so it starts at an earlier sentence instead, as early as still fits, keeping
 * every match the window was chosen for.
 */
function widenTail(text: string, sentenceStarts: number[], chosen: Candidate): Candidate {
  if (text.length - chosen.start >= EXCERPT_MIN) return chosen;
  const earlier = sentenceStarts.find((s) => s <= chosen.start && text.length - s <= EXCERPT_MAX);
  return earlier === undefined ? chosen : { start: earlier, clean: true };
}

function nextWordStart(text: string, from: number): number {
  const m = /[\s([{"'“‘]+(?=[\p{L}\p{N}])/u.exec(text.slice(from));
  return m ? from + m.index + m[0].length : from;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Ends at the last sentence end that fits, else at the last whole word that fits (then "…"),
 * never before `keep`: the end of the last matched word the window was chosen for.
 */
function bestEnd(
  text: string,
  tokens: Token[],
  sentenceStarts: number[],
  start: number,
  keep: number,
): { end: number; cut: boolean } {
  const limit = start + EXCERPT_MAX;
  if (text.length <= limit) return { end: text.length, cut: false };
  const sentenceEnds = sentenceStarts
    .filter((s) => s > start + EXCERPT_MIN && s <= limit)
    .map((s) => text.slice(0, s).trimEnd().length)
    .filter((end) => end >= keep);
  const sentenceEnd = sentenceEnds.at(-1);
  if (sentenceEnd !== undefined) return { end: sentenceEnd, cut: false };
  const lastWord = tokens.findLast((t) => t.start >= start && t.end < limit);
  return { end: lastWord ? lastWord.end : limit, cut: true };
}

/** Builds both renderings in one walk, so bold lands exactly on the words that matched. */
function render(
  text: string,
  start: number,
  end: number,
  tokens: Token[],
  matchOf: MatchOf,
  leadingCut: boolean,
  trailingCut: boolean,
): Excerpt {
  let mrkdwn = "";
  let pos = start;
  let bold: { from: number; to: number } | undefined;
  const flushBold = () => {
    if (bold) mrkdwn += `*${markup(collapse(text, bold.from, bold.to))}*`;
    bold = undefined;
  };
  for (const t of tokens) {
    if (matchOf(t.word) === undefined) continue;
    const gap = text.slice(pos, t.start);
    // Neighbouring matches ("black friday", "bus-factor") read better as one bold run.
    if (bold && /^[ \t\-–]+$/.test(gap)) {
      bold.to = t.end;
    } else {
      flushBold();
      mrkdwn += markup(collapse(text, pos, t.start));
      bold = { from: t.start, to: t.end };
    }
    pos = t.end;
  }
  flushBold();
  mrkdwn += markup(collapse(text, pos, end));

  const plain = collapse(text, start, end);
  const before = leadingCut ? "…" : "";
  const after = trailingCut ? "…" : "";
  return { text: `${before}${plain.trim()}${after}`, mrkdwn: `${before}${mrkdwn.trim()}${after}` };
}

/**
 * Escaped for mrkdwn (bold markers are added around escaped text, so they never split an
 * entity). A literal `*` in the feed could pair with our markers and bold the wrong span, so it
 * becomes the look-alike "∗".
 */
function markup(raw: string): string {
  return escapeMrkdwn(raw).replace(/\*/g, "∗");
}

/** A line that is a list item, as essay/block-text.ts writes them ("• item", "3. item"). */
const LIST_ITEM = /^[ \t]*(?:•|\d{1,9}\.)[ \t]/;

/**
 * `text[from, to)` with each run of whitespace made one space, except a line break next to a list
 * item, which stays one line break: run together, "• strong meeting energy • polished updates"
 * reads as one muddled sentence.
 */
function collapse(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/\s+/g, (run: string, offset: number) => {
    if (!run.includes("\n")) return " ";
    const at = from + offset;
    const lineStart = text.lastIndexOf("\n", at - 1) + 1;
    const before = text.slice(lineStart, Math.min(at, lineStart + 16));
    const after = text.slice(at + run.length, at + run.length + 16);
    return LIST_ITEM.test(before) || LIST_ITEM.test(after) ? "\n" : " ";
  });
}
