import type { RespondArguments, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { ACTION_IDS } from "../../src/render/actions.js";
import { essayCommand } from "../../src/slack/listeners/commands/essay.js";
import { memoryLogger } from "../support/logger.js";
import { allText, recorder, testIndex } from "./support.js";

type Command = SlackCommandMiddlewareArgs["command"];

function command(text: string): Command {
  return {
    text,
    command: "/essay",
    user_id: "U0ALICE",
    channel_id: "C0GENERAL",
  } as Command;
}

/** `loaded: false` runs the command before the first index exists. */
async function run(text: string, { loaded = true } = {}) {
  const index = loaded ? testIndex() : undefined;
  const logger = memoryLogger();
  const { entries } = logger;
  const ack = recorder<string | RespondArguments>();
  await essayCommand({ getIndex: () => index, logger })({ command: command(text), ack });
  expect(ack.calls).toHaveLength(1);
  return { reply: ack.calls[0] as Record<string, unknown>, entries };
}

describe("/essay", () => {
  it("answers a search in the ack, privately, with matched words in bold", async () => {
    const { reply } = await run("judgment");
    expect(reply.response_type).toBe("ephemeral");
    expect(allText(reply.blocks)).toContain("*judgment*");
    expect(allText(reply.blocks)).toContain("hiring-for-judgment#work-samples");
  });

  it("pages long results with a Next button and no Previous", async () => {
    const { reply } = await run("leadership");
    const text = allText(reply.blocks);
    expect(text).toContain(ACTION_IDS.next);
    expect(text).not.toContain(ACTION_IDS.prev);
  });

  it("shows help for empty text and for 'help', even while the index is loading", async () => {
    for (const text of ["", "help"]) {
      const { reply } = await run(text, { loaded: false });
      expect(reply.response_type).toBe("ephemeral");
      expect(allText(reply)).toMatch(/\/essay/);
      expect(allText(reply)).not.toMatch(/still loading/);
    }
  });

  it("lists the newest essays first for 'latest'", async () => {
    const { reply } = await run("latest");
    const text = allText(reply.blocks);
    expect(text.indexOf("On-Call Without Heroes")).toBeGreaterThanOrEqual(0);
    expect(text.indexOf("On-Call Without Heroes")).toBeLessThan(
      text.indexOf("Hiring for Judgment"),
    );
    expect(text.indexOf("Hiring for Judgment")).toBeLessThan(
      text.indexOf("Promotions Are Trailing Indicators"),
    );
  });

  it("offers suggestions as buttons when nothing matches", async () => {
    const { reply } = await run("hirng");
    expect(reply.response_type).toBe("ephemeral");
    const text = allText(reply.blocks);
    expect(text).toContain(ACTION_IDS.suggest);
    expect(text).toContain("hiring");
  });

  it("says politely that essays are still loading before the first index exists", async () => {
    const { reply } = await run("judgment", { loaded: false });
    expect(reply).toMatchObject({ response_type: "ephemeral" });
    expect(String(reply.text)).toMatch(/still loading the essays.*try again in a few seconds/i);
  });

  it("answers hostile input without passing Slack control sequences through", async () => {
    const hostile = `<!channel> <@U0BOSS|boss> &lt;script&gt; ${"x".repeat(5000)} 🚀 リーダー`;
    const { reply } = await run(hostile);
    expect(reply.response_type).toBe("ephemeral");
    const text = allText(reply);
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<@U0BOSS");
    expect(text).not.toContain("<script>");
  });

  it("turns an exception into an ephemeral sentence and logs it with context", async () => {
    const logger = memoryLogger();
    const { entries } = logger;
    const ack = recorder<string | RespondArguments>();
    const broken = {
      search() {
        throw new Error("index exploded");
      },
    } as unknown as ReturnType<typeof testIndex>;
    await essayCommand({ getIndex: () => broken, logger })({ command: command("judgment"), ack });
    expect(ack.calls[0]).toMatchObject({ response_type: "ephemeral" });
    expect(String((ack.calls[0] as RespondArguments).text)).toMatch(
      /something went wrong.*try again/i,
    );
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: "error",
        fields: expect.objectContaining({ user: "U0ALICE" }),
      }),
    );
  });
});
