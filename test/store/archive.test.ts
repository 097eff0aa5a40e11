import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Essay } from "../../src/feed/types.js";
import type { Logger } from "../../src/logger.js";
import { Archive } from "../../src/store/archive.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "essay-bot-archive-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function essay(id: string, over: Partial<Essay> = {}): Essay {
  return {
    id,
    feedUrl: "https://forem.com/feed/jonoherrington",
    title: `Essay ${id}`,
    url: `https://forem.com/jonoherrington/${id}`,
    author: "Jono Herrington",
    published: "2025-01-02T03:04:05.000Z",
    tags: ["leadership"],
    html: `<p>Body of ${id}</p>`,
    ...over,
  };
}

interface Entry {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}
function recordingLogger(entries: Entry[]): Logger {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  const log: Logger = {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: () => log,
  };
  return log;
}

const archivePath = () => join(dir, "archive.json");

describe("Archive", () => {
  it("starts empty without a file and does not create one until something changes", async () => {
    const archive = await Archive.open(dir);
    expect(archive.all()).toEqual([]);
    await archive.save();
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps every essay across a re-open, in a versioned file", async () => {
    const archive = await Archive.open(dir);
    const result = archive.upsert([essay("a"), essay("b", { published: null, tags: [] })]);
    expect(result.added.map((e) => e.id)).toEqual(["a", "b"]);
    expect(result.updated).toEqual([]);
    await archive.save();

    const reopened = await Archive.open(dir);
    expect(reopened.all()).toEqual([essay("a"), essay("b", { published: null, tags: [] })]);
    expect(reopened.get("b")?.published).toBeNull();
    expect(reopened.get("missing")).toBeUndefined();
    const file = JSON.parse(await readFile(archivePath(), "utf8"));
    expect(file.version).toBe(1);
    expect(file.essays).toHaveLength(2);
  });

  it("replaces an essay whose content changed and reports it as updated", async () => {
    const archive = await Archive.open(dir);
    archive.upsert([essay("a"), essay("b")]);
    const edited = essay("a", { title: "Essay a, revised", tags: ["leadership", "teams"] });
    const result = archive.upsert([edited, essay("b")]);
    expect(result).toEqual({ added: [], updated: [edited] });
    await archive.save();
    expect((await Archive.open(dir)).get("a")).toEqual(edited);
  });

  it("reports nothing and writes nothing when the feed has not changed", async () => {
    const archive = await Archive.open(dir);
    archive.upsert([essay("a")]);
    await archive.save();
    expect(archive.upsert([essay("a")])).toEqual({ added: [], updated: [] });
    // If save() wrote, this marker would be replaced with the archive again.
    await writeFile(archivePath(), "marker");
    await archive.save();
    expect(await readFile(archivePath(), "utf8")).toBe("marker");
  });

  it("keeps essays that dropped off the feed", async () => {
    const archive = await Archive.open(dir);
    archive.upsert([essay("old"), essay("mid")]);
    archive.upsert([essay("mid"), essay("new")]);
    await archive.save();
    const ids = (await Archive.open(dir)).all().map((e) => e.id);
    expect(ids).toEqual(["old", "mid", "new"]);
  });

  it("replaces an essay whose guid changed but whose link did not, across a re-open", async () => {
    const archive = await Archive.open(dir);
    archive.upsert([essay("a", { url: "https://forem.com/jonoherrington/a-1" })]);
    await archive.save();
    const reopened = await Archive.open(dir);
    const moved = essay("new-guid", { url: "http://dev.to/jonoherrington/a-1/?utm_source=x" });
    expect(reopened.upsert([moved])).toEqual({ added: [], updated: [moved] });
    expect(reopened.all().map((e) => e.id)).toEqual(["new-guid"]);
    // The same item arriving again under its new guid is no news.
    expect(reopened.upsert([moved])).toEqual({ added: [], updated: [] });
  });

  it("keeps items whose links differ only in an identifying query parameter apart", () => {
    return Archive.open(dir).then((archive) => {
      const items = [1, 2, 3].map((n) => essay(`wp-${n}`, { url: `https://blog.example/?p=${n}` }));
      expect(archive.upsert(items).added).toHaveLength(3);
      expect(archive.all()).toHaveLength(3);
    });
  });

  it("keeps the first id of an essay that two feeds carry, whatever order they answer in", async () => {
    const archive = await Archive.open(dir);
    const onForem = essay("forem-id", { url: "https://forem.com/jonoherrington/x-1" });
    const onDevTo = essay("devto-id", {
      url: "https://dev.to/jonoherrington/x-1",
      feedUrl: "https://dev.to/feed/jonoherrington",
    });
    archive.upsert([onForem, onDevTo]);
    expect(archive.upsert([onDevTo])).toEqual({ added: [], updated: [] });
    expect(archive.upsert([onDevTo, onForem])).toEqual({ added: [], updated: [] });
    expect(archive.all().map((e) => e.id)).toEqual(["forem-id"]);
  });

  it("counts an id seen twice in one batch as one addition", async () => {
    const archive = await Archive.open(dir);
    const second = essay("a", { title: "from the second feed" });
    const result = archive.upsert([essay("a"), second]);
    expect(result).toEqual({ added: [second], updated: [] });
    expect(archive.all()).toEqual([second]);
  });

  it("is not changed by callers mutating what they passed in or got back", async () => {
    const archive = await Archive.open(dir);
    const input = essay("a");
    archive.upsert([input]);
    input.tags.push("mutated");
    archive.all()[0]?.tags.push("mutated too");
    expect(archive.get("a")?.tags).toEqual(["leadership"]);
  });

  it("moves a corrupt file aside, logs both paths and starts empty", async () => {
    const original = '{"version":1,"essays":[{"id":"a","title":"half writ';
    await writeFile(archivePath(), original);
    const entries: Entry[] = [];
    const archive = await Archive.open(dir, recordingLogger(entries), {
      now: () => new Date("2025-06-01T12:34:56.789Z"),
    });
    expect(archive.all()).toEqual([]);

    const aside = join(dir, "archive.json.corrupt-2025-06-01T12-34-56.789Z");
    expect(await readFile(aside, "utf8")).toBe(original);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.level).toBe("error");
    expect(entries[0]?.obj).toMatchObject({ path: archivePath(), movedTo: aside });
    expect(String(entries[0]?.obj.problem)).toContain("not valid JSON");

    // Saving afterwards writes a fresh archive and never touches the kept copy.
    archive.upsert([essay("a")]);
    await archive.save();
    expect(await readFile(aside, "utf8")).toBe(original);
    expect((await Archive.open(dir)).all()).toEqual([essay("a")]);
  });

  it.each([
    ["an unknown version", '{"version":2,"essays":[]}', "newer essay-bot"],
    ["a wrong shape", '{"version":1,"essays":{}}', '"essays" is not an array'],
    ["a bad record", '{"version":1,"essays":[{"id":1}]}', "essays[0]"],
    ["an empty file", "", "not valid JSON"],
  ])("treats %s as unusable and keeps it aside", async (_name, content, problem) => {
    await writeFile(archivePath(), content);
    const entries: Entry[] = [];
    const archive = await Archive.open(dir, recordingLogger(entries));
    expect(archive.all()).toEqual([]);
    const asides = (await readdir(dir)).filter((f) => f.startsWith("archive.json.corrupt-"));
    expect(asides).toHaveLength(1);
    expect(await readFile(join(dir, asides[0] ?? ""), "utf8")).toBe(content);
    expect(String(entries[0]?.obj.problem)).toContain(problem);
  });

  it("is not corrupted by a crash in the middle of a write", async () => {
    const archive = await Archive.open(dir);
    archive.upsert([essay("a"), essay("b")]);
    await archive.save();
    const before = await readFile(archivePath(), "utf8");
    // What a crash between "write temp file" and "rename" leaves behind.
    const leftover = join(dir, ".archive.json.4242.0f0e.tmp");
    await writeFile(leftover, before.slice(0, before.length / 2));

    const reopened = await Archive.open(dir);
    expect(reopened.all()).toEqual([essay("a"), essay("b")]);
    reopened.upsert([essay("c")]);
    await reopened.save();
    expect((await Archive.open(dir)).all().map((e) => e.id)).toEqual(["a", "b", "c"]);
  });

  it("lands the newest state when saves overlap", async () => {
    const archive = await Archive.open(dir);
    archive.upsert([essay("a")]);
    const first = archive.save();
    archive.upsert([essay("b")]);
    const second = archive.save();
    await Promise.all([first, second]);
    expect((await Archive.open(dir)).all().map((e) => e.id)).toEqual(["a", "b"]);
  });
});
