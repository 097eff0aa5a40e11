/**
 * The small pieces of text several messages share (dates, reading time, tags, headings, links),
 * each escaped and capped here so no builder can forget to.
 */
import type { EssayMeta, Section, SplitEssay } from "../essay/types.js";
import { defangMrkdwn, escapeMrkdwn, mrkdwnLink } from "../mrkdwn/escape.js";
import { LIMITS } from "./block-kit.js";
import { truncateMrkdwn, truncatePlain } from "./truncate.js";

/** Titles and headings longer than this are someone's paragraph, not a label. */
export const MAX_LABEL = 150;
/** A link longer than this is not worth its share of Slack's 12,000-character message budget. */
const MAX_LINK_URL = 800;
const MAX_TAGS = 5;
const MAX_TAG = 30;
const MAX_TAGS_CHARS = 120;

const DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/**
 * Slack's date token, which each reader sees in their own time zone and date format, with
 * "18 May 2026" (UTC) for clients that cannot format it; "" when the feed gave no usable date.
 */
export function formatDate(iso: string | null): string {
  const fallback = plainDate(iso);
  if (!fallback) return "";
  const time = new Date(iso ?? "").getTime();
  // Slack formats only times after the epoch; an older date shows as the fallback text.
  return time < 0 ? fallback : `<!date^${Math.floor(time / 1000)}^{date_short}|${fallback}>`;
}

/** "18 May 2026" (UTC), or "" when the feed gave no usable date: for terminals and fallbacks. */
export function plainDate(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : DATE.format(date);
}

export function formatReadingTime(minutes: number): string {
  const whole = Number.isFinite(minutes) ? Math.max(1, Math.round(minutes)) : 1;
  return `${whole} min read`;
}

/** "leadership, career +95 more", escaped; a hundred tags must not crowd out the rest. */
export function formatTags(tags: string[]): string {
  const clean = tags.map(oneLine).filter((t) => t !== "");
  const shown: string[] = [];
  let length = 0;
  for (const tag of clean.slice(0, MAX_TAGS)) {
    const text = escaped(tag, MAX_TAG);
    if (shown.length > 0 && length + text.length > MAX_TAGS_CHARS) break;
    shown.push(text);
    length += text.length + 2;
  }
  const more = clean.length - shown.length;
  return shown.join(", ") + (more > 0 ? ` +${more} more` : "");
}

/** Feed text on one line, escaped, then cut: cutting after escaping keeps the length bound. */
export function escaped(text: string, max: number): string {
  return truncateMrkdwn(escapeMrkdwn(oneLine(text)), max);
}

/**
 * Only a well-formed http(s) link of sane length becomes a link or url button; anything else is
 * dropped. The link comes raw from a feed: it must parse as a URL with a host as written (the URL
 * parser alone would mend `https:///x` into `https://x/`), and hold no spaces or control characters.
 */
export function safeUrl(url: string, max = MAX_LINK_URL): string | undefined {
  if (url.length > max || !/^https?:\/\/[^/?#\\\s]/i.test(url) || /[\s\p{Cc}]/u.test(url)) {
    return undefined;
  }
  try {
    return new URL(url).hostname === "" ? undefined : url;
  } catch {
    return undefined;
  }
}

/** The link for a url button: Block Kit allows up to 3,000 characters there. */
export function buttonUrl(url: string): string | undefined {
  return safeUrl(url, LIMITS.buttonUrl);
}

/** A label cut to `max`, one line, escaped, linked when the URL is safe. */
export function link(url: string, label: string, max = MAX_LABEL): string {
  const text = truncatePlain(oneLine(label), max);
  const href = safeUrl(url);
  return href ? mrkdwnLink(href, text) : escapeMrkdwn(text);
}

/** A bold link: a `*` in the label would end the bold early, so it becomes the look-alike "∗". */
export function boldLink(url: string, label: string, max = MAX_LABEL): string {
  return `*${link(url, label.replace(/\*/g, "∗"), max)}*`;
}

export function essayTitle(meta: EssayMeta): string {
  return oneLine(meta.title) || "Untitled essay";
}

/** "Parent › Heading" for nested sections; the essay title for the opening section. */
export function sectionLabel(section: Section): string {
  const heading = oneLine(section.heading);
  if (!heading) return essayTitle(section.essay);
  const parent = oneLine(section.parentHeading);
  return parent ? `${truncatePlain(parent, 60)} › ${heading}` : heading;
}

/** Meta parts for a context line (each escaped and capped; empty ones dropped by `context`). */
export function metaParts(meta: EssayMeta, opts: { title?: boolean; author?: boolean }): string[] {
  return [
    opts.title ? escaped(essayTitle(meta), 100) : "",
    opts.author ? escaped(meta.author, 60) : "",
    formatDate(meta.published),
    formatReadingTime(meta.readingMinutes),
    formatTags(meta.tags),
  ];
}

/**
 * A search excerpt for display. It is mrkdwn already (escaped, matched words in bold) so it is
 * not escaped again; it should hold no links, so any stray `<` or `>` is shown literally.
 */
export function excerptMrkdwn(excerpt: string, max: number): string {
  return truncateMrkdwn(excerpt.replace(/</g, "&lt;").replace(/>/g, "&gt;").trim(), max);
}

/** A section's own mrkdwn (escaped, with the essay's links), defanged and cut to `max`. */
export function passageMrkdwn(section: Section, max: number): string {
  const text = section.blocks
    .map((b) => b.mrkdwn.trim())
    .filter((t) => t !== "")
    .join("\n\n");
  const mrkdwn = text || escapeMrkdwn(section.text.trim());
  return truncateMrkdwn(defangMrkdwn(mrkdwn), max);
}

/** The essay's opening section, or its first one when the opening was all boilerplate. */
export function openingSection(essay: SplitEssay): Section | undefined {
  return essay.sections.find((s) => s.position === 0) ?? essay.sections[0];
}

/** The first sentence(s) of a text, escaped, about `max` characters at most. */
export function firstSentences(text: string, max: number): string {
  return escapeMrkdwn(firstSentencesPlain(text, max));
}

/** The first sentence(s) of a text on one line, as plain text, about `max` characters at most. */
export function firstSentencesPlain(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  const sentences = clean.match(/[^.!?…]+(?:[.!?…]+["'”’)\]]*\s*|$)/g) ?? [];
  let out = "";
  for (const s of sentences) {
    if (out && out.length + s.length > max) break;
    out += s;
    if (out.length >= max / 2) break;
  }
  return truncatePlain(out.trim() || clean, max);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
