/** The announce poster's history check, against the fake Web API through the real WebClient. */
import { afterEach, describe, expect, it } from "vitest";
import { PostError } from "../../src/jobs/poster.js";
import { createAnnouncePoster } from "../../src/slack/announce-poster.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";

let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function poster() {
  fake = await startFakeSlackApi();
  return createAnnouncePoster({ token: "xoxb-test", apiUrl: fake.apiUrl });
}

describe("announce poster: finding a post that may have landed before a crash", () => {
  it("fails closed when the history has more pages than it reads, so nothing is posted twice", async () => {
    const p = await poster();
    // A channel so busy that every page says there is more.
    fake?.on("conversations.history", () => ({
      ok: true,
      messages: [{ type: "message", ts: "1.0", text: "chatter" }],
      has_more: true,
      response_metadata: { next_cursor: "more" },
    }));
    const lookup = p.findAnnounced("C0ESSAYS", ["essay-1"], new Date(0));
    await expect(lookup).rejects.toBeInstanceOf(PostError);
    await expect(lookup).rejects.toMatchObject({ kind: "retryable", code: "history_incomplete" });
  });

  it("answers 'unknown' when the bot may post (chat:write.public) but not read the channel", async () => {
    const p = await poster();
    fake?.on("conversations.history", () => ({ ok: false, error: "not_in_channel" }));
    expect(await p.findAnnounced("C0ESSAYS", ["essay-1"], new Date(0))).toBe("unknown");
  });

  it("finds its own post by the metadata it attached", async () => {
    const p = await poster();
    const { ts } = await p.post(
      "C0ESSAYS",
      { text: "New essay", blocks: [] },
      { event_type: "essay_published", event_payload: { id: "essay-1", url: "https://x.test/1" } },
    );
    const found = await p.findAnnounced("C0ESSAYS", ["essay-1", "essay-2"], new Date(0));
    expect(found).toEqual(new Map([["essay-1", ts]]));
  });
});
