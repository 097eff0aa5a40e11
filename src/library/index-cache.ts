/**
 * The search index saved in the store, so a restart loads it instead of building it. It is a
 * cache: it is used only when its fingerprint says it indexes exactly the essays about to be
 * served (the same ids, content and splitter), and anything else means a build, as without it.
 */
import { createHash } from "node:crypto";
import type { SplitEssay } from "../essay/types.js";
import { type Logger, silentLogger } from "../logger.js";
import {
  decodeSnapshotSteps,
  encodeSnapshotSteps,
  SNAPSHOT_FORMAT,
  snapshotFingerprint,
} from "../search/index-snapshot.js";
import { drain } from "../search/inverted-index.js";
import { SearchIndex } from "../search/search-index.js";
import type { EssayStore } from "../store/essay-store.js";
import { SPLIT_VERSION } from "../store/split-cache.js";
import { CompactSection } from "./compact.js";
import { runInSlices } from "./slices.js";

/**
 * What an index is an index of: each essay's id, body, metadata and the length of every section
 * (which boilerplate removal changes), with the splitter's and the snapshot's versions.
 */
export function fingerprintOf(
  essays: readonly SplitEssay[],
  bodyHashOf: (id: string) => string | undefined,
): string {
  return drain(fingerprintSteps(essays, bodyHashOf));
}

/** `fingerprintOf` in steps, one essay each, for a caller that runs it in slices. */
export function* fingerprintSteps(
  essays: readonly SplitEssay[],
  bodyHashOf: (id: string) => string | undefined,
): Generator<void, string> {
  const hash = createHash("sha256").update(`${SNAPSHOT_FORMAT}/${SPLIT_VERSION}\n`);
  for (const { meta, sections } of essays) {
    const lengths = sections.map((s) => `${s.id.length}.${s.heading.length}.${textLength(s)}`);
    hash.update(
      JSON.stringify([
        meta.id,
        bodyHashOf(meta.id) ?? "",
        meta.title,
        meta.url,
        meta.author,
        meta.published,
        meta.tags,
        lengths.join(","),
      ]),
    );
    yield;
  }
  return hash.digest("base64url");
}

/** A section's text length, without joining a compact section's blocks to find it. */
function textLength(section: SplitEssay["sections"][number]): number {
  return section instanceof CompactSection ? section.textLength : section.text.length;
}

/**
 * The saved index, if it indexes exactly `essays`. `saved` is the store's read of it, which the
 * library starts at the beginning of a load so the file is read while the records are.
 */
export async function loadIndex(
  saved: Promise<Uint8Array | undefined>,
  essays: readonly SplitEssay[],
  fingerprint: string,
  sliceMs: number,
  log: Logger = silentLogger,
): Promise<SearchIndex | undefined> {
  const bytes = await saved.catch(() => undefined);
  if (!bytes) return undefined;
  // The small head alone says whether the rest is worth reading.
  const decoded =
    snapshotFingerprint(bytes) === fingerprint
      ? await runInSlices(decodeSnapshotSteps(bytes), sliceMs)
      : undefined;
  if (!decoded) {
    log.info({}, "The saved search index is out of date; building it anew");
    return undefined;
  }
  try {
    return await runInSlices(SearchIndex.restoreSteps(essays, decoded.snapshot), sliceMs);
  } catch (err) {
    log.warn({ err }, "The saved search index could not be used; building it anew");
    return undefined;
  }
}

/** Saves the index; a failure only costs a build at the next start, so it is logged, not thrown. */
export async function saveIndex(
  store: EssayStore,
  index: SearchIndex,
  fingerprint: string,
  sliceMs: number,
  log: Logger = silentLogger,
): Promise<boolean> {
  if (!store.writeIndexSnapshot) return false;
  try {
    const chunks = await runInSlices(encodeSnapshotSteps(index.snapshot(), fingerprint), sliceMs);
    await store.writeIndexSnapshot(chunks);
    return true;
  } catch (err) {
    log.warn({ err }, "Could not save the search index; the next start builds it instead");
    return false;
  }
}
