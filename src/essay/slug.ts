/**
 * Forem's heading anchors, ported step by step so a section link lands exactly where Forem's own
 * `<a name="…" href="#…" class="anchor">` sits. Source: forem/forem
 * app/lib/redcarpet/render/html_rouge.rb, `Redcarpet::Render::HTMLRouge#slugify`:
 *
 *     stripped_string = ActionView::Base.full_sanitizer.sanitize string
 *     stripped_string.downcase.gsub(EmojiRegex::RGIEmoji, "").strip
 *                    .gsub(/[[:punct:]]/u, "").gsub(/\s+/, "-")
 *
 * Forem does not de-duplicate: two headings with the same text share one anchor, and the page
 * scrolls to the first. We keep that (see sections.ts for how section ids stay unique).
 */

/**
 * `full_sanitizer` strips tags but returns the text with `&`, `<`, `>`, `"` (and `\r`) re-encoded
 * as entities (Loofah's `text` → Nokogiri `encode_special_chars` → libxml2
 * `xmlEncodeSpecialChars`). The entity letters then survive the punctuation step, which is why
 * Forem turns "Q&A" into "qampa" and `"Good"` into "quotgoodquot". The apostrophe is not encoded.
 */
const SANITIZER_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\r": "&#13;",
};

/**
 * The emoji_regex gem's `RGIEmoji`: fully-qualified emoji and their sequences (ZWJ families, skin
 * tones, flags, keycaps). JavaScript's `\p{RGI_Emoji}` is the same Unicode set. Built with
 * `new RegExp` because the `v` flag needs an ES2024 target in TypeScript but runs on Node 20.
 */
// biome-ignore lint/complexity/useRegexLiterals: a `v`-flag literal fails TypeScript's ES2022 target
const RGI_EMOJI = new RegExp("\\p{RGI_Emoji}", "gv");

/** Ruby's `String#strip`: ASCII whitespace and NUL only (not NBSP or other Unicode spaces). */
const RUBY_STRIP = /^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g;

/**
 * Onigmo's `[[:punct:]]` on UTF-8 strings since Ruby 2.4: Unicode punctuation plus the nine ASCII
 * symbols POSIX counts as punctuation. Other symbols (©, →, €) stay in the slug.
 */
const RUBY_PUNCT = /[\p{P}$+<=>^`|~]/gu;

/** Ruby's `\s`: ASCII whitespace only, so an NBSP stays inside the slug as Forem leaves it. */
const RUBY_SPACE = /[ \t\n\v\f\r]+/g;

/**
 * The anchor Forem gives a heading whose text (tags stripped, entities decoded) is `heading`.
 * Examples: "A Better 1:1 Structure" → "a-better-11-structure"; "Hands-on, don't" → "handson-dont".
 */
export function foremSlug(heading: string): string {
  const sanitized = heading.replace(/[&<>"\r]/g, (c) => SANITIZER_ENTITIES[c] ?? c);
  return rubyDowncase(sanitized)
    .replace(RGI_EMOJI, "")
    .replace(RUBY_STRIP, "")
    .replace(RUBY_PUNCT, "")
    .replace(RUBY_SPACE, "-");
}

/**
 * Ruby's `downcase` maps each character on its own; JavaScript's `toLowerCase` on a whole string
 * applies the context rule for Greek final sigma: "ΟΔΟΣ" is "οδοσ" in Ruby but "οδος" in JavaScript.
 */
function rubyDowncase(text: string): string {
  let out = "";
  for (const char of text) out += char.toLowerCase();
  return out;
}
