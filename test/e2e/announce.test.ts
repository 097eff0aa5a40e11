/**
 * Announcing new essays end to end: feed server → library → file store → announcer → real
 * WebClient → fake Slack Web API, on a real DATA_DIR, restarted by booting fresh instances.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL, type Rig, startRig } from "../jobs/e2e-rig.js";
import { item, items } from "../support/feed-items.js";

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe("announcements", () => {
  it("takes a baseline without posting, then announces a new essay once, even across a restart", async () => {
    rig = await startRig({ items: items(1, 3) });
    const bot = await rig.boot();
    await bot.run();
    expect(rig.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(rig.index()?.essayCount).toBe(3);

    rig.feed.items = items(1, 4);
    await bot.run();
    await bot.run();
    expect(rig.announced()).toEqual(["essay-4"]);
    const [call] = rig.fake.callsTo("chat.postMessage");
    expect(call?.params).toMatchObject({
      channel: CHANNEL,
      metadata: {
        event_type: "essay_published",
        event_payload: { id: "essay-4", url: "https://essays.test/essay-4" },
      },
    });
    // Form-encoded by WebClient, so booleans arrive as strings.
    expect(String(call?.params.unfurl_links)).toBe("false");
    expect(String(call?.params.unfurl_media)).toBe("false");
    expect(String(call?.params.text)).toContain("Essay number 4");
    // Said in the message, where the channel reads it, not only in the notification.
    expect(JSON.stringify(call?.params.blocks)).toContain("*New essay* · ");
    // The date as Slack's token, shown in each reader's time zone, with a UTC fallback.
    expect(JSON.stringify(call?.params.blocks)).toContain(
      `<!date^${Date.UTC(2026, 0, 5) / 1000}^{date_short}|5 January 2026>`,
    );

    const restarted = await rig.boot();
    await restarted.run();
    expect(rig.announced()).toEqual(["essay-4"]);
  });

  it("announces essays published while the bot was down when it comes back", async () => {
    rig = await startRig({ items: items(1, 2) });
    await (await rig.boot()).run();
    rig.feed.items = items(1, 4);
    await (await rig.boot()).run();
    expect(rig.announced()).toEqual(["essay-3", "essay-4"]);
  });

  it("posts the newest ANNOUNCE_BACKLOG essays on the very first run only", async () => {
    rig = await startRig({ items: items(1, 5), backlog: 2 });
    await (await rig.boot()).run();
    await (await rig.boot()).run();
    expect(rig.announced()).toEqual(["essay-4", "essay-5"]);
  });

  it("does not announce an edited essay, nor one whose guid changed but link did not", async () => {
    rig = await startRig({ items: items(1, 2) });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = [
      item(1, {
        guid: "tag:essays.test,2026:essay-1-moved",
        link: "http://essays.test/essay-1/?utm_source=rss",
      }),
      item(2, { title: "Essay number 2 (revised)", html: "<p>New wording throughout.</p>" }),
    ];
    await bot.run();
    await (await rig.boot()).run();
    expect(rig.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(rig.index()?.search("wording").hits.length).toBeGreaterThan(0);
  });

  it("posts a burst of 20 new essays oldest first, at most one per second", async () => {
    rig = await startRig({ items: items(0, 0), floodLimit: 20 });
    const postedAt: number[] = [];
    const { clock } = rig;
    rig.fake.on("chat.postMessage", () => {
      postedAt.push(clock.now().getTime());
      return undefined; // fall through to the fake's normal reply
    });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = [...items(1, 20).reverse(), item(0)];
    await bot.run();
    expect(rig.announced()).toEqual(items(1, 20).map((i) => i.guid));
    const gaps = postedAt.slice(1).map((t, i) => t - (postedAt[i] ?? 0));
    expect(gaps).toHaveLength(19);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
  });

  it("updates the /healthz counters as each post lands, not at the end of the run", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    const seen: { announced: number; pending: number }[] = [];
    rig.fake.on("chat.postMessage", () => {
      const { announced, pending } = bot.announcer.status();
      seen.push({ announced, pending });
      return undefined;
    });
    rig.feed.items = items(0, 4);
    await bot.run();
    expect(seen).toEqual([
      { announced: 0, pending: 4 },
      { announced: 1, pending: 3 },
      { announced: 2, pending: 2 },
      { announced: 3, pending: 1 },
    ]);
    expect(bot.announcer.status()).toMatchObject({ announced: 4, pending: 0 });
  });

  it("posts the 5 newest of a flood of 300 new essays, after one message naming the rest, once", async () => {
    rig = await startRig({ items: items(0, 0) });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = items(0, 300);
    await bot.run();
    await bot.run();
    const messages = rig.fake.messages.get(CHANNEL) ?? [];
    expect(messages).toHaveLength(6);
    expect(rig.announced()).toEqual(items(296, 300).map((i) => i.guid));
    const summary = messages[0];
    expect(String(summary?.text)).toContain("300 new essays");
    const shown = JSON.stringify(summary?.blocks);
    expect(shown).toContain("295");
    expect(shown).toContain("https://essays.test/essay-295"); // the newest of the rest, linked
    expect(shown).toContain("/essay");
    expect(rig.fake.limitProblems).toEqual([]);
    expect(bot.announcer.status()).toMatchObject({ announced: 300, pending: 0, lastError: null });
    await (await rig.boot()).run();
    expect(rig.fake.messages.get(CHANNEL)).toHaveLength(6);
  });

  it("keeps real spacing between posts as Slack receives them", async () => {
    const intervalMs = 60;
    rig = await startRig({ items: items(0, 0), realPacingMs: intervalMs });
    const receivedAt: number[] = [];
    rig.fake.on("chat.postMessage", () => {
      receivedAt.push(Date.now());
      return undefined;
    });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = items(0, 4);
    await bot.run();
    expect(rig.announced()).toEqual(["essay-1", "essay-2", "essay-3", "essay-4"]);
    const gaps = receivedAt.slice(1).map((t, i) => t - (receivedAt[i] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(intervalMs);
  });

  it("shows feed text as text: no @channel ping, no mention, no disguised link", async () => {
    const nasty = "<!channel> <@U123> <https://evil|click>";
    rig = await startRig({ items: items(1, 1) });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = [
      item(1),
      item(2, {
        title: `Big news ${nasty}`,
        html: `<p>Read this ${nasty.replace(/</g, "&lt;").replace(/>/g, "&gt;")} now.</p>`,
      }),
    ];
    await bot.run();
    const [message] = rig.fake.messages.get(CHANNEL) ?? [];
    const mrkdwn = [String(message?.text), ...mrkdwnTexts(message?.blocks)];
    expect(mrkdwn.join("\n")).toContain("&lt;!channel&gt;");
    for (const text of mrkdwn) {
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<@U123>");
      expect(text).not.toContain("<https://evil");
    }
  });

  it("posts a header free of right-to-left overrides and zero-width characters", async () => {
    rig = await startRig({ items: items(1, 1) });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = [item(1), item(2, { title: "Pay\u202E yadot\u200B raise" })];
    await bot.run();
    const [message] = rig.fake.messages.get(CHANNEL) ?? [];
    const blocks = (message?.blocks ?? []) as { type: string; text?: { text: string } }[];
    const header = blocks.find((b) => b.type === "header");
    expect(header?.text?.text).toBe("Pay yadot raise");
    expect(String(message?.text)).not.toMatch(/\u202E|\u200B/);
  });

  it("leaves the Read essay button out when the item's link is not a well-formed URL", async () => {
    rig = await startRig({ items: items(1, 1) });
    const bot = await rig.boot();
    await bot.run();
    rig.feed.items = [item(1), item(2, { link: "https://essays.te%st/essay-2" })];
    await bot.run();
    expect(rig.fake.limitProblems).toEqual([]);
    const [message] = rig.fake.messages.get(CHANNEL) ?? [];
    expect(message?.blocks).toBeDefined();
    expect(JSON.stringify(message?.blocks)).not.toContain('"type":"actions"');
  });
});

/** Every mrkdwn text in a block tree: the places Slack would turn `<…>` into pings and links. */
function mrkdwnTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(mrkdwnTexts);
  if (typeof node !== "object" || node === null) return [];
  const record = node as Record<string, unknown>;
  const own = record.type === "mrkdwn" && typeof record.text === "string" ? [record.text] : [];
  return [...own, ...Object.values(record).flatMap(mrkdwnTexts)];
}
