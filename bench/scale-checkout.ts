/**
 * The two builds the scale benchmark compares. The baseline defaults to commit e1527fa built in a
 * git worktree under the OS temp dir (created once, then reused); the candidate defaults to this
 * repository's own dist/, which is never rebuilt here because another change may be in progress
 * in this working tree: `npm run build` first.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const BASELINE_COMMIT = "e1527fa";
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface Checkout {
  dir: string;
  /** "commit abc1234", plus how many files under src/ differ from it. */
  describe: string;
}

const git = (dir: string, ...args: string[]) =>
  execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();

function describe(dir: string): string {
  try {
    const commit = git(dir, "rev-parse", "--short", "HEAD");
    const changed = git(dir, "status", "--porcelain", "--", "src").split("\n").filter(Boolean);
    return changed.length > 0
      ? `commit ${commit} + ${changed.length} uncommitted file(s) in src/`
      : `commit ${commit}`;
  } catch {
    return "not a git checkout";
  }
}

function requireBuilt(dir: string, flagName: string): void {
  if (!existsSync(join(dir, "dist", "main.js"))) {
    throw new Error(
      `scale benchmark: ${join(dir, "dist", "main.js")} does not exist; run \`npm run build\` in ${dir} (or pass another --${flagName}=DIR)`,
    );
  }
  if (!existsSync(join(dir, "node_modules"))) {
    throw new Error(`scale benchmark: ${dir} has no node_modules; run \`npm ci\` there`);
  }
}

/** Newest mtime of any file under dir (0 when there is none). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return latest;
}

export function candidateCheckout(given: string | undefined, log: (l: string) => void): Checkout {
  const dir = resolve(given ?? REPO_ROOT);
  requireBuilt(dir, "candidate");
  if (
    existsSync(join(dir, "src")) &&
    newest(join(dir, "src")) > statSync(join(dir, "dist", "main.js")).mtimeMs
  ) {
    log(
      `scale benchmark: warning: ${dir}/src has files newer than dist/main.js; run \`npm run build\` there to measure them`,
    );
  }
  return { dir, describe: describe(dir) };
}

/**
 * --baseline=DIR, or a worktree of BASELINE_COMMIT at $TMPDIR/essay-bot-scale-e1527fa: made with
 * `git worktree add --detach` (nothing in this working tree changes), node_modules symlinked from
 * this repository, compiled with `tsc -p tsconfig.build.json`. Later runs reuse it; remove it with
 * `git worktree remove --force <dir>`.
 */
export function baselineCheckout(given: string | undefined, log: (l: string) => void): Checkout {
  if (given) {
    const dir = resolve(given);
    requireBuilt(dir, "baseline");
    return { dir, describe: describe(dir) };
  }
  const dir = join(tmpdir(), `essay-bot-scale-${BASELINE_COMMIT}`);
  if (!existsSync(dir)) {
    log(`scale benchmark: git worktree add --detach ${dir} ${BASELINE_COMMIT}`);
    git(REPO_ROOT, "worktree", "add", "--detach", dir, BASELINE_COMMIT);
  }
  const head = git(dir, "rev-parse", "HEAD");
  const expected = git(REPO_ROOT, "rev-parse", BASELINE_COMMIT);
  if (head !== expected) {
    throw new Error(
      `scale benchmark: ${dir} is at ${head.slice(0, 7)}, not ${BASELINE_COMMIT}; remove it (git worktree remove --force ${dir}) or pass --baseline=DIR`,
    );
  }
  if (!existsSync(join(dir, "node_modules"))) {
    symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  }
  if (!existsSync(join(dir, "dist", "main.js"))) {
    log(`scale benchmark: building the baseline: tsc -p tsconfig.build.json in ${dir}`);
    execFileSync(
      process.execPath,
      [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
      { cwd: dir, stdio: "inherit" },
    );
  }
  return { dir, describe: describe(dir) };
}
