import { describe, expect, it } from "vitest";
import { ACTION_IDS, decodeShare } from "../../src/render/actions.js";
import {
  decodeTarget,
  encodeTarget,
  MAX_RELATED,
  RELATED_MODAL,
  renderRelatedModal,
} from "../../src/render/related-modal.js";
import { expectSafeView, HOSTILE, hit, long, result, searchPage, sectionOf } from "./factory.js";

const target = { channel: "C0GENERAL", threadTs: "1700000000.000100", query: "promotion visible" };
const hits = Array.from({ length: 8 }, (_, i) =>
  hit(sectionOf({ heading: `Heading ${i}`, anchor: `h${i}` })),
);

describe("renderRelatedModal", () => {
  it("lists the best sections, each with a button that posts it in the thread", () => {
    const page = searchPage(result(hits, target.query), { offset: 0, pageSize: MAX_RELATED });
    const view = renderRelatedModal({ words: ["promotion", "visible"], page, target });
    const shown = expectSafeView(view);
    expect(view).toMatchObject({
      callback_id: RELATED_MODAL.callbackId,
      title: { text: "Related essays" },
    });
    expect(shown).toContain("Sections about *promotion*, *visible*");
    const json = JSON.stringify(view.blocks);
    expect(json.match(/Post in thread/g)).toHaveLength(MAX_RELATED);
    expect(json).toContain(`"action_id":"${ACTION_IDS.relatedPost}:4"`);
    expect(decodeTarget(view.private_metadata)).toEqual(target);
    const first = (view.blocks[2] as { accessory: { value: string } }).accessory.value;
    expect(decodeShare(first)).toEqual({ query: target.query, sectionId: hits[0]?.section.id });
  });

  it("explains an empty message, no match, and a conversation it cannot post in", () => {
    expect(expectSafeView(renderRelatedModal({ words: [], target }))).toContain("no words");
    expect(expectSafeView(renderRelatedModal({ words: ["zzz"], target }))).toContain(
      "No section matches the message's words: *zzz*",
    );
    const page = searchPage(result(hits), { offset: 0, pageSize: MAX_RELATED });
    const view = renderRelatedModal({ words: ["promotion"], page });
    expect(JSON.stringify(view.blocks)).not.toContain("Post in thread");
    expect(view.private_metadata).toBeUndefined();
  });

  it("puts a notice first and stays safe with hostile words", () => {
    const page = searchPage(result([hit(sectionOf({ heading: long(HOSTILE, 400) }))]), {
      offset: 0,
    });
    const view = renderRelatedModal({
      words: Array.from({ length: 6 }, () => long(HOSTILE, 200)),
      page,
      target,
      notice: "Posted in the thread.",
    });
    expect(expectSafeView(view).startsWith("Posted in the thread.")).toBe(true);
  });

  it("reads back only a well-formed target", () => {
    expect(decodeTarget(encodeTarget(target))).toEqual(target);
    for (const bad of [
      undefined,
      "",
      "null",
      "[]",
      "{",
      JSON.stringify({ c: "<!channel>", t: "1.2", q: "x" }),
      JSON.stringify({ c: "C1AB", t: "now", q: "x" }),
      JSON.stringify({ c: "C1AB", t: "1.2" }),
      "x".repeat(4000),
    ]) {
      expect(decodeTarget(bad)).toBeUndefined();
    }
  });
});
