/**
 * Slack mrkdwn formatting is fussy where HTML is forgiving: `*foo *bar` is not bold, `foo*bar*`
 * is not bold, `**` shows two asterisks, and bold cannot span a line break. So the inline
 * renderer emits private-use sentinel characters instead of markers, and `finishInline` decides
 * where real markers can go once the whole line is known:
 *   - whitespace inside a span moves outside it (`<b>foo </b>bar` → `*foo* bar`);
 *   - empty spans vanish, and touching spans of one kind merge (`<b>a</b><b>b</b>` → `*ab*`);
 *   - spans cut by a line break are closed and reopened around it;
 *   - a span glued to a letter or digit outside it is shown unformatted, as Slack would anyway.
 */

export type Mark = "bold" | "italic" | "strike" | "code";

const MARKERS: Record<Mark, string> = { bold: "*", italic: "_", strike: "~", code: "`" };
const ORDER: Mark[] = ["bold", "italic", "strike", "code"];

/** Sentinels U+E000–U+E007: open and close per mark. Feed text is stripped of them first. */
export const OPEN: Record<Mark, string> = {
  bold: "\uE000",
  italic: "\uE002",
  strike: "\uE004",
  code: "\uE006",
};
export const CLOSE: Record<Mark, string> = {
  bold: "\uE001",
  italic: "\uE003",
  strike: "\uE005",
  code: "\uE007",
};
export const SENTINELS = /[\uE000-\uE007]/g;
export const HAS_SENTINEL = /[\uE000-\uE007]/;

const OPENERS = new Map(ORDER.map((m) => [OPEN[m], m]));
const CLOSERS = new Map(ORDER.map((m) => [CLOSE[m], m]));
const OPEN_CLASS = "[\uE000\uE002\uE004\uE006]";
const CLOSE_CLASS = "[\uE001\uE003\uE005\uE007]";
const SPACE_AFTER_OPEN = new RegExp(`(${OPEN_CLASS}+)( +)`, "g");
const SPACE_BEFORE_CLOSE = new RegExp(`( +)(${CLOSE_CLASS}+)`, "g");
const EMPTY_OR_TOUCHING = new RegExp(
  ORDER.flatMap((m) => [OPEN[m] + CLOSE[m], CLOSE[m] + OPEN[m]]).join("|"),
  "g",
);
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Turns rendered inline text into final lines: whitespace collapsed, lines trimmed, runs of blank
 * lines reduced to one. In mrkdwn mode sentinels become markers (or disappear, see above).
 */
export function finishInline(raw: string, mrkdwn: boolean): string {
  // Most paragraphs have no formatting at all: skip the character-by-character work for them.
  const marked = mrkdwn && HAS_SENTINEL.test(raw);
  if (!marked && !raw.includes("\n")) return raw.replace(/ {2,}/g, " ").trim();
  const lines = marked ? closeAtLineBreaks(raw) : raw.split("\n");
  const done = lines.map((line) => {
    const tidy = marked ? tidyMarks(line) : line;
    const collapsed = tidy.replace(/ {2,}/g, " ").trim();
    return marked ? placeMarkers(collapsed) : collapsed;
  });
  return done
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Splits at "\n", closing open spans at each line end and reopening them on the next line. */
function closeAtLineBreaks(raw: string): string[] {
  const lines: string[] = [];
  const open: Mark[] = [];
  let line = "";
  for (const char of raw) {
    if (char === "\n") {
      lines.push(
        line +
          open
            .map((m) => CLOSE[m])
            .reverse()
            .join(""),
      );
      line = open.map((m) => OPEN[m]).join("");
      continue;
    }
    const opened = OPENERS.get(char);
    if (opened) open.push(opened);
    else if (CLOSERS.has(char)) open.pop();
    line += char;
  }
  lines.push(line);
  return lines;
}

/** Moves spaces out of spans and removes empty or touching pairs, until nothing changes. */
function tidyMarks(line: string): string {
  let current = line.replace(/\s+/g, " ");
  for (;;) {
    const next = current
      .replace(SPACE_AFTER_OPEN, "$2$1")
      .replace(SPACE_BEFORE_CLOSE, "$2$1")
      .replace(EMPTY_OR_TOUCHING, "");
    if (next === current) return current;
    current = next;
  }
}

/**
 * Replaces each sentinel pair with its marker, or with nothing when the span touches a letter or
 * digit on the outside. Pairs are well nested (they come from an HTML tree), so a stack matches
 * them.
 */
function placeMarkers(line: string): string {
  const chars = [...line];
  const out: string[] = [];
  const stack: { mark: Mark; at: number; source: number }[] = [];
  chars.forEach((char, i) => {
    const opened = OPENERS.get(char);
    if (opened) {
      stack.push({ mark: opened, at: out.length, source: i });
      out.push("");
      return;
    }
    const closed = CLOSERS.get(char);
    if (!closed) {
      out.push(char);
      return;
    }
    const start = stack.pop();
    if (!start) return;
    const glued =
      isWordChar(realCharBefore(chars, start.source)) || isWordChar(realCharAfter(chars, i));
    if (glued) return;
    out[start.at] = MARKERS[start.mark];
    out.push(MARKERS[start.mark]);
  });
  return out.join("");
}

function realCharBefore(chars: string[], index: number): string {
  for (let i = index - 1; i >= 0; i--) {
    const c = chars[i] ?? "";
    if (!OPENERS.has(c) && !CLOSERS.has(c)) return c;
  }
  return "";
}

function realCharAfter(chars: string[], index: number): string {
  for (let i = index + 1; i < chars.length; i++) {
    const c = chars[i] ?? "";
    if (!OPENERS.has(c) && !CLOSERS.has(c)) return c;
  }
  return "";
}

function isWordChar(char: string): boolean {
  return char !== "" && WORD_CHAR.test(char);
}
