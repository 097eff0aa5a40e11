/** Turns search hits and essays into what the CLI prints: numbered text for people, JSON for tools. */
import type { SplitEssay } from "./essay/types.js";
import {
  essayTitle,
  firstSentencesPlain,
  formatReadingTime,
  openingSection,
  plainDate,
} from "./render/format.js";
import type { Hit, SearchResult } from "./search/types.js";

const BOLD = "\x1b[1m";
const UNBOLD = "\x1b[22m";
/** How much of an essay's opening `latest` shows. */
const MAX_OPENING = 300;

/**
 * Whether to print ANSI bold: on a terminal, unless NO_COLOR is set (no-color.org); FORCE_COLOR
 * (as Node and most CLIs read it) turns it on in a pipe, and "0" or "false" turns it off.
 */
export function useColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return isTTY;
}

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

/** `latest --json`: an essay's metadata and how it opens, as plain text. */
export function essayToJson(essay: SplitEssay) {
  const { meta } = essay;
  const opening = openingSection(essay);
  return {
    title: meta.title,
    url: meta.url,
    published: meta.published,
    author: meta.author,
    tags: meta.tags,
    readingMinutes: meta.readingMinutes,
    opening: opening ? firstSentencesPlain(opening.text, MAX_OPENING) : "",
  };
}

/**
 * The mrkdwn excerpt, made for a terminal: Slack's escapes undone and `*bold*` shown as ANSI
 * bold. Without colour the plain excerpt is printed instead: Slack's asterisks mean nothing there.
 */
export function excerptForTerminal(mrkdwn: string): string {
  const bolded = mrkdwn.replace(/\*([^*\n]+)\*/g, `${BOLD}$1${UNBOLD}`);
  return bolded.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

export function formatHits(hits: Hit[], total: number, color: boolean): string {
  const lines: string[] = [];
  hits.forEach((hit, i) => {
    const { section } = hit;
    const heading = section.heading || "(opening)";
    lines.push(`${i + 1}. ${bold(heading, color)} — ${section.essay.title}`);
    const excerpt = color ? excerptForTerminal(hit.excerpt) : hit.excerptText;
    lines.push(indent(excerpt));
    lines.push(`   ${section.url}`);
    lines.push("");
  });
  lines.push(`${hits.length} of ${total} matching sections shown.`);
  return `${lines.join("\n")}\n`;
}

/** `latest` as text: title, date · reading time · author, how it opens, the link. */
export function formatLatest(essays: SplitEssay[], color: boolean): string {
  if (essays.length === 0) return "No essays in the feed.\n";
  const lines: string[] = [];
  essays.forEach((essay, i) => {
    const { meta } = essay;
    lines.push(`${i + 1}. ${bold(essayTitle(meta), color)}`);
    const byline = [plainDate(meta.published), formatReadingTime(meta.readingMinutes), meta.author];
    lines.push(`   ${byline.filter((part) => part !== "").join(" · ")}`);
    const opening = openingSection(essay);
    const first = opening ? firstSentencesPlain(opening.text, MAX_OPENING) : "";
    if (first) lines.push(indent(first));
    if (meta.url) lines.push(`   ${meta.url}`);
    lines.push("");
  });
  return `${lines.join("\n").trimEnd()}\n`;
}

/** What nothing matching looks like: the near-misses the index found, else Slack's advice. */
export function formatNoMatch(query: string, suggestions: string[]): string {
  const quoted = suggestions.slice(0, 5).map((s) => `"${s}"`);
  if (quoted.length === 0) {
    return `No section matches "${query}".\nFewer or different words often help; quote a phrase to match it exactly.\n`;
  }
  const options =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return `No section matches "${query}". Did you mean ${options}?\n`;
}

function bold(text: string, color: boolean): string {
  return color ? `${BOLD}${text}${UNBOLD}` : text;
}

/** Indented under its number; a list's items keep a line each. */
function indent(text: string): string {
  return `   ${text.replace(/\n/g, "\n   ")}`;
}

/** What the search read otherwise than typed, as the Slack reply says it: one line each. */
export function formatNotices(
  result: Pick<SearchResult, "query" | "corrected" | "unmatched" | "related">,
): string {
  const lines: string[] = [];
  if (result.corrected !== undefined) lines.push(`Showing results for ${result.corrected}.`);
  if (result.related !== undefined) {
    lines.push(`Also showing ${result.related}, for ${result.corrected ?? result.query}.`);
  }
  const missing = result.unmatched ?? [];
  if (missing.length > 0) {
    const list =
      missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} or ${missing.at(-1)}`;
    lines.push(`No section has ${list}; these match your other words.`);
  }
  return lines.map((line) => `${line}\n`).join("");
}
