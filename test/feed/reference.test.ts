import { describe, expect, it } from "vitest";
import { loadFeed } from "../../src/feed/load.js";

// The feed the bot exists for (a saved copy of https://forem.com/feed/jonoherrington).
const SOURCE = "test/fixtures/forem-jonoherrington.xml";

async function reference() {
  const result = await loadFeed(SOURCE);
  if (result.status !== "ok") throw new Error("a local file is never not-modified");
  return result;
}

describe("the reference feed", () => {
  it("ingests all 12 essays, newest first as published, with the feed's title", async () => {
    const { feed } = await reference();
    expect(feed.feedUrl).toBe(SOURCE);
    expect(feed.title).toBe("Forem: Jono Herrington");
    expect(feed.essays).toHaveLength(12);
    expect(feed.essays.map((essay) => essay.title).slice(0, 3)).toEqual([
      "The Promotion Happened. The Job Did Not.",
      "Boring Is the Feature When Money Is Moving",
      "The Model Fills the Envelope. You Have to Shrink It.",
    ]);
    // Apostrophes and colons come through as written.
    expect(feed.essays[5]?.title).toBe("Diagnosis Didn't Change My Leadership. Ownership Did.");
    expect(feed.essays[9]?.title).toBe("Most 1:1s Are Career Drift Meetings");
  });

  it("uses the guid as id and the link as url, unique per essay", async () => {
    const { feed } = await reference();
    const first = feed.essays[0];
    expect(first?.id).toBe(
      "https://forem.com/jonoherrington/the-promotion-happened-the-job-did-not-7i6",
    );
    expect(first?.url).toBe(first?.id);
    expect(new Set(feed.essays.map((essay) => essay.id)).size).toBe(12);
    for (const essay of feed.essays) {
      expect(essay.feedUrl).toBe(SOURCE);
      expect(essay.url).toMatch(/^https:\/\/forem\.com\/jonoherrington\//);
    }
  });

  it("dates every essay in ISO 8601 UTC", async () => {
    const { feed } = await reference();
    expect(feed.essays[0]?.published).toBe("2026-05-18T15:36:49.000Z");
    expect(feed.essays[11]?.published).toBe("2026-05-02T13:17:02.000Z");
    const dates = feed.essays.map((essay) => essay.published ?? "");
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("keeps the categories as tags, in feed order", async () => {
    const { feed } = await reference();
    expect(feed.essays[0]?.tags).toEqual(["leadership", "career", "discuss", "beginners"]);
    expect(feed.essays[11]?.tags).toEqual(["ai", "webdev", "programming", "leadership"]);
  });

  it("credits Jono Herrington and keeps the body HTML with its subheadings", async () => {
    const { feed } = await reference();
    for (const essay of feed.essays) {
      expect(essay.author).toBe("Jono Herrington");
      expect(essay.html).toMatch(/^<p>/);
    }
    expect(feed.essays[0]?.html).toContain("<h2>");
    expect(feed.essays.filter((essay) => essay.html.includes("<h2")).length).toBeGreaterThan(6);
  });

  it("validates a local file by its stamp, so an unchanged file is not even read", async () => {
    const { validators } = await reference();
    expect(validators).toEqual({ bodyHash: expect.any(String), fileStamp: expect.any(String) });
    expect(await loadFeed(SOURCE, { validators })).toEqual({ status: "not-modified" });
  });
});
