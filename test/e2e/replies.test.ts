/**
 * What `/essay` says besides its hits, end to end: signed slash commands to the real Bolt app on
 * a real port, against the reference feed's index.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBlockKitLimits } from "../../src/render/limits.js";
import { postSlashCommand } from "../support/slack-requests.js";
import { type HttpBot, SIGNING_SECRET, startHttpBot } from "./harness.js";
import type { Reply } from "./payloads.js";

describe("/essay notices (HTTP mode)", () => {
  let events: string;
  let app: HttpBot;

  beforeAll(async () => {
    app = await startHttpBot();
    ({ events } = app);
  });

  afterAll(() => app?.stop());

  /** The reply, and every mrkdwn text it shows (button values are data, not shown). */
  async function essay(text: string): Promise<{ reply: Reply; shown: string }> {
    const res = await postSlashCommand(events, SIGNING_SECRET, { text });
    expect(res.status).toBe(200);
    const reply = res.json as Reply;
    expect(checkBlockKitLimits(reply)).toEqual([]);
    const texts: string[] = [];
    JSON.stringify(reply.blocks, (key, value) => {
      if (key === "text" && typeof value === "object" && value?.type === "mrkdwn") {
        texts.push(value.text);
      }
      return value;
    });
    return { reply, shown: texts.join("\n") };
  }

  it("says which word a typo was read as", async () => {
    const { reply, shown } = await essay("promoton");
    expect(shown).toContain("Showing results for *promotion*");
    expect(shown).not.toContain("*promoton*");
    expect(reply.text).toContain("promotion");
  });

  it("names the words no section has", async () => {
    const { shown } = await essay("promotion zzzkubernetes");
    expect(shown).toContain("No section has *zzzkubernetes*");
    expect(shown).toMatch(/\d+ sections? match/);
  });

  it("escapes what was typed in those notices", async () => {
    // Slack sends typed <, > and & HTML-escaped; the corrected query keeps them as typed.
    const { shown } = await essay("promoton &lt;b&gt; *runbook*");
    expect(shown).toContain("Showing results for *promotion &lt;b&gt; ∗runbook∗*");
    expect(shown).not.toMatch(/<b>/);
  });

  it("says which related word stood in for a word of the query", async () => {
    const { shown } = await essay("difficult conversations");
    expect(shown).toContain("Also showing *hard conversations*, for *difficult conversations*.");
    // The stand-in is bold in the excerpt, as a matched word is.
    expect(shown).toMatch(/\*hard\*/i);
  });

  it("names a related word with the corrected query when a typo was read too", async () => {
    const { shown } = await essay("difficult conversatoins");
    expect(shown).toContain("Showing results for *difficult conversation*");
    expect(shown).toContain("Also showing *hard conversation*, for *difficult conversation*.");
  });

  it("escapes what was typed in the related-words notice", async () => {
    const { shown } = await essay("difficult &lt;!channel&gt; conversations");
    expect(shown).toContain("Also showing *hard &lt;!channel&gt; conversations*");
    expect(shown).not.toContain("<!channel>");
  });

  it("keeps a quoted phrase exact: no acronym or other form in bold", async () => {
    const { shown } = await essay('"pull request"');
    expect(shown).toContain("*pull request*");
    expect(shown).not.toMatch(/\*PRs?\*/);
    expect(shown).not.toContain("*pull requests*");
  });
});
