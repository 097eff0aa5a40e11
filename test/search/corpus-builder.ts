/** Hand-built essays for search tests: each section written as heading + paragraphs. */
import type { EssayMeta, Section, SplitEssay } from "../../src/essay/types.js";

export interface EssaySpec {
  title: string;
  slug: string;
  /** Defaults to "Author", whose essays live under https://forem.com/author/. */
  author?: { name: string; handle: string };
  readingMinutes?: number;
  published?: string | null;
  tags?: string[];
  /** [heading, ...paragraphs]; the first entry's heading is usually "" (the opening). */
  sections: Array<[string, ...string[]]>;
}

export function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, "")
    .trim()
    .replace(/ +/g, "-");
}

export function essay(spec: EssaySpec): SplitEssay {
  const author = spec.author ?? { name: "Author", handle: "author" };
  const url = `https://forem.com/${author.handle}/${spec.slug}`;
  const meta: EssayMeta = {
    id: url,
    title: spec.title,
    url,
    author: author.name,
    published: spec.published === undefined ? "2026-05-01T12:00:00.000Z" : spec.published,
    tags: spec.tags ?? [],
    readingMinutes: spec.readingMinutes ?? 1,
  };
  const sections = spec.sections.map(([heading, ...paragraphs], position): Section => {
    const anchor = heading ? anchorOf(heading) : "";
    return {
      id: `${meta.id}#${anchor}`,
      essay: meta,
      heading,
      parentHeading: "",
      anchor,
      url: anchor ? `${url}#${anchor}` : url,
      blocks: paragraphs.map((text) => ({ text, mrkdwn: text })),
      text: paragraphs.join("\n\n"),
      position,
    };
  });
  return { meta, sections };
}
