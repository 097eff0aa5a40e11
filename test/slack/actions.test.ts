import { describe, expect, it } from "vitest";
import { ACTION_IDS, encodePage, encodeShare, encodeSuggest } from "../../src/render/actions.js";
import type { ButtonArgs } from "../../src/slack/listeners/actions/button-args.js";
import { pageAction } from "../../src/slack/listeners/actions/page.js";
import { shareAction } from "../../src/slack/listeners/actions/share.js";
import { suggestionAction } from "../../src/slack/listeners/actions/suggestion.js";
import type { ListenerDeps } from "../../src/slack/listeners/deps.js";
import { type LogEntry, memoryLogger } from "../support/logger.js";
import { allText, recorder, testIndex } from "./support.js";

const HIRING_WORK_SAMPLES = "https://forem.com/jonoherrington/hiring-for-judgment#work-samples";

function click(actionId: string, value: string | undefined, failRespond = false) {
  const ack = recorder();
  const respond = recorder<Record<string, unknown>>(
    failRespond ? () => new Error("response_url expired") : undefined,
  );
  const args = {
    ack,
    respond,
    action: { type: "button", action_id: actionId, block_id: "b", value, action_ts: "1" },
    body: { type: "block_actions", user: { id: "U0ALICE" } },
  } as unknown as ButtonArgs;
  return { args, ack, respond };
}

function deps(loaded = true): ListenerDeps & { entries: LogEntry[] } {
  const index = loaded ? testIndex() : undefined;
  const logger = memoryLogger();
  const { entries } = logger;
  return { getIndex: () => index, logger, entries };
}

describe("Next / Previous", () => {
  it("acks, then replaces the results with the requested page", async () => {
    const { args, ack, respond } = click(
      ACTION_IDS.next,
      encodePage({ query: "leadership", offset: 3 }),
    );
    await pageAction(deps())(args);
    expect(ack.calls).toHaveLength(1);
    expect(respond.calls).toHaveLength(1);
    const reply = respond.calls[0];
    expect(reply?.replace_original).toBe(true);
    expect(allText(reply)).toContain("Showing 4–");
    expect(allText(reply)).toContain(ACTION_IDS.prev);
  });

  it("explains a button whose value it cannot read", async () => {
    const { args, respond } = click(ACTION_IDS.prev, "not json");
    await pageAction(deps())(args);
    expect(respond.calls[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(respond.calls[0]?.text)).toMatch(/run `\/essay`/i);
  });

  it("says the essays are still loading when there is no index", async () => {
    const { args, respond } = click(ACTION_IDS.next, encodePage({ query: "x", offset: 3 }));
    await pageAction(deps(false))(args);
    expect(String(respond.calls[0]?.text)).toMatch(/still loading/i);
  });

  it("logs, and does not throw, when the response_url refuses the answer", async () => {
    const d = deps();
    const { args } = click(ACTION_IDS.next, encodePage({ query: "leadership", offset: 3 }), true);
    await expect(pageAction(d)(args)).resolves.toBeUndefined();
    expect(d.entries).toContainEqual(expect.objectContaining({ level: "error" }));
  });
});

describe("Share", () => {
  const value = encodeShare({ query: "judgment", sectionId: HIRING_WORK_SAMPLES }) ?? "";

  it("posts the passage visibly in the channel, crediting the person who shared it", async () => {
    const { args, ack, respond } = click(`${ACTION_IDS.share}:1`, value);
    await shareAction(deps())(args);
    expect(ack.calls).toHaveLength(1);
    const post = respond.calls[0];
    expect(post).toMatchObject({ response_type: "in_channel", replace_original: false });
    expect(allText(post)).toContain("<@U0ALICE>");
    expect(allText(post)).toContain("*judgment*");
    expect(allText(post)).toContain(HIRING_WORK_SAMPLES);
  });

  it("says so privately when the section is gone after a refresh", async () => {
    const gone = encodeShare({ query: "judgment", sectionId: "https://forem.com/x#removed" }) ?? "";
    const { args, respond } = click(ACTION_IDS.share, gone);
    await shareAction(deps())(args);
    expect(respond.calls).toHaveLength(1);
    expect(respond.calls[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(respond.calls[0]?.text)).toMatch(/no longer in the index/);
  });

  it("tells the person when the visible post fails", async () => {
    const d = deps();
    const { args, respond } = click(ACTION_IDS.share, value, true);
    await shareAction(d)(args);
    expect(respond.calls.map((c) => c.response_type)).toEqual(["in_channel", "ephemeral"]);
    expect(d.entries).toContainEqual(expect.objectContaining({ level: "error" }));
  });
});

describe("Did-you-mean suggestion", () => {
  it("searches for the suggestion and replaces the no-match message", async () => {
    const { args, respond } = click(`${ACTION_IDS.suggest}:0`, encodeSuggest("hiring"));
    await suggestionAction(deps())(args);
    const reply = respond.calls[0];
    expect(reply?.replace_original).toBe(true);
    expect(allText(reply)).toContain("*Hiring*");
  });

  it("explains an empty or forged value", async () => {
    const { args, respond } = click(ACTION_IDS.suggest, undefined);
    await suggestionAction(deps())(args);
    expect(respond.calls[0]).toMatchObject({ response_type: "ephemeral", replace_original: false });
  });
});
