import { describe, expect, it } from "vitest";
import { ACTION_IDS, decodePage } from "../../src/render/actions.js";
import { renderNotLoaded } from "../../src/render/not-loaded.js";
import { renderSearchModal, SEARCH_MODAL } from "../../src/render/search-modal.js";
import { expectSafeView, HOSTILE, hit, long, result, searchPage, sectionOf } from "./factory.js";

const hits = Array.from({ length: 12 }, (_, i) =>
  hit(sectionOf({ heading: `Heading ${i}`, anchor: `h${i}` })),
);

function ids(view: { blocks: unknown[] }): string[] {
  return (JSON.stringify(view.blocks).match(/"action_id":"[^"]+"/g) ?? []).map((m) =>
    m.slice(13, -1),
  );
}

describe("renderSearchModal", () => {
  it("opens with an empty search box and a hint", () => {
    const view = renderSearchModal();
    expectSafeView(view);
    expect(view).toMatchObject({
      type: "modal",
      callback_id: SEARCH_MODAL.callbackId,
      title: { text: "Search essays" },
      submit: { text: "Search" },
    });
    expect(view.blocks[0]).toMatchObject({ type: "input", block_id: SEARCH_MODAL.queryBlock });
    expect(JSON.stringify(view.blocks[0])).not.toContain("initial_value");
  });

  it("shows a page of hits under the box, with the query kept and Next to the following page", () => {
    const page = searchPage(result(hits), { offset: 0, pageSize: 5 });
    const view = renderSearchModal({ query: "promotion", page });
    const shown = expectSafeView(view);
    expect(JSON.stringify(view.blocks[0])).toContain('"initial_value":"promotion"');
    expect(shown).toContain("12 sections match *promotion*");
    expect(shown).toContain("*<https://forem.com/jono/on-promotion#h0|Heading 0>*");
    expect(shown).toContain("*promotion*");
    expect(shown).toContain("Showing 1–5 of 12");
    expect(ids(view)).toEqual([SEARCH_MODAL.queryAction, ACTION_IDS.modalNext]);
    const next = JSON.stringify(view.blocks).match(/"value":"((?:[^"\\]|\\.)*)"/)?.[1] ?? "";
    expect(decodePage(JSON.parse(`"${next}"`))).toEqual({ query: "promotion", offset: 5 });
  });

  it("gives the box a block_id of its query, so Slack shows a changed query rather than what was typed", () => {
    const blockId = (query: string) =>
      (renderSearchModal({ query }).blocks[0] as { block_id: string }).block_id;
    expect(blockId("promotion")).toBe(blockId("promotion"));
    expect(blockId("promotion")).not.toBe(blockId("promootionx"));
    expect(blockId("promotion")).not.toBe(SEARCH_MODAL.queryBlock);
    expect(blockId("promotion").startsWith(SEARCH_MODAL.queryBlock)).toBe(true);
    expect(blockId(long("x", 5000)).length).toBeLessThanOrEqual(255);
  });

  it("pages back from the last page", () => {
    const page = searchPage(result(hits), { offset: 10, pageSize: 5 });
    const view = renderSearchModal({ query: "promotion", page });
    expect(expectSafeView(view)).toContain("Showing 11–12 of 12");
    expect(ids(view)).toEqual([SEARCH_MODAL.queryAction, ACTION_IDS.modalPrev]);
  });

  it("carries the /essay notices: corrected query, unmatched words, suggestions", () => {
    const page = {
      ...searchPage(result(hits, "promoton zzz"), { offset: 0, pageSize: 5 }),
      corrected: "promotion zzz",
      unmatched: ["zzz"],
    };
    const shown = expectSafeView(renderSearchModal({ query: "promoton zzz", page }));
    expect(shown).toContain("Showing results for *promotion zzz*");
    expect(shown).toContain("No section has *zzz*");

    const none = searchPage(result([], "quarterbak", ["quarterback"]), { offset: 0 });
    const view = renderSearchModal({ query: "quarterbak", page: none });
    expect(expectSafeView(view)).toContain("No section matches *quarterbak*");
    expect(ids(view)).toEqual([SEARCH_MODAL.queryAction, ACTION_IDS.modalSuggest]);
  });

  it("shows a status instead of results while loading", () => {
    const view = renderSearchModal({ query: "x", status: renderNotLoaded("feed 404").blocks });
    expect(expectSafeView(view)).toContain("could not be loaded");
  });

  it("escapes hostile text and stays within a modal's limits", () => {
    const hostile = Array.from({ length: 5 }, () =>
      hit(
        sectionOf({
          heading: long(HOSTILE, 500),
          text: long(HOSTILE, 5000),
          essay: { ...sectionOf().essay, title: long(HOSTILE, 500) },
        }),
        "",
      ),
    );
    const query = long(HOSTILE, 1000);
    const page = { ...searchPage(result(hostile, query), { offset: 0, pageSize: 5 }), total: 99 };
    const view = renderSearchModal({ query, page });
    expectSafeView(view);
    const box = JSON.stringify(view.blocks[0]);
    expect(box.length).toBeLessThan(1000); // the box holds at most 200 characters of the query
  });
});
