/** The one store-file format this essay-bot reads: a JSON object with `"version": 1`. */

/** Why `raw` is not a version-1 store file, or undefined when it is one (fields unchecked). */
export function versionProblem(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "not a JSON object";
  const { version } = raw as { version?: unknown };
  if (version === 1) return undefined;
  return typeof version === "number" && version > 1
    ? `it has version ${version}, written by a newer essay-bot (this one reads version 1)`
    : 'missing "version": 1';
}
