/**
 * What every announce store must do, whatever keeps it (files in DATA_DIR, Postgres): run by
 * each store's own test file against a fresh store.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnnouncer } from "../../src/jobs/announce.js";
import type { AnnounceLedger } from "../../src/store/announce-ledger.js";
import { memoryPoster, range } from "../jobs/memory-poster.js";

export interface LedgerStore {
  /** The ledger as the store holds it now (a fresh read each time, as after a restart). */
  open(): Promise<AnnounceLedger>;
  cleanup(): Promise<void>;
}

const AT = new Date("2026-06-01T12:00:00Z");
const at = AT.toISOString();

export function announceLedgerContract(name: string, create: () => Promise<LedgerStore>): void {
  describe(`${name}: the announce ledger contract`, () => {
    let store: LedgerStore;
    beforeEach(async () => {
      store = await create();
    });
    afterEach(() => store.cleanup());

    it("starts empty", async () => {
      const state = await store.open();
      expect(state.isInitialized("C1")).toBe(false);
      expect(state.recovered).toBe(false);
      expect(state.pending("C1")).toEqual([]);
    });

    it("keeps targets, entries, links, titles, feeds and pending marks across reopen", async () => {
      const state = await store.open();
      state.initialize("C1", AT);
      state.addFeed("C1", "https://a.test/feed");
      state.set("C1", "a", { state: "announced", link: "essays.test/a", at, ts: "1.2" });
      state.set("C1", "b", { state: "pending", link: "essays.test/b", at, title: "b|2026-01-02" });
      state.set("C1", "summary:C1:x", { state: "pending", link: "", at, covers: ["c", "d"] });
      state.initialize("U1", AT);
      state.set("U1", "a", { state: "seen", link: "essays.test/a", at });
      await state.save();

      const again = await store.open();
      expect(again.isInitialized("C1")).toBe(true);
      expect(again.entry("C1", "a")).toEqual({
        state: "announced",
        link: "essays.test/a",
        at,
        ts: "1.2",
      });
      expect(again.hasLink("C1", "essays.test/b")).toBe(true);
      expect(again.hasLink("C2", "essays.test/b")).toBe(false);
      expect(again.hasTitle("C1", "b|2026-01-02")).toBe(true);
      expect(again.hasFeed("C1", "https://a.test/feed")).toBe(true);
      expect(again.hasFeed("U1", "https://a.test/feed")).toBe(false);
      expect(
        again
          .pending("C1")
          .map(([id]) => id)
          .sort(),
      ).toEqual(["b", "summary:C1:x"]);
      expect(again.entry("C1", "summary:C1:x")?.covers).toEqual(["c", "d"]);
      expect(again.count("C1", "announced")).toBe(1);
      expect(again.count("U1", "seen")).toBe(1);
      expect(again.entry("C1", "constructor")).toBeUndefined();
    });

    it("keeps nothing until save(), and the last of several saves wins", async () => {
      const state = await store.open();
      state.initialize("C1", AT);
      state.set("C1", "a", { state: "pending", link: "essays.test/a", at });
      expect((await store.open()).isInitialized("C1")).toBe(false);
      const first = state.save();
      state.set("C1", "a", { state: "announced", link: "essays.test/a", at, ts: "9.9" });
      await Promise.all([first, state.save()]);
      expect((await store.open()).entry("C1", "a")).toMatchObject({
        state: "announced",
        ts: "9.9",
      });
    });

    it("forget makes an item new again, its link and title too, across reopen", async () => {
      const state = await store.open();
      state.initialize("C1", AT);
      state.set("C1", "a", { state: "pending", link: "essays.test/a", at, title: "a|day" });
      state.set("C1", "b", { state: "seen", link: "essays.test/b", at });
      await state.save();
      state.forget("C1", "a");
      await state.save();
      const again = await store.open();
      expect(again.entry("C1", "a")).toBeUndefined();
      expect(again.hasLink("C1", "essays.test/a")).toBe(false);
      expect(again.hasTitle("C1", "a|day")).toBe(false);
      expect(again.entry("C1", "b")?.state).toBe("seen");
    });

    it("under the announcer: a baseline, then each new essay posted exactly once across restarts", async () => {
      const slack = memoryPoster();
      const announcer = () =>
        createAnnouncer({
          channel: "C1",
          state: () => store.open(),
          poster: slack.poster,
          sleep: async () => {},
        });
      await announcer().run(range(1, 3));
      await announcer().run(range(1, 4));
      await announcer().run(range(1, 5));
      await announcer().run(range(1, 5));
      expect(slack.ids()).toEqual(["essay-4", "essay-5"]);
      const state = await store.open();
      expect(state.entry("C1", "essay-5")).toMatchObject({ state: "announced" });
      expect(state.count("C1", "seen")).toBe(3);
    });
  });
}
