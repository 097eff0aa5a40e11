/**
 * Cutting text to Slack's length limits without breaking what it says: on a word boundary, with
 * "…", never inside an `&amp;` entity or a `<url|label>` link (a half link shows raw markup or
 * links to the wrong place) and never leaving a `*bold` open (it would bold nothing, and show the
 * stray star).
 */

const ELLIPSIS = "…";
/** Backing off to a space further than this share of the limit wastes too much text: cut mid-word. */
const MAX_WORD_BACKOFF = 0.3;

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/**
 * Only the start of a long text can end up in the result; segmenting a 10k-character query into
 * graphemes to keep 100 of them is wasted work. The slack covers the longest entity and grapheme
 * that can start before the cut, so the cut is the same as on the whole text.
 */
const LOOKAHEAD = 64;

/**
 * Plain text (header blocks, button labels, fallback text) cut to at most `max` UTF-16 units
 * (the conservative way to count what Slack counts), "…" included.
 */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return "";
  const head = text.slice(0, max + LOOKAHEAD);
  const atoms = [...graphemes.segment(head)].map((s) => s.segment);
  return cutAtoms(atoms, max - ELLIPSIS.length) + ELLIPSIS;
}

/** Escaped mrkdwn cut to at most `max` characters, "…" and any closing markers included. */
export function truncateMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  if (max < 1) return "";
  const atoms = mrkdwnAtoms(head(mrkdwn, max + LOOKAHEAD));
  // Closing markers are only known after the cut: shrink the budget by any overshoot and retry
  // (at most a few rounds: there are four kinds of marker).
  let budget = max - ELLIPSIS.length;
  for (;;) {
    const out = cutMrkdwn(atoms, budget, mrkdwn, max);
    if (out.length <= max || budget <= 0) return out.length <= max ? out : "";
    budget -= out.length - max;
  }
}

/** The first `length` characters, extended to the end of a link cut there (links are atoms). */
function head(mrkdwn: string, length: number): string {
  const first = mrkdwn.slice(0, length);
  if (first.lastIndexOf("<") <= first.lastIndexOf(">")) return first;
  const close = mrkdwn.indexOf(">", length);
  return close < 0 ? mrkdwn : mrkdwn.slice(0, close + 1);
}

function cutMrkdwn(atoms: string[], budget: number, full: string, max: number): string {
  const kept = cutAtoms(atoms, budget);
  // A link longer than the whole budget would leave almost nothing: keep its label instead.
  const at = atomCount(atoms, kept);
  const straddling = atoms[at];
  if (kept.length < budget / 2 && straddling?.startsWith("<")) {
    const start = atoms.slice(0, at).join("").length;
    const label = straddling.slice(1, -1).split("|")[1] ?? "";
    return truncateMrkdwn(
      full.slice(0, start) + label + full.slice(start + straddling.length),
      max,
    );
  }
  return finish(kept, full);
}

/** Marker characters Slack pairs up: bold, italic, strike, code. */
const MARKERS = ["*", "_", "~", "`"] as const;

/** Links, entities, whitespace runs and single graphemes: the units a cut may fall between. */
function mrkdwnAtoms(mrkdwn: string): string[] {
  const atoms: string[] = [];
  for (const m of mrkdwn.matchAll(/<[^<>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|\s+|[^<&\s]+|[<&]/gi)) {
    const piece = m[0];
    if (piece.startsWith("<") || piece.startsWith("&") || /^\s/.test(piece)) atoms.push(piece);
    else for (const g of graphemes.segment(piece)) atoms.push(g.segment);
  }
  return atoms;
}

/** The longest prefix of whole atoms within `budget`, backed off to a word boundary when close. */
function cutAtoms(atoms: string[], budget: number): string {
  let length = 0;
  let end = 0;
  while (end < atoms.length && length + (atoms[end]?.length ?? 0) <= budget) {
    length += atoms[end]?.length ?? 0;
    end++;
  }
  let wordEnd = end;
  // Only back off when the cut lands inside a word (the next atom is not whitespace).
  if (end < atoms.length && !/^\s/.test(atoms[end] ?? " ")) {
    let backed = length;
    while (wordEnd > 0 && !/^\s/.test(atoms[wordEnd - 1] ?? " ")) {
      backed -= atoms[wordEnd - 1]?.length ?? 0;
      wordEnd--;
    }
    if (wordEnd === 0 || length - backed > budget * MAX_WORD_BACKOFF) wordEnd = end;
  }
  return atoms.slice(0, wordEnd).join("").trimEnd();
}

/** How many atoms make up `prefix` (a join of the first atoms, maybe with trailing space trimmed). */
function atomCount(atoms: string[], prefix: string): number {
  let length = 0;
  let i = 0;
  while (i < atoms.length && length + (atoms[i]?.length ?? 0) <= prefix.length) {
    length += atoms[i]?.length ?? 0;
    i++;
  }
  // Trailing whitespace trimmed from the prefix still belongs before the straddling atom.
  while (i < atoms.length && /^\s/.test(atoms[i] ?? "")) i++;
  return i;
}

interface Span {
  marker: string;
  open: number;
  /** Index of the closing marker, or -1 when the text never closes it (a literal). */
  close: number;
}

/**
 * Marker pairs, following Slack's rule of thumb: a marker opens after a non-word character and
 * before a non-space, and closes after a non-space and before a non-word character; one inside a
 * word is a literal. Inside `code` nothing else is a marker. Links are opaque.
 */
function spans(mrkdwn: string): Span[] {
  const text = mrkdwn.replace(/<[^<>]*>/g, (link) => "x".repeat(link.length));
  const found: Span[] = [];
  const open: Span[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (!(MARKERS as readonly string[]).includes(c)) continue;
    const before = text[i - 1] ?? " ";
    const after = text[i + 1] ?? " ";
    const inCode = open.at(-1)?.marker === "`";
    const match = open.findLastIndex((s) => s.marker === c);
    if (match >= 0 && !/\s/.test(before) && !isWordChar(after) && (!inCode || c === "`")) {
      const [span] = open.splice(match, 1);
      if (span) span.close = i;
    } else if (
      match < 0 &&
      !inCode &&
      !isWordChar(before) &&
      !/\s/.test(after) &&
      i + 1 < text.length
    ) {
      const span = { marker: c, open: i, close: -1 };
      open.push(span);
      found.push(span);
    }
  }
  return found;
}

/**
 * Ends a cut prefix of `full`: closes, innermost first, the spans it opened that `full` closes
 * later (an opener `full` never closes was a literal star and stays one), then adds "…".
 */
function finish(kept: string, full: string): string {
  const isPrefix = full.startsWith(kept);
  let text = kept;
  const cut = (isPrefix ? spans(full) : spans(kept)).filter(
    (s) => s.open < kept.length && (isPrefix ? s.close >= kept.length : s.close === -1),
  );
  // A marker that opens right at the cut would close on nothing and show as "**": drop it.
  const last = cut.at(-1);
  if (last && last.open === text.length - 1) {
    cut.pop();
    text = text.slice(0, -1).trimEnd();
  }
  const closing = cut
    .map((s) => s.marker)
    .reverse()
    .join("");
  return text + closing + ELLIPSIS;
}

function isWordChar(c: string): boolean {
  return /[\p{L}\p{N}]/u.test(c);
}
