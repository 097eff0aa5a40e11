import { describe, expect, it } from "vitest";
import { publishHome } from "../../src/slack/home.js";
import { memoryLogger } from "../support/logger.js";
import { testIndex } from "./support.js";

function client(fail = false) {
  const published: Record<string, unknown>[] = [];
  return {
    published,
    views: {
      publish: async (args: Record<string, unknown>) => {
        published.push(args);
        if (fail) throw new Error("not_authed");
        return { ok: true };
      },
    },
  } as unknown as Parameters<typeof publishHome>[0] & { published: Record<string, unknown>[] };
}

describe("publishHome", () => {
  it("publishes the newest essays for the person, with a notice when given", async () => {
    const c = client();
    const index = testIndex();
    const ok = await publishHome(
      c,
      "U0ALICE",
      { getIndex: () => index, logger: memoryLogger() },
      { notice: "Done." },
    );
    expect(ok).toBe(true);
    expect(c.published[0]?.user_id).toBe("U0ALICE");
    const json = JSON.stringify(c.published[0]?.view);
    expect(json).toContain("Done.");
    expect(json).toContain("On-Call Without Heroes");
  });

  it("never throws: a failed publish or a malformed user id is logged and answered false", async () => {
    const logger = memoryLogger();
    const deps = { getIndex: () => undefined, logger };
    expect(await publishHome(client(true), "U0ALICE", deps)).toBe(false);
    const c = client();
    expect(await publishHome(c, "<!channel>", deps)).toBe(false);
    expect(c.published).toEqual([]);
    expect(logger.lines.map((l) => l.msg)).toEqual([
      "could not publish App Home",
      "not publishing a Home for a malformed user id",
    ]);
  });
});
