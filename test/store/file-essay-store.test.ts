import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileEssayStore, fileKey } from "../../src/store/file-essay-store.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { memoryLogger } from "../support/logger.js";
import { essayRecord, essayStoreContract } from "./essay-store.contract.js";

let data: TempDataDir;
let dir: string;
beforeEach(async () => {
  data = await tempDataDir();
  dir = data.dir;
});
afterEach(() => data.cleanup());

const legacyEssay = (id: string) => ({
  ...essayRecord(id, 0).head,
  html: `<p>Body of ${id}</p>`,
  firstSeen: "2025-05-05T00:00:00.000Z",
});

describe("FileEssayStore", () => {
  describe("as every EssayStore", () => essayStoreContract(() => FileEssayStore.open(dir)));

  it("keeps each essay in its own pair of files and loads them back in the order first seen", async () => {
    const store = await FileEssayStore.open(dir);
    await store.write({
      put: [
        { record: essayRecord("b", 1), body: "<p>b</p>" },
        { record: essayRecord("a", 0), body: "<p>a</p>" },
      ],
    });
    const reopened = await FileEssayStore.open(dir);
    const { records, problems } = await reopened.loadAll();
    expect(problems).toEqual([]);
    expect(records.map((r) => r.head.id)).toEqual(["a", "b"]);
    expect(await reopened.readBody("b")).toBe("<p>b</p>");
    expect(await reopened.readBody("missing")).toBeUndefined();
    expect((await readdir(store.dir)).sort()).toEqual(
      [
        `${fileKey("a")}.html`,
        `${fileKey("a")}.json`,
        `${fileKey("b")}.html`,
        `${fileKey("b")}.json`,
      ].sort(),
    );
  });

  it("writes about one essay's worth of bytes to save one essay, whatever the store holds", async () => {
    const store = await FileEssayStore.open(dir);
    const body = "<p>x</p>".repeat(1000);
    await store.write({
      put: Array.from({ length: 200 }, (_, i) => ({ record: essayRecord(`e${i}`, i), body })),
    });
    const before = Date.now();
    await store.write({ put: [{ record: essayRecord("new", 200), body }] });
    let written = 0;
    for (const name of await readdir(store.dir)) {
      const info = await stat(join(store.dir, name));
      if (info.mtimeMs >= before - 5) written += info.size;
    }
    expect(written).toBeLessThan(2 * (body.length + 1000));
  });

  it("forgets removed essays", async () => {
    const store = await FileEssayStore.open(dir);
    await store.write({ put: [{ record: essayRecord("a", 0), body: "a" }] });
    await store.write({ put: [], remove: ["a"] });
    expect((await store.loadAll()).records).toEqual([]);
    expect(await readdir(store.dir)).toEqual([]);
  });

  it("sets an unreadable record aside, reports it and loads every other", async () => {
    const log = memoryLogger();
    const store = await FileEssayStore.open(dir, {
      log,
      now: () => new Date("2026-02-03T04:05:06Z"),
    });
    await store.write({ put: [{ record: essayRecord("a", 0) }, { record: essayRecord("b", 1) }] });
    const broken = join(store.dir, `${fileKey("a")}.json`);
    await writeFile(broken, '{"version":1,"record":{"head":');
    const { records, problems } = await store.loadAll();
    expect(records.map((r) => r.head.id)).toEqual(["b"]);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain("not valid JSON");
    expect(problems[0]?.message).toContain("Moved it aside");
    const asides = (await readdir(store.dir)).filter((n) => n.includes(".corrupt-"));
    expect(asides).toHaveLength(1);
    expect(log.entries.some((e) => e.level === "error")).toBe(true);
    // A second load no longer sees it.
    expect((await store.loadAll()).problems).toEqual([]);
  });

  it.each([
    ["a newer version", '{"version":2,"record":{}}', "newer essay-bot"],
    [
      "a record without a head",
      '{"version":1,"record":{"bodyHash":"h","firstSeen":"x","seq":1}}',
      '"head"',
    ],
    ["an empty file", "", "not valid JSON"],
  ])("treats %s as unusable", async (_name, content, problem) => {
    const store = await FileEssayStore.open(dir);
    await writeFile(join(store.dir, "0000.json"), content);
    const { records, problems } = await store.loadAll();
    expect(records).toEqual([]);
    expect(problems[0]?.message).toContain(problem);
  });

  it("ignores what a crash between writing and renaming leaves behind", async () => {
    const store = await FileEssayStore.open(dir);
    await store.write({ put: [{ record: essayRecord("a", 0), body: "a" }] });
    await writeFile(join(store.dir, `.${fileKey("a")}.json.4242.0f0e.tmp`), '{"version":1,"rec');
    expect((await store.loadAll()).records.map((r) => r.head.id)).toEqual(["a"]);
  });

  it("migrates an archive.json from before, keeps it aside, and does it only once", async () => {
    const legacy = { version: 1, essays: [legacyEssay("x"), legacyEssay("y")] };
    await writeFile(join(dir, "archive.json"), JSON.stringify(legacy));
    await writeFile(join(dir, "announce-state.json"), '{"version":1}');
    const log = memoryLogger();
    const store = await FileEssayStore.open(dir, {
      log,
      now: () => new Date("2026-03-04T05:06:07Z"),
    });
    const { records } = await store.loadAll();
    expect(records.map((r) => [r.head.id, r.firstSeen, r.seq])).toEqual([
      ["x", "2025-05-05T00:00:00.000Z", 0],
      ["y", "2025-05-05T00:00:00.000Z", 1],
    ]);
    expect(await store.readBody("y")).toBe("<p>Body of y</p>");
    const top = await readdir(dir);
    expect(top).toContain("archive.json.migrated-2026-03-04T05-06-07.000Z");
    expect(top).not.toContain("archive.json");
    // The announce state is the bot's own record of what was posted: left exactly as it was.
    expect(await readFile(join(dir, "announce-state.json"), "utf8")).toBe('{"version":1}');
    expect(log.entries.some((e) => /Migrated archive.json/.test(e.msg ?? ""))).toBe(true);
    const again = await FileEssayStore.open(dir);
    expect((await again.loadAll()).records).toHaveLength(2);
  });

  it("sets a corrupt archive.json aside and starts empty rather than failing", async () => {
    await writeFile(join(dir, "archive.json"), '{"version":1,"essays":[{"id":"a","title":"half');
    const store = await FileEssayStore.open(dir, { log: memoryLogger() });
    expect((await store.loadAll()).records).toEqual([]);
    expect((await readdir(dir)).some((n) => n.startsWith("archive.json.corrupt-"))).toBe(true);
  });
});
