/**
 * Reads `archive.json`, the single-file archive of essay-bot before one file per essay, so the
 * file store can migrate it. An unusable file is moved aside and logged, never fatal: the feed
 * refills the store, and the operator keeps the file to recover essays no longer in the feed.
 */
import type { Essay } from "../feed/types.js";
import { type Logger, silentLogger } from "../logger.js";
import { moveAside, readJson } from "./atomic.js";
import { StoreError } from "./errors.js";
import { versionProblem } from "./file-version.js";

/** An essay as archive.json held it: the feed's essay plus when the bot first saw it. */
export type LegacyEssay = Essay & { firstSeen: string };

/** The essays of `path`, in the order first seen; undefined when there is no usable file. */
export async function readLegacyArchive(
  path: string,
  log: Logger = silentLogger,
  now: Date = new Date(),
): Promise<LegacyEssay[] | undefined> {
  let problem: string;
  try {
    const raw = await readJson<unknown>(path);
    if (raw === undefined) return undefined;
    const shapeProblem = checkShape(raw);
    if (shapeProblem === undefined) return (raw as { essays: LegacyEssay[] }).essays;
    problem = `${path} does not look like an essay-bot archive: ${shapeProblem}.`;
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    problem = err.message;
  }
  const aside = await moveAside(path, now);
  log.error(
    { path, movedTo: aside, problem },
    "Archive file was unusable: moved it aside and starting with an empty archive. The next " +
      "refresh refills it from the feed; to recover essays no longer in the feed, stop the " +
      "bot, repair the moved file and move it back to the archive path.",
  );
  return undefined;
}

/** Why `raw` is not a version-1 archive, or undefined when it is one. */
function checkShape(raw: unknown): string | undefined {
  const problem = versionProblem(raw);
  if (problem) return problem;
  const { essays } = raw as { essays?: unknown };
  if (!Array.isArray(essays)) return '"essays" is not an array';
  const bad = essays.findIndex((e) => !isLegacyEssay(e));
  return bad === -1 ? undefined : `essays[${bad}] is not a valid essay record`;
}

function isLegacyEssay(e: unknown): e is LegacyEssay {
  if (typeof e !== "object" || e === null) return false;
  const r = e as Record<string, unknown>;
  return (
    ["id", "feedUrl", "title", "url", "author", "html", "firstSeen"].every(
      (k) => typeof r[k] === "string",
    ) &&
    (r.published === null || typeof r.published === "string") &&
    Array.isArray(r.tags) &&
    r.tags.every((t) => typeof t === "string")
  );
}
