/**
 * The real entry point (src/main.ts through tsx, no build needed) in a child process, as a person
 * or a supervisor runs it: its JSON log lines parsed as they arrive, stderr kept, and its exit
 * awaited with a bound so a process that never stops fails the test instead of hanging it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;
// Resolved here: the child may run in a temp directory with no node_modules of its own.
const TSX = import.meta.resolve("tsx");

export interface BotProcess {
  child: ChildProcess;
  /** Every stdout line parsed as JSON (a line that is not JSON is kept as `{ raw }`). */
  lines: Record<string, unknown>[];
  /** Everything written to stdout and stderr so far, as text. */
  output(): string;
  /** The first log line with this `msg` (or matching the predicate); rejects after `timeoutMs`. */
  waitForLog(
    match: string | ((line: Record<string, unknown>) => boolean),
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** The exit code (null when a signal ended it); rejects if it is still running after `timeoutMs`. */
  exit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

export interface SpawnBotOptions {
  /** Working directory (where .env is read); default a fresh empty temp directory. */
  cwd?: string;
  /** Run as this user and group id (only root may), e.g. to meet a DATA_DIR it cannot write. */
  uid?: number;
  gid?: number;
  /** More Node options before the entry point, e.g. `--import` of a test preload. */
  nodeArgs?: string[];
}

/** Starts the bot with exactly `env` (plus PATH): a developer's own environment never leaks in. */
export function spawnBot(env: Record<string, string>, opts: SpawnBotOptions = {}): BotProcess {
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), "essay-bot-cwd-"));
  const child = spawn(process.execPath, ["--import", TSX, ...(opts.nodeArgs ?? []), MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(opts.uid === undefined ? {} : { uid: opts.uid }),
    ...(opts.gid === undefined ? {} : { gid: opts.gid }),
  });
  running.add(child);
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (l: Record<string, unknown>) => boolean; resolve(l: object): void }[] =
    [];
  let text = "";
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const s = chunk.toString("utf8");
    text += s;
    buffered += s;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.trim()) continue;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(part) as Record<string, unknown>;
      } catch {
        line = { raw: part };
      }
      lines.push(line);
      for (const w of waiters.filter((w) => w.match(line))) w.resolve(line);
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // "close", not "exit": every line the child wrote has been read by then.
    child.once("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );

  return {
    child,
    lines,
    output: () => text,
    waitForLog(match, timeoutMs = 20_000) {
      const test =
        typeof match === "string" ? (l: Record<string, unknown>) => l.msg === match : match;
      const found = lines.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no log line matching ${String(match)}; got:\n${text}`)),
          timeoutMs,
        );
        waiters.push({
          match: test,
          resolve(line) {
            clearTimeout(timer);
            resolve(line as Record<string, unknown>);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`exited without a log line matching ${String(match)}; got:\n${text}`));
        });
      });
    },
    exit(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`still running after ${timeoutMs} ms; output:\n${text}`)),
          timeoutMs,
        );
      });
      return Promise.race([exited, late]).finally(() => clearTimeout(timer));
    },
  };
}

/** SIGKILLs every bot this file started that is still running (for afterEach). */
export function killBots(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
