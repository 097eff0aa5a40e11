/**
 * The production destination (stdout, written synchronously) in a child process, since it is the
 * process's real fd 1: a log write that fails must never take the bot down.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, existsSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";

const LOG = new URL("../src/pino-logger.ts", import.meta.url).pathname;
const TSX = import.meta.resolve("tsx");
const SCRIPT = `
  const { createLogger } = await import(${JSON.stringify(LOG)});
  const log = createLogger({ level: "info" });
  for (let i = 0; i < 3; i++) log.info({ i }, "line");
  process.stderr.write("still running\\n");
`;

async function run(stdout: number | "pipe") {
  const child = spawn(process.execPath, ["--import", TSX, "--input-type=module", "-e", SCRIPT], {
    stdio: ["ignore", stdout, "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stderr, out };
}

describe("logging to stdout", () => {
  it("writes one JSON line per call", async () => {
    const { code, out } = await run("pipe");
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).msg),
    ).toEqual(["line", "line", "line"]);
  });

  it.skipIf(!existsSync("/dev/full"))(
    "carries on, saying so once on stderr, when stdout cannot be written (disk full)",
    async () => {
      const full = openSync("/dev/full", "w");
      try {
        const { code, stderr } = await run(full);
        expect(code).toBe(0);
        expect(stderr.match(/could not write logs to stdout \(ENOSPC\)/g)).toHaveLength(1);
        expect(stderr).toContain("still running");
      } finally {
        closeSync(full);
      }
    },
  );
});
