import { appendFile, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnnouncer } from "../../src/jobs/announce.js";
import { AnnounceState } from "../../src/store/announce-state.js";
import { fileAnnounceState } from "../../src/store/file-stores.js";
import { memoryPoster, range } from "../jobs/memory-poster.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { memoryLogger } from "../support/logger.js";
import { announceLedgerContract } from "./announce-ledger-contract.js";

let dataDir: TempDataDir;
beforeEach(async () => {
  dataDir = await tempDataDir();
});
afterEach(() => dataDir.cleanup());

const AT = new Date("2026-06-01T12:00:00Z");

announceLedgerContract("files in DATA_DIR", async () => {
  const dir = await tempDataDir();
  return { open: () => AnnounceState.open(dir.dir), cleanup: () => dir.cleanup() };
});

describe("AnnounceState", () => {
  it("saves a change as one line of its log, never the whole state again", async () => {
    const state = await AnnounceState.open(dataDir.dir);
    state.initialize("C1", AT);
    for (let i = 0; i < 500; i++) {
      state.set("C1", `old-${i}`, {
        state: "seen",
        link: `essays.test/old-${i}`,
        at: AT.toISOString(),
      });
    }
    await Promise.all([state.save(), state.save(), state.save()]);
    const before = (await stat(state.logPath)).size;
    state.set("C1", "new", { state: "pending", link: "essays.test/new", at: AT.toISOString() });
    await state.save();
    const added = (await stat(state.logPath)).size - before;
    expect(added).toBeGreaterThan(0);
    expect(added).toBeLessThan(200);
    expect((await readdir(dataDir.dir)).filter((f) => f.includes(".tmp"))).toEqual([]);
    const again = await AnnounceState.open(dataDir.dir);
    expect(again.pending("C1").map(([id]) => id)).toEqual(["new"]);
    expect(again.count("C1", "seen")).toBe(500);
  });

  it("folds a long log into a readable snapshot, and replays what came after", async () => {
    const state = await AnnounceState.open(dataDir.dir);
    state.initialize("C1", AT);
    // Well past the smallest log that is folded (256 KB).
    for (let i = 0; i < 3000; i++) {
      state.set("C1", `e-${i}`, { state: "seen", link: `essays.test/${i}`, at: AT.toISOString() });
      if (i % 100 === 0) await state.save();
    }
    await state.save();
    const file = JSON.parse(await readFile(state.path, "utf8"));
    expect(file).toMatchObject({ version: 1, channels: { C1: { since: AT.toISOString() } } });
    state.forget("C1", "e-7");
    await state.save();
    const again = await AnnounceState.open(dataDir.dir);
    expect(again.count("C1", "seen")).toBe(2999);
    expect(again.entry("C1", "e-7")).toBeUndefined();
    expect(again.hasLink("C1", "essays.test/7")).toBe(false);
  });

  it("drops a line torn by a crash in the middle of an append", async () => {
    const state = await AnnounceState.open(dataDir.dir);
    state.initialize("C1", AT);
    state.set("C1", "a", {
      state: "announced",
      link: "essays.test/a",
      at: AT.toISOString(),
      ts: "1.1",
    });
    await state.save();
    await appendFile(state.logPath, '{"c":"C1","id":"b","entry":{"state":"pen');
    const again = await AnnounceState.open(dataDir.dir);
    expect(again.entry("C1", "a")?.ts).toBe("1.1");
    expect(again.entry("C1", "b")).toBeUndefined();
    // The next change lands on a line of its own and is read back.
    again.set("C1", "c", { state: "pending", link: "essays.test/c", at: AT.toISOString() });
    await again.save();
    const third = await AnnounceState.open(dataDir.dir);
    expect(third.pending("C1").map(([id]) => id)).toEqual(["c"]);
  });

  it.each([
    ["truncated JSON", '{"version": 1, "chan'],
    ["a newer version", '{"version": 2, "channels": {}}'],
    [
      "a bad entry",
      '{"version": 1, "channels": {"C1": {"since": "x", "feeds": [], "entries": {"a": {"state": "posted"}}}}}',
    ],
  ])("moves %s aside, logs both paths and starts over", async (_name, text) => {
    const path = join(dataDir.dir, "announce-state.json");
    await writeFile(path, text);
    const log = memoryLogger();
    const state = await AnnounceState.open(dataDir.dir, log, { now: () => AT });
    expect(state.recovered).toBe(true);
    const files = await readdir(dataDir.dir);
    const aside = files.find((f) => f.startsWith("announce-state.json.corrupt-"));
    expect(aside).toBeDefined();
    expect(await readFile(join(dataDir.dir, aside ?? ""), "utf8")).toBe(text);
    const error = log.entries.find((e) => e.level === "error");
    expect(error?.fields).toMatchObject({ path, movedTo: join(dataDir.dir, aside ?? "") });
  });

  it("after a corrupt file, the announcer posts no backlog again", async () => {
    await writeFile(join(dataDir.dir, "announce-state.json"), "not json");
    const slack = memoryPoster();
    const announcer = createAnnouncer({
      channel: "C1",
      backlog: 3,
      state: fileAnnounceState(dataDir.dir),
      poster: slack.poster,
      sleep: async () => {},
    });
    await announcer.run(range(1, 5));
    expect(slack.posts).toHaveLength(0);
  });
});
