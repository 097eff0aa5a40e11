/**
 * The DATA_DIR lock's rules for a lock it finds, on real files: one written on another host is
 * honoured while its owner keeps touching it and taken over once it stops; one half-written is
 * honoured until it is old. (Two real processes on one DATA_DIR: test/e2e/data-dir-lock.test.ts.)
 */
import { readFile, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lockDataDir } from "../../src/store/data-dir-lock.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { memoryLogger } from "../support/logger.js";

let data: TempDataDir | undefined;
afterEach(async () => {
  await data?.cleanup();
  data = undefined;
});

async function lockFrom(owner: object | string, ageSeconds: number) {
  data = await tempDataDir();
  const path = join(data.dir, "lock");
  await writeFile(path, typeof owner === "string" ? owner : JSON.stringify(owner));
  const then = new Date(Date.now() - ageSeconds * 1000);
  await utimes(path, then, then);
  return { dir: data.dir, path };
}

const elsewhere = { pid: 1, hostname: `not-${hostname()}`, startedAt: "2026-01-01T00:00:00.000Z" };

describe("lockDataDir", () => {
  it("refuses a lock another host's bot is still touching, naming pid and host", async () => {
    const { dir } = await lockFrom(elsewhere, 5);
    await expect(lockDataDir(dir)).rejects.toThrow(
      `essay-bot is already running with DATA_DIR=${dir} (pid 1 on host ${elsewhere.hostname}`,
    );
  });

  it("takes over another host's lock nobody has touched for a minute, with a warning", async () => {
    const { dir, path } = await lockFrom(elsewhere, 60);
    const log = memoryLogger();
    const lock = await lockDataDir(dir, { log });
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ pid: process.pid });
    expect(log.lines.find((l) => l.level === 40)?.msg).toContain("stale lock");
    await lock.release();
  });

  it("honours an unreadable lock while it is fresh (being written), takes it over when old", async () => {
    const fresh = await lockFrom("{", 1);
    await expect(lockDataDir(fresh.dir)).rejects.toThrow("is being written by another process");
    await data?.cleanup();
    const old = await lockFrom("{", 60);
    const lock = await lockDataDir(old.dir);
    await lock.release();
  });

  it("release leaves a lock that is no longer its own", async () => {
    data = await tempDataDir();
    const lock = await lockDataDir(data.dir);
    const path = join(data.dir, "lock");
    await writeFile(path, JSON.stringify(elsewhere));
    await lock.release();
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(elsewhere);
  });
});
