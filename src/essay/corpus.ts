/**
 * The searchable corpus: every essay split into sections, with boilerplate (blocks repeated
 * across essays, see boilerplate.ts) taken out of every section so it is neither indexed nor
 * shown. Pure; essays come back in input order.
 */
import type { Essay } from "../feed/types.js";
import { blockKey, findBoilerplate } from "./boilerplate.js";
import { finishSections } from "./sections.js";
import { draftEssay } from "./split.js";
import type { Block, SplitEssay } from "./types.js";

export function buildCorpus(essays: readonly Essay[]): SplitEssay[] {
  const drafted = essays.map(draftEssay);
  // Keyed once: normalising every block's text is the costliest step of boilerplate detection.
  const keys = new Map<Block, string>();
  for (const { drafts } of drafted) {
    for (const draft of drafts) for (const block of draft.blocks) keys.set(block, blockKey(block));
  }
  const boilerplate = findBoilerplate(
    drafted.map(({ meta, drafts }) => ({
      id: meta.id,
      keys: drafts.flatMap((draft) => draft.blocks.map((block) => keys.get(block) ?? "")),
    })),
  );
  return drafted.map(({ meta, drafts }) => {
    const cleaned = drafts.map((draft) => ({
      ...draft,
      blocks: draft.blocks.filter((block) => !boilerplate.has(keys.get(block) ?? "")),
    }));
    // Sections left empty are dropped here; an essay keeps at least one (see finishSections).
    return { meta, sections: finishSections(meta, cleaned) };
  });
}
