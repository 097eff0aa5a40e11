import { createHash } from "node:crypto";

/**
 * An essay's stable identity, which the archive and the announcer key on: announcing "exactly
 * once" depends on the same item getting the same id on every fetch.
 *
 * The publisher's own identifier (RSS guid, Atom id, RSS 1.0 rdf:about) comes first: it survives
 * title edits and link changes. Else the link. Else, for items with neither, a hash of title and
 * date; the date is the feed's raw text when it did not parse, so the id stays stable either way.
 */
export function essayId(parts: {
  guid: string;
  link: string;
  title: string;
  date: string;
}): string {
  if (parts.guid) return parts.guid;
  if (parts.link) return parts.link;
  const hash = createHash("sha256").update(`${parts.title}\n${parts.date}`).digest("hex");
  return `sha256:${hash}`;
}
