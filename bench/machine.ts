/**
 * What the numbers were measured on, and a garbage collector to call between measurements.
 * Benchmarks are only comparable on the same machine, so every report starts with this header.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  /** 1/5/15-minute load averages when measured: the machine is shared, so say how busy it was. */
  load: number[];
  /** The code measured: commit, and how many files under src/ differed from it. */
  code: string;
}

export function machine(date = new Date()): Machine {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: date.toISOString(),
    load: loadavg().map((l) => Math.round(l * 100) / 100),
    code: codeVersion(),
  };
}

/** /proc/cpuinfo names the CPU on Linux; elsewhere fall back to what os.cpus() reports. */
function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    const model = line?.split(":")[1]?.trim();
    if (model) return model;
  } catch {
    // Not Linux: os.cpus() below.
  }
  return cpus()[0]?.model ?? "unknown CPU";
}

/** Read-only git queries; "unknown" outside a checkout or without git. */
function codeVersion(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const commit = git("rev-parse", "--short", "HEAD");
    const changed = git("status", "--porcelain", "--", "src").split("\n").filter(Boolean).length;
    return changed > 0
      ? `commit ${commit} + ${changed} uncommitted file(s) in src/`
      : `commit ${commit}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

export function machineHeader(m: Machine = machine()): string {
  return [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.platform}`,
    `Node ${m.node}; date ${m.date}; load average ${m.load.join(" / ")} (1/5/15 min)`,
    `Code: ${m.code}`,
  ].join("\n");
}

let collector: (() => void) | undefined;

/**
 * A full, synchronous garbage collection. `npm run bench` starts without --expose-gc, so the
 * flag is switched on at run time and `gc` is taken from a fresh context, where V8 installs it.
 */
export function gc(): void {
  if (!collector) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) {
      collector = exposed;
    } else {
      setFlagsFromString("--expose-gc");
      collector = runInNewContext("gc") as () => void;
    }
  }
  // Twice: the first pass can leave objects whose finalisers free more on the second.
  collector();
  collector();
}

/** Heap in use after a full collection: a baseline to subtract from. */
export function heapUsedAfterGc(): number {
  gc();
  return process.memoryUsage().heapUsed;
}
