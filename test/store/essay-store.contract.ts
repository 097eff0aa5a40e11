/**
 * What every EssayStore does, whichever keeps the essays: run by the file store's tests and the
 * Postgres store's, so the two cannot drift apart.
 */
import { expect, it } from "vitest";
import type { EssayRecord, EssayStore } from "../../src/store/essay-store.js";

export function essayRecord(id: string, seq: number, title = `Essay ${id}`): EssayRecord {
  return {
    head: {
      id,
      feedUrl: "https://forem.com/feed/jonoherrington",
      title,
      url: `https://forem.com/jonoherrington/${id}`,
      author: "Jono Herrington",
      published: null,
      tags: ["leadership"],
    },
    bodyHash: `hash-${id}`,
    firstSeen: "2026-01-01T00:00:00.000Z",
    seq,
  };
}

/**
 * `open` gives a store on the same place each call (a reopen sees what an earlier one wrote);
 * a fresh place per test is the caller's beforeEach.
 */
export function essayStoreContract(open: () => Promise<EssayStore>): void {
  it("loads back every record in seq order, with bodies, across a reopen", async () => {
    const store = await open();
    await store.write({
      put: [
        { record: essayRecord("b", 1), body: "<p>b</p>" },
        { record: essayRecord("a", 0), body: "<p>a</p>" },
        { record: essayRecord("c", 2), body: "<p>c & ü</p>" },
      ],
    });
    const reopened = await open();
    const { records, problems } = await reopened.loadAll();
    expect(problems).toEqual([]);
    expect(records).toEqual([essayRecord("a", 0), essayRecord("b", 1), essayRecord("c", 2)]);
    expect(await reopened.readBody("c")).toBe("<p>c & ü</p>");
    expect(await reopened.readBody("missing")).toBeUndefined();
  });

  it("replaces a record, keeping its body when none is given", async () => {
    const store = await open();
    await store.write({ put: [{ record: essayRecord("a", 0), body: "<p>old</p>" }] });
    await store.write({ put: [{ record: essayRecord("a", 0, "Renamed") }] });
    expect((await store.loadAll()).records[0]?.head.title).toBe("Renamed");
    expect(await store.readBody("a")).toBe("<p>old</p>");
    await store.write({ put: [{ record: essayRecord("a", 0), body: "<p>new</p>" }] });
    expect(await store.readBody("a")).toBe("<p>new</p>");
  });

  it("forgets removed essays, and an essay put again after removal is back", async () => {
    const store = await open();
    await store.write({
      put: [
        { record: essayRecord("a", 0), body: "a" },
        { record: essayRecord("b", 1), body: "b" },
      ],
    });
    await store.write({ put: [], remove: ["a", "never-there"] });
    expect((await store.loadAll()).records.map((r) => r.head.id)).toEqual(["b"]);
    expect(await store.readBody("a")).toBeUndefined();
    await store.write({ put: [{ record: essayRecord("a", 5), body: "again" }] });
    expect((await store.loadAll()).records.map((r) => r.head.id)).toEqual(["b", "a"]);
    expect(await store.readBody("a")).toBe("again");
  });
}
