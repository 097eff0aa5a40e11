/**
 * HTTP mode end to end: the real Bolt app on a real port, signed requests exactly as Slack sends
 * them, and every outgoing Web API / response_url call landing in the loopback fake.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_IDS } from "../../src/render/actions.js";
import { checkBlockKitLimits } from "../../src/render/limits.js";
import type { SearchIndex } from "../../src/search/search-index.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import { postEvent, postInteraction, postSlashCommand } from "../support/slack-requests.js";
import { type BotUnderTest, createBot, fixtureIndex, SIGNING_SECRET } from "./harness.js";
import { buttonClick, eventually, findButton, linkSharedEvent, type Reply } from "./payloads.js";

describe("HTTP mode", () => {
  let fake: FakeSlackApi;
  let bot: BotUnderTest;
  let index: SearchIndex;
  let base: string;
  let events: string;

  beforeAll(async () => {
    fake = await startFakeSlackApi();
    index = await fixtureIndex();
    bot = createBot(fake, { mode: "http" });
    await bot.slackApp.start();
    base = `http://127.0.0.1:${bot.slackApp.port}`;
    events = `${base}/slack/events`;
  });

  afterAll(async () => {
    await bot?.slackApp.stop();
    await fake?.close();
  });

  async function essay(text: string): Promise<Reply> {
    const res = await postSlashCommand(events, SIGNING_SECRET, { text });
    expect(res.status).toBe(200);
    const reply = res.json as Reply;
    expect(checkBlockKitLimits(reply)).toEqual([]);
    return reply;
  }

  /** Click a button: Slack posts block_actions; the app answers on the response_url. */
  async function click(button: { action_id: string; value?: string }, responseId: string) {
    const payload = buttonClick(button, fake.responseUrl(responseId));
    expect((await postInteraction(events, SIGNING_SECRET, payload)).status).toBe(200);
    const call = await eventually(
      () => fake.callsTo("response_url").find((c) => c.responseId === responseId),
      `a post to response_url ${responseId}`,
    );
    return call.params as Reply;
  }

  it("verified the bot token against the fake Web API", () => {
    expect(fake.callsTo("auth.test")[0]?.token).toBe("xoxb-test-bot-token");
  });

  it("answers /healthz with 503 before the index is loaded, 200 JSON after", async () => {
    const before = await fetch(`${base}/healthz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ ready: false });

    bot.setIndex(index);
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({
      ready: true,
      essays: index.essayCount,
      sections: index.sectionCount,
    });
    expect((await fetch(`${base}/healthz`, { method: "HEAD" })).status).toBe(200);
  });

  it("answers a search privately with matched words in bold and section links", async () => {
    bot.setIndex(index);
    const reply = await essay("runbook");
    expect(reply.response_type).toBe("ephemeral");
    const text = JSON.stringify(reply.blocks);
    expect(text).toMatch(/\*[Rr]unbooks?\*/);
    expect(text).toContain(
      "https://forem.com/jonoherrington/your-runbook-is-written-nobody-runs-it",
    );
  });

  it("keeps list items apart in an excerpt", async () => {
    bot.setIndex(index);
    const text = JSON.stringify((await essay("meeting energy polished updates")).blocks);
    expect(text).toContain("• strong *meeting energy*\\n• *polished updates*\\n• ");
    expect(text).not.toContain("energy* • ");
  });

  it("answers help and latest", async () => {
    bot.setIndex(index);
    expect(JSON.stringify(await essay("help"))).toContain("/essay");
    const latest = JSON.stringify(await essay("latest"));
    for (const essayMeta of index.latest(5)) expect(latest).toContain(essayMeta.meta.url);
  });

  it("offers did-you-mean buttons when nothing matches, and a click searches for it", async () => {
    bot.setIndex(index);
    // Three edits from "promotion": past what search forgives, within what it suggests.
    const reply = await essay("prmotoino");
    const suggestion = findButton(reply, ACTION_IDS.suggest);
    expect(suggestion.value).toContain("promotion");
    const replaced = await click(suggestion, "suggest");
    expect(replaced.replace_original).toBe(true);
    expect(JSON.stringify(replaced.blocks)).toMatch(/sections? match/);
    expect(JSON.stringify(replaced.blocks)).toMatch(/\*[Pp]romotion\*/);
  });

  it("pages with Next and Previous, replacing the ephemeral in place", async () => {
    bot.setIndex(index);
    const first = await essay("leadership");
    const second = await click(findButton(first, ACTION_IDS.next), "next");
    expect(second.replace_original).toBe(true);
    expect(JSON.stringify(second.blocks)).toContain("Showing 4–");
    const back = await click(findButton(second, ACTION_IDS.prev), "prev");
    expect(JSON.stringify(back.blocks)).toContain("Showing 1–");
  });

  it("shares a passage visibly in the channel, credited to the clicker", async () => {
    bot.setIndex(index);
    const reply = await essay("runbook");
    const shared = await click(findButton(reply, ACTION_IDS.share), "share");
    expect(shared).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(JSON.stringify(shared.blocks)).toContain("<@U0ALICE>");
  });

  it("answers hostile queries sensibly and never echoes Slack control sequences", async () => {
    bot.setIndex(index);
    const hostile = `<!channel> <@U0BOSS> &lt;b&gt; <https://evil.test|click> ${"🚀".repeat(3000)} руководство`;
    const reply = await essay(hostile);
    expect(reply.response_type).toBe("ephemeral");
    const text = JSON.stringify(reply);
    expect(text).not.toMatch(/<!channel>|<@U0BOSS>|<https:\/\/evil/);
  });

  it("unfurls known essay links from posted messages and from the composer", async () => {
    bot.setIndex(index);
    const section = index.search("runbook").hits.find((h) => h.section.anchor)?.section;
    if (!section) throw new Error("fixture has no runbook section with an anchor");
    const pasted = section.url.replace("https://forem.com/", "https://dev.to/");

    expect(
      (
        await postEvent(
          events,
          SIGNING_SECRET,
          linkSharedEvent([pasted, "https://example.com/x"], {
            source: "conversations_history",
          }),
        )
      ).status,
    ).toBe(200);
    const [posted] = await fake.waitFor("chat.unfurl", 1);
    expect(posted?.params).toMatchObject({ channel: "C0GENERAL", ts: "1700000000.000100" });
    const unfurls = posted?.params.unfurls as Record<string, unknown>;
    expect(Object.keys(unfurls)).toEqual([pasted]);
    expect(JSON.stringify(unfurls[pasted])).toContain(section.heading);
    // One short paragraph: the heading linked once, a passage of about 300 characters, a byline.
    const unfurl = unfurls[pasted] as { blocks: { type: string; text?: { text: string } }[] };
    expect(unfurl.blocks.map((b) => b.type)).toEqual(["section", "context"]);
    const paragraph = unfurl.blocks[0]?.text?.text ?? "";
    expect(paragraph.match(/<https?:/g)).toHaveLength(1);
    expect(paragraph.split("\n")).toHaveLength(2);
    expect(paragraph.length).toBeLessThan(450);
    const published = Date.parse(section.essay.published ?? "") / 1000;
    expect(JSON.stringify(unfurls[pasted])).toContain(`<!date^${published}^{date_short}|`);

    await postEvent(
      events,
      SIGNING_SECRET,
      linkSharedEvent([section.essay.url], {
        source: "composer",
        unfurl_id: "C0GENERAL.1234.abcd",
        channel: "COMPOSER",
      }),
    );
    const calls = await fake.waitFor("chat.unfurl", 2);
    expect(calls[1]?.params).toMatchObject({
      unfurl_id: "C0GENERAL.1234.abcd",
      source: "composer",
    });
  });

  it("makes no chat.unfurl call for links it does not know", async () => {
    bot.setIndex(index);
    const before = fake.callsTo("chat.unfurl").length;
    const res = await postEvent(
      events,
      SIGNING_SECRET,
      linkSharedEvent(["https://example.com/essay"]),
    );
    expect(res.status).toBe(200);
    await eventually(
      () => bot.logLines.find((line) => line.msg === "no essay links to unfurl"),
      "the link_shared listener to finish",
    );
    expect(fake.callsTo("chat.unfurl")).toHaveLength(before);
  });

  it("refuses forged signatures and requests older than five minutes", async () => {
    const forged = await postSlashCommand(
      events,
      SIGNING_SECRET,
      { text: "x" },
      { secret: "wrong" },
    );
    expect(forged.status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const replayed = await postSlashCommand(
      events,
      SIGNING_SECRET,
      { text: "x" },
      { timestamp: old },
    );
    expect(replayed.status).toBe(401);
  });

  it("never sent Slack anything that breaks Block Kit limits", () => {
    expect(fake.limitProblems).toEqual([]);
  });
});
