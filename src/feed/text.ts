import { load } from "cheerio";
import { stripInvisible } from "./invisible.js";

/**
 * Text helpers for the fields we show as plain text (titles, authors, tags). xml2js has already
 * decoded the XML layer, but many feeds escape twice or put HTML in titles
 * (`&#x0024;4300 3bd 1930ft<sup>2</sup>`), so we strip tags and decode what is left.
 */

/** The string inside an xml2js value: a string, `{ _: text }`, `{ name: [...] }` or an array of those. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record._ === "string") return record._;
    if (record.name !== undefined) return textOf(record.name);
  }
  return "";
}

/** Tags removed, entities decoded, runs of whitespace (including newlines) collapsed, trimmed. */
export function plainText(value: string): string {
  // Only real tags (a name, then space, "/" or ">"): Slack-style `<https://x|label>` or
  // `<!channel>` in a title is text the author wrote; render escapes it, so it stays harmless.
  const stripped = value.replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/][^<>]*)?>/g, "");
  return stripInvisible(decodeEntities(stripped)).replace(/\s+/g, " ").trim();
}

/**
 * Character references that would decode to an invisible character once the splitter reads the
 * HTML: numeric ones, and the few named ones HTML has for format characters.
 */
const INVISIBLE_REFERENCE =
  /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(zwnj|zwj|lrm|rlm|shy|ZeroWidthSpace|NoBreak|InvisibleTimes|InvisibleComma|ApplyFunction|af|it|ic));/g;

/** Body HTML without invisible characters, written or as references (see INVISIBLE). */
export function stripInvisibleHtml(html: string): string {
  const text = stripInvisible(html);
  if (!text.includes("&")) return text;
  return text.replace(INVISIBLE_REFERENCE, (match, dec?: string, hex?: string) => {
    if (!dec && !hex) return "";
    const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
    if (code <= 0 || code > 0x10ffff) return match;
    return stripInvisible(String.fromCodePoint(code)) === "" ? "" : match;
  });
}

// Only `;`-terminated references: HTML's legacy rule would turn "&notes" into "¬es".
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|[A-Za-z][A-Za-z0-9]{1,31});/g;
const named = new Map<string, string>();

export function decodeEntities(value: string): string {
  if (!value.includes("&")) return value;
  return value.replace(ENTITY, (match, dec?: string, hex?: string) => {
    if (dec || hex) {
      const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    let decoded = named.get(match);
    if (decoded === undefined) {
      // parse5 (via cheerio) knows every HTML named reference; an unknown one stays as written.
      decoded = load(match, null, false).text();
      // parse5 also decodes legacy prefixes ("&notes;" → "¬es;"): a trailing ";" means that.
      if (decoded.endsWith(";")) decoded = match;
      // Cache only real references: the set is bounded, unlike the names a feed can make up.
      if (decoded !== match) named.set(match, decoded);
    }
    return decoded;
  });
}

/** Plain text (e.g. media:description) as HTML the essay splitter can read: escaped paragraphs. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export { stripInvisible };
