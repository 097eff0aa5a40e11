/**
 * Checks a record file read back from disk before the library trusts it. The split cache is
 * checked only for its envelope: a cache of another version is redone from the body anyway, and
 * a malformed one fails splitting's own checks and is redone too (see library/records.ts).
 */
import { versionProblem } from "./file-version.js";

/** Why `raw` is not a version-1 record file, or undefined when it is one. */
export function checkRecord(raw: unknown): string | undefined {
  const problem = versionProblem(raw);
  if (problem) return problem;
  return recordProblem((raw as { record?: unknown }).record);
}

/** Why `record` is not an EssayRecord (as a file or a database row holds it), or undefined. */
export function recordProblem(record: unknown): string | undefined {
  if (typeof record !== "object" || record === null) return '"record" is missing';
  const r = record as Record<string, unknown>;
  if (typeof r.bodyHash !== "string" || typeof r.firstSeen !== "string") {
    return "bodyHash or firstSeen is missing";
  }
  if (typeof r.seq !== "number" || !Number.isFinite(r.seq)) return "seq is not a number";
  return headProblem(r.head);
}

function headProblem(head: unknown): string | undefined {
  if (typeof head !== "object" || head === null) return '"head" is missing';
  const h = head as Record<string, unknown>;
  const missing = ["id", "feedUrl", "title", "url", "author"].find((k) => typeof h[k] !== "string");
  if (missing) return `head.${missing} is not a string`;
  if (!(h.published === null || typeof h.published === "string")) return "head.published is bad";
  if (!Array.isArray(h.tags) || !h.tags.every((t) => typeof t === "string")) {
    return "head.tags is not a list of strings";
  }
  return undefined;
}
