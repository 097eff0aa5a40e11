/**
 * Turns section drafts (heading + blocks) into final `Section`s: ids, links, joined text, and the
 * rule for empty sections. Shared by splitEssay and the library's shelf, which re-finishes
 * sections after taking boilerplate out of them.
 */
import type { Block, EssayMeta, Section } from "./types.js";

export interface SectionDraft {
  heading: string;
  parentHeading: string;
  anchor: string;
  blocks: Block[];
  /** 0 = opening, then 1, 2… in heading order. Kept when empty sections are dropped, so ids and
   * positions do not shift when boilerplate removal empties a section. */
  position: number;
}

/**
 * Drops sections without blocks (a heading followed straight by a subheading, or a section that
 * held only boilerplate): a search hit on one would have nothing to show. An essay always keeps
 * one section, though, so it can still be found by title, listed and unfurled: when every
 * section is empty, an empty opening section stands for the whole essay.
 */
export function finishSections(meta: EssayMeta, drafts: readonly SectionDraft[]): Section[] {
  return keptSections(meta, drafts).map(({ draft, id }) => toSection(meta, draft, id));
}

/**
 * What finishSections keeps, with each section's id, before anything is made of it: the library
 * makes its own compact sections from these, without joining every section's text to drop it.
 */
export function keptSections(
  meta: EssayMeta,
  drafts: readonly SectionDraft[],
): { draft: SectionDraft; id: string }[] {
  const kept = drafts.filter((draft) => draft.blocks.length > 0);
  if (kept.length === 0) {
    const opening = { heading: "", parentHeading: "", anchor: "", blocks: [], position: 0 };
    return [{ draft: opening, id: `${meta.id}#` }];
  }
  const ids = sectionIds(meta.id, drafts);
  return kept.map((draft) => ({ draft, id: ids.get(draft.position) ?? "" }));
}

function toSection(meta: EssayMeta, draft: SectionDraft, id: string): Section {
  return {
    ...sectionFields(meta, draft, id),
    text: draft.blocks.map((block) => block.text).join("\n\n"),
  };
}

/** A section's fields but its text: what a caller joining the text only when read needs. */
export function sectionFields(
  meta: EssayMeta,
  draft: SectionDraft,
  id: string,
): Omit<Section, "text"> {
  return {
    id,
    essay: meta,
    heading: draft.heading,
    parentHeading: draft.parentHeading,
    anchor: draft.anchor,
    url: sectionUrl(meta.url, draft.anchor),
    blocks: draft.blocks,
    position: draft.position,
  };
}

/**
 * `${essayId}#${anchor}`. Forem gives repeated headings the same anchor, so later repeats get
 * `#${position}` appended; `#` never occurs in a Forem slug (it is punctuation), so these ids
 * cannot collide with another heading's. Computed over all drafts, before empty ones are
 * dropped, so an id does not change when boilerplate removal empties an earlier section.
 */
function sectionIds(essayId: string, drafts: readonly SectionDraft[]): Map<number, string> {
  const seen = new Set<string>();
  const ids = new Map<number, string>();
  for (const draft of drafts) {
    const base = `${essayId}#${draft.anchor}`;
    ids.set(draft.position, seen.has(draft.anchor) ? `${base}#${draft.position}` : base);
    seen.add(draft.anchor);
  }
  return ids;
}

/**
 * The essay URL with the section's anchor as fragment (any fragment the feed's link had is
 * replaced). No anchor, or no essay URL to hang it on: the essay URL itself ("" when none).
 */
export function sectionUrl(essayUrl: string, anchor: string): string {
  const base = essayUrl.replace(/#.*$/, "");
  return anchor && base ? `${base}#${anchor}` : base;
}
