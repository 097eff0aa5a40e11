/**
 * The CLI says what the search read, as the Slack reply does: a corrected typo, a related word that
 * stood in, words no section has.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.js";

const FEED = "test/fixtures/forem-jonoherrington.xml";

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env: {},
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

describe("essay-bot search notices", () => {
  it("shows the corrected query and the words no section has before the hits", async () => {
    const typo = await cli(["search", "promoton", "--feed", FEED, "--limit", "1"]);
    expect(typo.code).toBe(0);
    expect(typo.stdout.split("\n")[0]).toBe("Showing results for promotion.");

    const missing = await cli(["search", "promotion", "zzzkubernetes", "--feed", FEED]);
    expect(missing.stdout.split("\n")[0]).toBe(
      "No section has zzzkubernetes; these match your other words.",
    );
  });

  it("says which related word stood in for a word of the query", async () => {
    const run = await cli(["search", "difficult", "conversations", "--feed", FEED, "--limit", "1"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(
      "Also showing hard conversations, for difficult conversations.",
    );
  });

  it("names a related word with the corrected query when both happened", async () => {
    const run = await cli(["search", "difficult", "conversatoins", "--feed", FEED, "--limit", "1"]);
    expect(run.stdout.split("\n").slice(0, 2)).toEqual([
      "Showing results for difficult conversation.",
      "Also showing hard conversation, for difficult conversation.",
    ]);
  });

  it("keeps --json output a plain array and puts the notices on stderr", async () => {
    const run = await cli(["search", "promoton", "--feed", FEED, "--json", "--limit", "2"]);
    expect(run.code).toBe(0);
    expect(Array.isArray(JSON.parse(run.stdout))).toBe(true);
    expect(run.stderr).toBe("Showing results for promotion.\n");
  });
});
