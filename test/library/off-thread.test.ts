import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { draftEssay } from "../../src/essay/split.js";
import { FeedError } from "../../src/feed/errors.js";
import { parseFeed } from "../../src/feed/parse.js";
import { splitToCache } from "../../src/library/splitting.js";
import { OffThread } from "../../src/library/worker/off-thread.js";
import { essayWith, referenceEssays } from "../essay/reference-feed.js";

const FIXTURE = new URL("../fixtures/forem-jonoherrington.xml", import.meta.url);
const opened: OffThread[] = [];
afterEach(async () => {
  for (const worker of opened.splice(0)) await worker.close();
});
function offThread(limits: ConstructorParameters<typeof OffThread>[0] = {}) {
  const worker = new OffThread(limits);
  opened.push(worker);
  return worker;
}

describe("OffThread", () => {
  it("parses a feed as parseFeed does, on a worker thread", async () => {
    const body = new Uint8Array(await readFile(FIXTURE));
    const worker = offThread();
    const [off, on] = await Promise.all([
      worker.parse(body.slice(), "https://forem.com/feed/jonoherrington"),
      parseFeed(body, "https://forem.com/feed/jonoherrington"),
    ]);
    expect(off).toEqual(on);
  });

  it("hands back a feed's error as the FeedError it is, then parses the next feed", async () => {
    const worker = offThread();
    const page = new TextEncoder().encode("<!doctype html><html><body>Hi</body></html>");
    const failure = await worker.parse(page, "https://example.test/page").catch((e) => e);
    expect(failure).toBeInstanceOf(FeedError);
    expect(failure).toMatchObject({ code: "not-a-feed", feedUrl: "https://example.test/page" });
    const body = new Uint8Array(await readFile(FIXTURE));
    expect((await worker.parse(body, "next")).essays).toHaveLength(12);
  });

  it("splits an essay as splitToCache does, links and emphasis kept", async () => {
    const worker = offThread();
    const [essay] = await referenceEssays();
    if (!essay) throw new Error("no reference essay");
    const off = await worker.split(essay);
    expect(JSON.parse(JSON.stringify(off))).toEqual(
      JSON.parse(JSON.stringify(splitToCache(essay, draftEssay))),
    );
    expect(JSON.stringify(off)).toContain("<https://");
  });

  it("sets aside an essay that outlasts its time limit, and splits the next one", async () => {
    const worker = offThread({ splitMs: 300 });
    // The HTML parser's time grows with the square of the depth: seconds at this depth.
    const deep = essayWith(`${"<b>".repeat(150_000)}deep${"</b>".repeat(150_000)}`, {
      id: "deep",
    });
    const [slow, next] = await Promise.all([
      worker.split(deep),
      worker.split(essayWith("<p>A plain essay.</p>", { id: "plain" })),
    ]);
    expect(slow).toMatchObject({ ok: false, reason: expect.stringContaining("longer than 0.3 s") });
    expect(next).toMatchObject({ ok: true });
  });
});
