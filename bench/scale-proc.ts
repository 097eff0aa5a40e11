/**
 * What the scale benchmark reads about the bot process from Linux's /proc: the MAIN thread's CPU
 * time (the one that answers /essay, so its busy time is what a person waits on; GC helper
 * threads, libuv's pool and worker threads are other tasks and are left out on purpose) and the
 * process's resident memory now (VmRSS) and at its peak (VmHWM).
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";

let ticksPerSecond: number | undefined;

/** utime/stime are in clock ticks: `getconf CLK_TCK` (100 on practically every Linux). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    } catch {
      ticksPerSecond = 100;
    }
    if (!(ticksPerSecond > 0)) ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** Main-thread utime + stime in ms, from /proc/<pid>/task/<pid>/stat (fields 14 and 15). */
export async function mainThreadCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/task/${pid}/stat`, "utf8");
  // Field 2 (the command name) is in parentheses and may contain spaces: count from the last ")".
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // rest[0] is field 3 (state), so field 14 (utime) is rest[11] and field 15 (stime) rest[12].
  const ticks = Number(rest[11]) + Number(rest[12]);
  if (!Number.isFinite(ticks)) throw new Error(`scale benchmark: cannot read CPU time of ${pid}`);
  return (ticks * 1000) / clockTicksPerSecond();
}

export interface Memory {
  rss: number;
  peak: number;
}

/** VmRSS and VmHWM from /proc/<pid>/status, in bytes. */
export async function memory(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) * 1024 : Number.NaN;
  };
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

export interface CpuSample {
  /** Epoch ms. */
  at: number;
  cpuMs: number;
}

/**
 * Samples the main thread's CPU time every `everyMs`, so that any window's CPU time can be read
 * afterwards (to the sampling step and the 10 ms clock tick).
 */
export class CpuSampler {
  readonly samples: CpuSample[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly pid: number,
    everyMs = 100,
  ) {
    this.#timer = setInterval(() => {
      mainThreadCpuMs(pid).then(
        (cpuMs) => this.samples.push({ at: Date.now(), cpuMs }),
        () => {}, // the process is gone: the phase notices through its exit
      );
    }, everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** CPU ms between the samples nearest to `from` and `to`; NaN without samples around both. */
  cpuBetween(from: number, to: number): number {
    const a = this.nearest(from);
    const b = this.nearest(to);
    return a && b ? b.cpuMs - a.cpuMs : Number.NaN;
  }

  /** CPU ms per wall ms over the samples inside [from, to]; NaN if fewer than two. */
  rate(from: number, to: number): { cpuMs: number; wallMs: number } {
    const inside = this.samples.filter((s) => s.at >= from && s.at <= to);
    const first = inside[0];
    const last = inside[inside.length - 1];
    if (!first || !last || first === last) return { cpuMs: 0, wallMs: 0 };
    return { cpuMs: last.cpuMs - first.cpuMs, wallMs: last.at - first.at };
  }

  private nearest(at: number): CpuSample | undefined {
    let best: CpuSample | undefined;
    for (const s of this.samples) {
      if (!best || Math.abs(s.at - at) < Math.abs(best.at - at)) best = s;
    }
    return best && Math.abs(best.at - at) <= 500 ? best : undefined;
  }
}
