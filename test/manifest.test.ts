import { readFile } from "node:fs/promises";
// The schema declares draft-07 ("$schema": ".../draft-07/schema#"): ajv's default class speaks it.
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../", import.meta.url);

function compile(schema: object) {
  // ajv-formats is not installed, so "format" (only "uri" on $schema, which we do not set) is
  // not checked. "regex" and "_note" are Slack's own annotations: declare them, stay strict.
  // strictTypes is off only because Slack's schema omits a "type" next to some minItems.
  const ajv = new Ajv({ allErrors: true, validateFormats: false, strictTypes: false });
  ajv.addKeyword("regex");
  ajv.addKeyword("_note");
  const validate = ajv.compile(schema);
  return (data: unknown) => (validate(data) ? "valid" : ajv.errorsText(validate.errors));
}

async function load() {
  const manifest = parse(await readFile(new URL("manifest.yml", root), "utf8"));
  const schema = JSON.parse(
    await readFile(new URL("test/fixtures/slack/manifest.schema.1.0.0.json", root), "utf8"),
  );
  return { manifest, schema };
}

describe("manifest.yml", () => {
  it("is valid against Slack's app manifest schema", async () => {
    const { manifest, schema } = await load();
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const validate = compile(schema);
    expect(validate(manifest)).toBe("valid");
    // The check has teeth: a misspelt setting or a command without its slash is rejected.
    expect(validate({ ...manifest, setings: {} })).toContain("additional properties");
    const badCommand = { command: "essay", description: "x" };
    expect(validate({ ...manifest, features: { slash_commands: [badCommand] } })).toContain(
      "pattern",
    );
    // What the schema's non-standard "regex" keyword asks of the colour, checked by hand.
    expect(manifest.display_information.background_color).toMatch(
      /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/,
    );
  });

  it("declares the command, unfurl domains, scopes, event and settings the bot relies on", async () => {
    const { manifest } = await load();
    expect(manifest.display_information.name).toBe("essay-bot");
    expect(manifest.features.bot_user.display_name).toBe("essay-bot");
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: "/essay" });
    expect(command.description).not.toBe("");
    expect(command.usage_hint).toContain("latest");
    expect(manifest.features.unfurl_domains).toEqual(["forem.com", "dev.to"]);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        "commands",
        "chat:write",
        "chat:write.public",
        "links:read",
        "links:write",
        "channels:history",
        "groups:history",
      ]),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toContain("link_shared");
    expect(manifest.settings).toMatchObject({
      interactivity: { is_enabled: true },
      socket_mode_enabled: true,
      org_deploy_enabled: false,
      token_rotation_enabled: false,
    });
  });

  it("enables the Home tab, both shortcuts and app_home_opened, as the design names them", async () => {
    const { manifest } = await load();
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true });
    const shortcuts = manifest.features.shortcuts.map(
      (s: { type: string; callback_id: string }) => [s.type, s.callback_id],
    );
    expect(shortcuts).toEqual([
      ["global", "essay_search"],
      ["message", "essay_related"],
    ]);
    expect(manifest.settings.event_subscriptions.bot_events).toContain("app_home_opened");
    // Slack tells a removed bot with channel_left / group_left, not member_left_channel.
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["channel_left", "group_left", "channel_archive", "group_archive"]),
    );
    // Shortcuts need the commands scope, which /essay has already: no new scope for these.
    expect(manifest.oauth_config.scopes.bot).toContain("commands");
  });

  it("says why each bot scope is there", async () => {
    const text = await readFile(new URL("manifest.yml", root), "utf8");
    const { manifest } = await load();
    for (const scope of manifest.oauth_config.scopes.bot as string[]) {
      const line = text.split("\n").find((l) => l.trim().startsWith(`- ${scope} `));
      expect(line, scope).toMatch(/#\s*\S/);
    }
  });
});
