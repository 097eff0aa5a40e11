import { describe, expect, it } from "vitest";
import { checkBlockKitLimits } from "../../src/render/limits.js";
import { renderNotLoaded } from "../../src/render/not-loaded.js";

describe("renderNotLoaded", () => {
  it("names the feed problem, escaped and within Block Kit's limits however long it is", () => {
    const problem = `Feed https://x.test/<!channel>&a could not be fetched: the server answered 404. ${"More. ".repeat(2000)}`;
    const message = renderNotLoaded(problem);
    expect(checkBlockKitLimits(message)).toEqual([]);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain("could not be loaded");
    expect(shown).toContain("https://x.test/&lt;!channel&gt;&amp;a");
    expect(shown).not.toContain("<!channel>");
  });
});
