/**
 * Turns what a user typed after `/essay` into an intent. The text is untrusted and arrives in
 * Slack's wire format: `&`, `<`, `>` HTML-escaped, and (when the command escapes entities)
 * mentions and links wrapped as `<@U123|alice>`, `<#C123|general>`, `<https://x|label>`.
 */

/** Longer queries are cut here: no essay phrase is this long, and it keeps button values small. */
export const MAX_QUERY_CHARS = 200;

export type EssayIntent = { kind: "help" } | { kind: "latest" } | { kind: "search"; query: string };

export function parseEssayText(raw: string): EssayIntent {
  const query = slackTextToQuery(raw);
  const word = query.toLowerCase();
  if (word === "" || word === "help" || word === "?") return { kind: "help" };
  if (word === "latest" || word === "new" || word === "newest") return { kind: "latest" };
  return { kind: "search", query };
}

/**
 * Plain text a person would recognise as what they typed: entity wrappers reduced to their label,
 * escapes decoded, whitespace collapsed, capped at MAX_QUERY_CHARS (without splitting a surrogate
 * pair, so emoji never turn into broken characters).
 */
export function slackTextToQuery(raw: string): string {
  // Most queries are a word or two with nothing to unwrap or decode.
  const wrapped = raw.includes("<")
    ? raw.replace(/<([^<>]*)>/g, (_w, inner: string) => entityLabel(inner))
    : raw;
  const decoded = wrapped.includes("&")
    ? wrapped.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
    : wrapped;
  return truncate(decoded.replace(/\s+/g, " ").trim(), MAX_QUERY_CHARS);
}

/** `@U123|alice` → `@alice`, `#C1|general` → `#general`, `!here` → `@here`, `url|label` → label. */
function entityLabel(inner: string): string {
  const [target = "", label] = inner.split("|", 2);
  if (target.startsWith("@")) return `@${label ?? target.slice(1)}`;
  if (target.startsWith("#")) return `#${label ?? target.slice(1)}`;
  if (target.startsWith("!")) {
    const name = target.slice(1).split("^")[0] ?? "";
    return label ?? `@${name.replace(/^subteam$/, "group")}`;
  }
  return label ?? target.replace(/^mailto:/, "");
}

function truncate(text: string, max: number): string {
  // A string no longer than max UTF-16 units has at most max code points.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max).join("").trim();
}
