/** The announce poster's history check, against the fake Web API through the real WebClient. */
import { afterEach, describe, expect, it } from "vitest";
import { createAnnouncePoster } from "../../src/slack/announce-poster.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";

let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ALWAYS = { since: new Date(0), until: new Date(Date.UTC(2100, 0, 1)) };

async function poster() {
  fake = await startFakeSlackApi();
  return createAnnouncePoster({ token: "xoxb-test", apiUrl: fake.apiUrl });
}

describe("announce poster: finding a post that may have landed before a crash", () => {
  it("says it cannot tell when the window holds more pages than it reads", async () => {
    const p = await poster();
    // A channel so busy that every page says there is more.
    fake?.on("conversations.history", () => ({
      ok: true,
      messages: [{ type: "message", ts: "1.0", text: "chatter" }],
      has_more: true,
      response_metadata: { next_cursor: "more" },
    }));
    const answer = await p.findAnnounced("C0ESSAYS", ["essay-1"], ALWAYS);
    expect(answer).toMatchObject({ unknown: "history_incomplete" });
    expect(fake?.callsTo("conversations.history")).toHaveLength(10);
  });

  it("answers 'unknown' when the bot may post (chat:write.public) but not read the channel", async () => {
    const p = await poster();
    fake?.on("conversations.history", () => ({ ok: false, error: "not_in_channel" }));
    expect(await p.findAnnounced("C0ESSAYS", ["essay-1"], ALWAYS)).toMatchObject({
      unknown: "not_in_channel",
    });
  });

  it("finds its own post by the metadata it attached", async () => {
    const p = await poster();
    const { ts } = await p.post(
      "C0ESSAYS",
      { text: "New essay", blocks: [] },
      { event_type: "essay_published", event_payload: { id: "essay-1", url: "https://x.test/1" } },
    );
    const found = await p.findAnnounced("C0ESSAYS", ["essay-1", "essay-2"], ALWAYS);
    expect(found).toEqual(new Map([["essay-1", ts]]));
  });
});
