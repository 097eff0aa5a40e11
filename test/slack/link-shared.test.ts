import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { linkShared } from "../../src/slack/listeners/events/link-shared.js";
import { linkSharedEvent } from "../e2e/payloads.js";
import { memoryLogger } from "../support/logger.js";
import { allText, recorder, testIndex } from "./support.js";

type Event = SlackEventMiddlewareArgs<"link_shared">["event"];

const ESSAY = "https://forem.com/jonoherrington/hiring-for-judgment";
const SECTION = "https://dev.to/jonoherrington/on-call-without-heroes?utm_source=x#runbooks";

function event(urls: string[], extra: Partial<Event> = {}): Event {
  return linkSharedEvent(urls, extra) as Event;
}

function run(e: Event, { loaded = true, fail = false } = {}) {
  const unfurl = recorder<Record<string, unknown>>(
    fail ? () => new Error("cannot_unfurl_url") : undefined,
  );
  const client = { chat: { unfurl } } as unknown as AllMiddlewareArgs["client"];
  const index = loaded ? testIndex() : undefined;
  const logger = memoryLogger();
  const { entries } = logger;
  return {
    done: linkShared({ getIndex: () => index, logger })({ event: e, client }),
    unfurl,
    entries,
  };
}

describe("link_shared", () => {
  it("unfurls every known link in one chat.unfurl addressed by channel and ts", async () => {
    const { done, unfurl } = run(
      event([ESSAY, SECTION, "https://example.com/elsewhere"], { source: "conversations_history" }),
    );
    await done;
    expect(unfurl.calls).toHaveLength(1);
    const call = unfurl.calls[0] as {
      channel: string;
      ts: string;
      unfurls: Record<string, unknown>;
    };
    expect(call.channel).toBe("C0GENERAL");
    expect(call.ts).toBe("1700000000.000100");
    expect(Object.keys(call.unfurls).sort()).toEqual([SECTION, ESSAY].sort());
    expect(allText(call.unfurls[SECTION])).toContain("Runbooks");
    expect(allText(call.unfurls[ESSAY])).toContain("Hiring for Judgment");
  });

  it("addresses composer links by unfurl_id and source", async () => {
    const { done, unfurl } = run(
      event([ESSAY], { source: "composer", unfurl_id: "C123456.7890.abc", channel: "COMPOSER" }),
    );
    await done;
    expect(unfurl.calls[0]).toMatchObject({ unfurl_id: "C123456.7890.abc", source: "composer" });
    expect(unfurl.calls[0]).not.toHaveProperty("channel");
  });

  it("makes no call when no link is an essay it knows", async () => {
    const { done, unfurl } = run(
      event(["https://example.com/a", "https://forem.com/someone/else"]),
    );
    await done;
    expect(unfurl.calls).toHaveLength(0);
  });

  it("makes no call while the index is still loading", async () => {
    const { done, unfurl } = run(event([ESSAY]), { loaded: false });
    await done;
    expect(unfurl.calls).toHaveLength(0);
  });

  it("logs a refused unfurl instead of throwing", async () => {
    const { done, entries } = run(event([ESSAY]), { fail: true });
    await expect(done).resolves.toBeUndefined();
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ urls: [ESSAY] }),
      }),
    );
  });
});
