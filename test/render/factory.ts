/**
 * Test essays, sections and hits shaped like the essay and search modules make them: feed text
 * escaped into mrkdwn, matched words in bold. Overrides make hostile variants one line each.
 */
import { expect } from "vitest";
import type { Block, EssayMeta, Section, SplitEssay } from "../../src/essay/types.js";
import { escapeMrkdwn } from "../../src/mrkdwn/escape.js";
import { checkBlockKitLimits, checkViewLimits } from "../../src/render/limits.js";
import type { Hit, SearchPage, SearchResult } from "../../src/search/types.js";

/** Everything Slack would act on if it reached mrkdwn unescaped, plus text that must survive. */
export const HOSTILE =
  "<!channel> hi <@U123> see <https://evil.example|click> Q&A *bold _it ~x `c 🎉👩‍👩‍👧 日本語の文章 Привет";

export function meta(overrides: Partial<EssayMeta> = {}): EssayMeta {
  return {
    id: "https://forem.com/jono/on-promotion",
    title: "On promotion",
    url: "https://forem.com/jono/on-promotion",
    author: "Jono Herrington",
    published: "2026-05-18T09:00:00Z",
    tags: ["leadership", "career"],
    readingMinutes: 4,
    ...overrides,
  };
}

export function block(text: string): Block {
  return { text, mrkdwn: escapeMrkdwn(text) };
}

export function sectionOf(overrides: Partial<Section> = {}): Section {
  const essay = overrides.essay ?? meta();
  const heading = overrides.heading ?? "Why promotion is slow";
  const anchor = overrides.anchor ?? (heading ? heading.toLowerCase().replace(/\W+/g, "-") : "");
  const text =
    overrides.text ??
    "Promotion rewards the work people can see. Most of the work that matters is invisible.";
  return {
    id: `${essay.id}#${anchor}`,
    essay,
    heading,
    parentHeading: "",
    anchor,
    url: anchor ? `${essay.url}#${anchor}` : essay.url,
    blocks: overrides.blocks ?? [block(text)],
    text,
    position: 1,
    ...overrides,
  };
}

/** A hit whose excerpt bolds `term` the way search does (text escaped first). */
export function hit(section: Section = sectionOf(), term = "promotion"): Hit {
  const escaped = escapeMrkdwn(section.text);
  const excerpt = term ? escaped.replace(new RegExp(`\\b(${term})\\b`, "gi"), "*$1*") : escaped;
  return { section, score: 1, excerpt, excerptText: section.text, matchedTerms: [term] };
}

export function result(hits: Hit[], query = "promotion", suggestions: string[] = []): SearchResult {
  return { query, total: hits.length, hits, suggestions };
}

/** The page of `result` that SearchIndex.page would give for `at` (offset clamped the same way). */
export function searchPage(
  result: SearchResult,
  at: { offset: number; pageSize?: number },
): SearchPage {
  const size = at.pageSize ?? 3;
  const total = result.hits.length;
  const last = total === 0 ? 0 : Math.floor((total - 1) / size) * size;
  const offset = Math.min(Math.max(0, at.offset), last);
  return { ...result, offset, hits: result.hits.slice(offset, offset + size) };
}

export function essayOf(
  m: EssayMeta = meta(),
  headings = ["Why promotion is slow", "What to do"],
): SplitEssay {
  const opening = sectionOf({
    essay: m,
    heading: "",
    anchor: "",
    position: 0,
    text: "I was passed over twice. Here is what I learned about promotion. It took years.",
  });
  const rest = headings.map((h, i) => sectionOf({ essay: m, heading: h, position: i + 1 }));
  return { meta: m, sections: [opening, ...rest] };
}

/** The texts Slack parses as mrkdwn: the fallback and every mrkdwn text object. */
export function mrkdwnTexts(message: { text?: string; blocks: unknown[] }): string[] {
  const found: string[] = message.text ? [message.text] : [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o.type === "mrkdwn" && typeof o.text === "string") found.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks);
  return found;
}

/** Within Slack's limits, and no hostile markup alive in any mrkdwn. */
export function expectSafe(message: { text?: string; blocks: unknown[] }): string {
  expect(checkBlockKitLimits(message)).toEqual([]);
  const all = mrkdwnTexts(message).join("\n");
  expect(all).not.toContain("<!channel>");
  expect(all).not.toContain("<@U123>");
  expect(all).not.toMatch(/<https:\/\/evil/);
  return all;
}

/** A modal or Home view within Slack's view limits, and no hostile markup alive in any mrkdwn. */
export function expectSafeView(view: { blocks: unknown[] }): string {
  expect(checkViewLimits(view)).toEqual([]);
  const all = mrkdwnTexts({ blocks: view.blocks }).join("\n");
  expect(all).not.toContain("<!channel>");
  expect(all).not.toContain("<@U123>");
  expect(all).not.toMatch(/<https:\/\/evil/);
  return all;
}

export const long = (unit: string, chars: number): string =>
  unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
