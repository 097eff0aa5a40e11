/**
 * The words of a Slack message as a person reads them, for finding related essays: a link's
 * label without its URL (a URL is never fetched, and its host and path are not the message's
 * subject), no mentions or special commands, entities decoded, emoji codes dropped.
 */

export function messageWords(raw: unknown): string {
  if (typeof raw !== "string") return "";
  return raw
    .replace(/<([^<>]*)>/g, (_whole, inner: string) => {
      const [target = "", label] = inner.split("|", 2);
      // Mentions, channels and !here say who, not what; a bare link says nothing readable.
      if (/^[@#!]/.test(target)) return " ";
      return label ? ` ${label} ` : " ";
    })
    .replace(/\bhttps?:\/\/\S+/gi, " ")
    .replace(/:[a-z0-9_+'-]+:/gi, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
