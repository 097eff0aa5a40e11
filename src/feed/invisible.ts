/**
 * Invisible characters in feed text. Apart from text.ts, which parses HTML with cheerio, so that
 * the Slack layer can strip them from typed text without loading an HTML parser into the bot's
 * main thread (feeds are parsed and essays split on the worker thread).
 */

/**
 * Control characters (Unicode Cc) other than tab and line breaks, and format characters (Cf:
 * right-to-left overrides, zero-width spaces, soft hyphens, byte-order marks). Feeds carry them by
 * accident or to disguise text; in a Slack header an override reverses everything after it. The
 * exceptions keep emoji whole: a zero-width joiner between pictographs (👩‍👩‍👧) and the tag
 * characters of a subdivision flag.
 */
const INVISIBLE =
  /((?<=\p{Extended_Pictographic}(?:\p{M}|\p{Emoji_Modifier})*)\u200D(?=\p{Extended_Pictographic})|(?<=\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0020}-\u{E007F}])|(?![\t\n\r])\p{Cc}|\p{Cf}/gu;

/** Text without invisible characters (see INVISIBLE); what the emoji exceptions match is kept. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, (_, kept?: string) => kept ?? "");
}
