/**
 * Turns what a user typed after `/essay` into an intent. The text is untrusted and arrives in
 * Slack's wire format: `&`, `<`, `>` HTML-escaped, and (when the command escapes entities)
 * mentions and links wrapped as `<@U123|alice>`, `<#C123|general>`, `<https://x|label>`.
 */

import { stripInvisible } from "../feed/invisible.js";
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { parseQuery } from "../search/query.js";
import type { Delivery } from "../subscriptions/types.js";

/** Longer queries are cut here: no essay phrase is this long, and it keeps button values small. */
export const MAX_QUERY_CHARS = 200;

/** A topic longer than this is a sentence, not a topic; more topics than this is a feed. */
export const MAX_TOPIC_CHARS = 60;
export const MAX_TOPICS = 10;

export type EssayIntent =
  | { kind: "help" }
  | { kind: "latest" }
  | { kind: "search"; query: string }
  | { kind: "subscribe"; delivery: Delivery; topics: string[] }
  | { kind: "unsubscribe" }
  | { kind: "subscriptions" }
  | { kind: "notify"; topics: string[] }
  | { kind: "notify-off" }
  /** A subscription word with topics that cannot be used: `problem` says why, plainly. */
  | { kind: "invalid"; problem: string };

export function parseEssayText(raw: string): EssayIntent {
  const query = slackTextToQuery(raw);
  const word = query.toLowerCase();
  if (word === "" || word === "help" || word === "?") return { kind: "help" };
  if (word === "latest" || word === "new" || word === "newest") return { kind: "latest" };
  // Only the bare first word: a quoted "subscribe" is a search for that word.
  const [first = "", ...others] = query.split(" ");
  const rest = others.join(" ");
  switch (first.toLowerCase()) {
    case "subscribe":
      return subscribeIntent(rest);
    case "unsubscribe":
      return rest === "" ? { kind: "unsubscribe" } : unexpected("unsubscribe");
    case "subscriptions":
      return rest === "" ? { kind: "subscriptions" } : unexpected("subscriptions");
    case "notify": {
      if (rest.toLowerCase() === "off") return { kind: "notify-off" };
      if (rest === "") {
        return {
          kind: "invalid",
          problem:
            "Say which topics you want a direct message about, e.g. `/essay notify promotion, code review` (and `/essay notify off` to stop).",
        };
      }
      const topics = parseTopics(rest);
      return "problem" in topics ? { kind: "invalid", ...topics } : { kind: "notify", topics };
    }
  }
  return { kind: "search", query };
}

function subscribeIntent(rest: string): EssayIntent {
  // The delivery word ends at a space or a comma: `daily, hiring` is a daily digest on hiring.
  const mode = /^(daily|weekly)(?=$|[\s,])[\s,]*/i.exec(rest);
  const delivery: Delivery = mode ? (mode[1]?.toLowerCase() as "daily" | "weekly") : "each";
  const topicText = mode ? rest.slice(mode[0].length) : rest;
  if (topicText === "") return { kind: "subscribe", delivery, topics: [] };
  const topics = parseTopics(topicText);
  return "problem" in topics
    ? { kind: "invalid", ...topics }
    : { kind: "subscribe", delivery, topics };
}

function unexpected(word: string): EssayIntent {
  return {
    kind: "invalid",
    problem: `\`/essay ${word}\` takes nothing after it. To search for those words, put them in quotes: \`/essay "${word}" …\`.`,
  };
}

/** Topics separated by commas; blanks dropped, duplicates (ignoring case) merged. */
export function parseTopics(text: string): string[] | { problem: string } {
  const topics: string[] = [];
  const seen = new Set<string>();
  for (const piece of text.split(",")) {
    // An override or zero-width character is invisible in the confirmation and would stop the
    // topic from ever matching the words it seems to say.
    const topic = stripInvisible(piece).replace(/\s+/g, " ").trim();
    if (topic === "" || seen.has(topic.toLowerCase())) continue;
    if (!/[\p{L}\p{N}]/u.test(topic)) {
      return {
        problem: `"${escapeMrkdwn(topic)}" has no letters or digits to look for. Use words, e.g. \`promotion, code review\`.`,
      };
    }
    if (Array.from(topic).length > MAX_TOPIC_CHARS) {
      return {
        problem: `A topic can be at most ${MAX_TOPIC_CHARS} characters; "${escapeMrkdwn(Array.from(topic).slice(0, 30).join(""))}…" is longer. Separate topics with commas.`,
      };
    }
    // The search's own parse: a topic it finds no terms in could never match an essay.
    if (parseQuery(topic).terms.length === 0) {
      return {
        problem: `"${escapeMrkdwn(topic)}" is only common words that searches skip, so it would never match. Add a word that says what it is about, e.g. \`how to lead\`.`,
      };
    }
    seen.add(topic.toLowerCase());
    topics.push(topic);
  }
  if (topics.length === 0) {
    return {
      problem:
        "Those topics are empty. Separate topics with commas, e.g. `promotion, code review`.",
    };
  }
  if (topics.length > MAX_TOPICS) {
    return {
      problem: `At most ${MAX_TOPICS} topics, please (you gave ${topics.length}). Keep the ones that matter most.`,
    };
  }
  return topics;
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
