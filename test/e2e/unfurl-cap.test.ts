/**
 * A message with hundreds of links to known essays: the bot unfurls only as many as Slack shows
 * under one message, the first ones in the message, in one small chat.unfurl call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeSlackApi } from "../support/fake-slack-api.js";
import { postEvent } from "../support/slack-requests.js";
import { fixtureIndex, type HttpBot, SIGNING_SECRET, startHttpBot } from "./harness.js";
import { linkSharedEvent } from "./payloads.js";

describe("link_shared with many links", () => {
  let fake: FakeSlackApi;
  let events: string;
  let app: HttpBot;

  beforeAll(async () => {
    app = await startHttpBot();
    ({ fake, events } = app);
  });

  afterAll(() => app?.stop());

  it("unfurls only the first links Slack would show, in one small call", async () => {
    const index = await fixtureIndex();
    const essay = index.search("promotion").hits[0]?.section.essay;
    if (!essay) throw new Error("the fixture has no essay about promotion");
    // 500 distinct links to one known essay (tracking parameters do not change which essay).
    const links = Array.from({ length: 500 }, (_, i) => `${essay.url}?utm_content=${i}`);
    const res = await postEvent(events, SIGNING_SECRET, linkSharedEvent(links));
    expect(res.status).toBe(200);

    const [call] = await fake.waitFor("chat.unfurl", 1);
    const unfurls = call?.params.unfurls as Record<string, unknown>;
    // Slack shows at most five previews under a message (see MAX_UNFURLS in link-shared.ts).
    expect(Object.keys(unfurls)).toEqual(links.slice(0, 5));
    expect(JSON.stringify(call?.params).length).toBeLessThan(20_000);
  });
});
