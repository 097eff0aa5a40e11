/** Turns search hits into what the CLI prints: numbered text for people, JSON for tools. */
import type { Hit, SearchResult } from "./search/types.js";

/** The JSON shape promised by the design's interface contract (other tools depend on it). */
export function hitToJson(hit: Hit) {
  const { section } = hit;
  return {
    title: section.essay.title,
    heading: section.heading,
    parentHeading: section.parentHeading,
    url: section.url,
    essayUrl: section.essay.url,
    excerpt: hit.excerptText,
    excerptMrkdwn: hit.excerpt,
    score: Number(hit.score.toFixed(4)),
    published: section.essay.published,
    tags: section.essay.tags,
    author: section.essay.author,
    readingMinutes: section.essay.readingMinutes,
    matchedTerms: hit.matchedTerms,
  };
}

/**
 * The mrkdwn excerpt, made for a terminal: Slack's escapes undone, `*bold*` shown as ANSI bold on
 * a TTY and kept as `*word*` in a pipe (so the match stays visible in logs and files).
 */
export function excerptForTerminal(mrkdwn: string, tty: boolean): string {
  const bolded = tty ? mrkdwn.replace(/\*([^*\n]+)\*/g, "\x1b[1m$1\x1b[22m") : mrkdwn;
  return bolded.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function formatHits(hits: Hit[], total: number, tty: boolean): string {
  const lines: string[] = [];
  hits.forEach((hit, i) => {
    const { section } = hit;
    const heading = section.heading || "(opening)";
    lines.push(`${i + 1}. ${heading} — ${section.essay.title}`);
    lines.push(`   ${excerptForTerminal(hit.excerpt, tty).replace(/\n+/g, " ")}`);
    lines.push(`   ${section.url}`);
    lines.push("");
  });
  lines.push(`${hits.length} of ${total} matching sections shown.`);
  return `${lines.join("\n")}\n`;
}

/** What the search read otherwise than typed, as the Slack reply says it: one line each. */
export function formatNotices(result: Pick<SearchResult, "corrected" | "unmatched">): string {
  const lines: string[] = [];
  if (result.corrected !== undefined) lines.push(`Showing results for ${result.corrected}.`);
  const missing = result.unmatched ?? [];
  if (missing.length > 0) {
    const list =
      missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} or ${missing.at(-1)}`;
    lines.push(`No section has ${list}; these match your other words.`);
  }
  return lines.map((line) => `${line}\n`).join("");
}
