/** `--name=value` flags for the benchmark scripts; anything else on the command line is ignored. */

export function flag(argv: readonly string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  return argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

/** A positive number (underscores allowed: 100_000), or undefined when the flag is absent. */
export function numberFlag(argv: readonly string[], name: string): number | undefined {
  return numberListFlag(argv, name)?.[0];
}

/** A comma-separated list of positive numbers, or undefined when the flag is absent. */
export function numberListFlag(argv: readonly string[], name: string): number[] | undefined {
  const raw = flag(argv, name);
  if (raw === undefined) return undefined;
  const values = raw.split(",").map((v) => Number(v.trim().replace(/_/g, "")));
  if (values.length === 0 || values.some((v) => !(v > 0) || !Number.isFinite(v))) {
    throw new Error(
      `benchmark: --${name} must be positive numbers separated by commas (e.g. --${name}=1000,10000), got "${raw}"`,
    );
  }
  return values;
}
