/**
 * Scale benchmark: the real bot process (dist/main.js) at 1k, 10k and 100k sections, two builds
 * side by side: start-up, a changed refresh, an unchanged tick and memory, under steady /essay
 * traffic. See scale-run.ts for the phases and scale-report.ts for how each number is taken.
 *
 *   npm run bench:scale -- [--sizes=1000,10000,100000] [--baseline=DIR] [--candidate=DIR]
 *     [--only=baseline|candidate] [--out=FILE] [--tick=15] [--phase-limit=SECONDS] [--query=promotion]
 *     [--seed=7] [--keep]
 *
 * --baseline defaults to commit e1527fa, built once in a git worktree at
 * $TMPDIR/essay-bot-scale-e1527fa (see scale-checkout.ts); --candidate defaults to this checkout's
 * dist/ (run `npm run build` first). Generated feeds, DATA_DIRs and logs live in a temp dir; feeds
 * and DATA_DIRs are deleted after each run (unless --keep), logs are kept and their path printed.
 * BENCH_LOG_LEVEL=debug runs the bots at debug level: each refresh logs its stages' times.
 * Every bot started is killed on any exit, Ctrl-C included.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flag, numberFlag, numberListFlag } from "./args.js";
import { machineHeader } from "./machine.js";
import { killAllBots } from "./scale-bot.js";
import { baselineCheckout, type Checkout, candidateCheckout } from "./scale-checkout.js";
import { sectionsPerItem, writeCorpus } from "./scale-feeds.js";
import { method, sizeTable } from "./scale-report.js";
import { type RunResult, runCheckout } from "./scale-run.js";
import { formatBytes } from "./stats.js";

const argv = process.argv.slice(2);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Big temp dirs (feeds, DATA_DIRs) still on disk: removed on any exit. */
const disposable = new Set<string>();

function cleanUp(): void {
  killAllBots();
  for (const dir of disposable) rmSync(dir, { recursive: true, force: true });
  disposable.clear();
}

process.on("exit", cleanUp);
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const) {
  process.on(signal, () => {
    log(`scale benchmark: ${signal}: stopping the bots and removing temp data`);
    process.exit(code);
  });
}

function options() {
  const only = flag(argv, "only");
  if (only !== undefined && only !== "baseline" && only !== "candidate") {
    throw new Error(`scale benchmark: --only must be baseline or candidate, got "${only}"`);
  }
  const tick = numberFlag(argv, "tick") ?? 15;
  if (!Number.isInteger(tick) || 60 % tick !== 0 || tick < 5) {
    throw new Error(
      `scale benchmark: --tick must be whole seconds dividing 60, at least 5 (got ${tick})`,
    );
  }
  return {
    sizes: numberListFlag(argv, "sizes") ?? [1_000, 10_000, 100_000],
    only,
    out: flag(argv, "out"),
    tick,
    phaseLimitSeconds: numberFlag(argv, "phase-limit"),
    query: flag(argv, "query") ?? "promotion",
    seed: numberFlag(argv, "seed") ?? 7,
    keep: argv.includes("--keep"),
  };
}

async function main(): Promise<void> {
  const opts = options();
  const checkouts: [label: string, checkout: Checkout][] = [];
  if (opts.only !== "candidate")
    checkouts.push(["baseline", baselineCheckout(flag(argv, "baseline"), log)]);
  if (opts.only !== "baseline")
    checkouts.push(["candidate", candidateCheckout(flag(argv, "candidate"), log)]);

  const header = [
    machineHeader(),
    ...checkouts.map(([label, c]) => `${label}: ${c.dir} (${c.describe})`),
    `Command: npm run bench:scale -- ${argv.join(" ")}`.trimEnd(),
  ].join("\n");
  console.log(`${header}\n`);
  const sections: string[] = [header, method(opts.tick, opts.query)];

  const root = mkdtempSync(join(tmpdir(), "essay-bot-scale-run-"));
  log(`scale benchmark: working in ${root}`);
  const perItem = await sectionsPerItem(opts.seed);
  for (const size of opts.sizes) {
    const feedDir = join(root, `feeds-${size}`);
    mkdirSync(feedDir);
    if (!opts.keep) disposable.add(feedDir);
    const corpus = await writeCorpus(feedDir, { sections: size, seed: opts.seed, perItem });
    log(
      `scale benchmark: ${size} sections: ${corpus.items} items in ${corpus.files.length} feed files, ${formatBytes(corpus.bytes)} (largest ${formatBytes(corpus.largestFileBytes)}), ≈${corpus.estimatedSections} sections`,
    );
    const results = new Map<string, RunResult>();
    for (const [label, checkout] of checkouts) {
      const workDir = join(root, `${size}-${label}`);
      mkdirSync(workDir);
      if (!opts.keep) for (const heavy of ["feeds", "data"]) disposable.add(join(workDir, heavy));
      results.set(
        label,
        await runCheckout({
          label,
          checkout: checkout.dir,
          feeds: corpus.files,
          workDir,
          tickSeconds: opts.tick,
          phaseLimitMs: phaseLimitMs(size, opts.phaseLimitSeconds),
          query: opts.query,
          seed: opts.seed,
          log,
        }),
      );
      if (!opts.keep) for (const heavy of ["feeds", "data"]) remove(join(workDir, heavy));
    }
    if (!opts.keep) remove(feedDir);
    const table = sizeTable(size, results.get("baseline"), results.get("candidate"));
    console.log(`${table}\n`);
    sections.push(table);
  }
  console.log(method(opts.tick, opts.query));
  if (opts.out) {
    writeFileSync(opts.out, `${sections.join("\n\n")}\n`);
    log(`scale benchmark: wrote ${opts.out}`);
  }
}

/**
 * Each phase's time limit: --phase-limit=SECONDS for every size, else 180 s, scaled up in
 * proportion above 25k sections (720 s at 100k) because the baseline spends minutes there.
 */
function phaseLimitMs(size: number, given: number | undefined): number {
  return (given ?? 180 * Math.max(1, size / 25_000)) * 1000;
}

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  disposable.delete(dir);
}

try {
  await main();
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
} finally {
  cleanUp();
}
// Keep-alive sockets to stopped bots must not hold the benchmark open.
process.exit();
