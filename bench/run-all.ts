/**
 * `npm run bench`: every performance benchmark, one after the other in this process, each table
 * printed as soon as it is measured (progress goes to stderr, tables to stdout). Each benchmark
 * also runs alone: `npx tsx bench/search-perf.ts` (slash-perf.ts, ingest-perf.ts, processes-perf.ts).
 * `processes` runs the built bot (dist/main.js): `npm run build` first.
 *
 *   npm run bench -- [--only=search,slash,ingest,processes] [--quick] [per-benchmark flags]
 *
 * `--quick` is a smoke run (small sizes, few requests) to check the harness, not to quote.
 */
import { flag } from "./args.js";
import { ingestOptionsFromArgv, runIngestPerf } from "./ingest-perf.js";
import { machineHeader } from "./machine.js";
import { processesOptionsFromArgv, runProcessesPerf } from "./processes-perf.js";
import { runSearchPerf, searchOptionsFromArgv } from "./search-perf.js";
import { runSlashPerf, slashOptionsFromArgv } from "./slash-perf.js";
import { formatMs, nowMs } from "./stats.js";

const BENCHMARKS = ["search", "slash", "ingest", "processes"] as const;
type Name = (typeof BENCHMARKS)[number];

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const only = flag(argv, "only")?.split(",") ?? [...BENCHMARKS];
const unknown = only.filter((n) => !BENCHMARKS.includes(n as Name));
if (unknown.length > 0) {
  throw new Error(
    `bench: unknown --only entries ${unknown.join(", ")}; choose from ${BENCHMARKS.join(", ")}`,
  );
}

console.log("## Performance benchmarks\n");
console.log(machineHeader());
console.log(`Command: npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`);
const started = nowMs();

if (only.includes("search")) {
  const { report } = await runSearchPerf({
    ...(quick ? { sizes: [1_000], budget: 0.2 } : {}),
    ...searchOptionsFromArgv(argv),
  });
  console.log(`\n### Search\n\n${report}`);
}
if (only.includes("slash")) {
  const { report } = await runSlashPerf({
    ...(quick ? { requests: 200, trials: 1 } : {}),
    ...slashOptionsFromArgv(argv),
  });
  console.log(`\n### Slash command\n\n${report}`);
}
if (only.includes("ingest")) {
  const { report } = await runIngestPerf({
    ...(quick ? { items: 100, runs: 2 } : {}),
    ...ingestOptionsFromArgv(argv),
  });
  console.log(`\n### Ingest\n\n${report}`);
}
if (only.includes("processes")) {
  // processesOptionsFromArgv reads --quick itself.
  const { report } = await runProcessesPerf(processesOptionsFromArgv(argv));
  console.log(`\n### Several processes on one Postgres\n\n${report}`);
}
console.log(`\nTotal time: ${formatMs(nowMs() - started)}`);
