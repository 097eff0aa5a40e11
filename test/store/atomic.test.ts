import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readJson, writeFileAtomic } from "../../src/store/atomic.js";
import { StoreError } from "../../src/store/errors.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "essay-bot-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFileAtomic", () => {
  it("creates missing directories and leaves no temp files behind", async () => {
    const path = join(dir, "nested", "deeper", "state.json");
    await writeFileAtomic(path, '{"a":1}');
    expect(await readFile(path, "utf8")).toBe('{"a":1}');
    expect(await readdir(join(dir, "nested", "deeper"))).toEqual(["state.json"]);
  });

  it("replaces existing content whole", async () => {
    const path = join(dir, "state.json");
    await writeFileAtomic(path, "x".repeat(10_000));
    await writeFileAtomic(path, "short");
    expect(await readFile(path, "utf8")).toBe("short");
  });

  it("throws a StoreError naming the file when its directory cannot be created", async () => {
    // A plain file where the directory should be: fails the same way for root and others.
    const blocker = join(dir, "not-a-dir");
    await writeFile(blocker, "");
    const path = join(blocker, "state.json");
    const err = await writeFileAtomic(path, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).path).toBe(path);
    expect((err as StoreError).message).toContain("writable");
  });
});

describe("readJson", () => {
  it("returns undefined for a missing file", async () => {
    expect(await readJson(join(dir, "nope.json"))).toBeUndefined();
  });

  it("parses JSON", async () => {
    const path = join(dir, "ok.json");
    await writeFile(path, '{"version":1,"list":[1,2]}');
    expect(await readJson(path)).toEqual({ version: 1, list: [1, 2] });
  });

  it("throws a StoreError with the path and a fix for invalid JSON", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, '{"version":1,"essays":[{"id":');
    const err = await readJson(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).path).toBe(path);
    expect((err as StoreError).message).toMatch(/not valid JSON.*move it out of the way/s);
  });

  it("throws a StoreError when the path cannot be read as a file", async () => {
    const err = await readJson(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toContain(`Could not read ${dir}`);
  });
});
