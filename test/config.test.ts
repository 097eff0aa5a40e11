import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  hasAnySlackToken,
  noSlackTokensHelp,
  parseConfig,
  splitFeedUrls,
} from "../src/config.js";
import { parseEnvFile } from "../src/env-file.js";

const BOT = "xoxb-1111-2222-secretbotvalue";
const APP = "xapp-1-A111-333-secretappvalue";
const SECRET = "0123456789abcdef0123456789abcdef";

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    expect(config).toEqual({
      slack: { mode: "socket", botToken: BOT, appToken: APP },
      feedUrls: ["https://forem.com/feed/jonoherrington"],
      refreshCron: "*/10 * * * *",
      announceBacklog: 0,
      dataDir: "./data",
      port: 3000,
      logLevel: "info",
      subscriptionAdmins: [],
      digestCron: "0 9 * * *",
    });
  });

  it("reads every variable", () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: "http://127.0.0.1:4567/api",
      FEED_URLS: "https://a.example/feed, http://b.example/rss\n./local.xml  file:///tmp/f.xml",
      ANNOUNCE_CHANNEL: "C0123ABCDE",
      REFRESH_CRON: "0 */5 * * * *",
      ANNOUNCE_BACKLOG: "3",
      DATA_DIR: "/var/lib/essay-bot",
      PORT: "0",
      LOG_LEVEL: "DEBUG",
      SUBSCRIPTION_ADMINS: "U0ADMIN1, U0ADMIN2 W0ADMIN3",
      DIGEST_CRON: "0 8 * * 1-5",
    });
    expect(config).toEqual({
      slack: {
        mode: "http",
        botToken: BOT,
        signingSecret: SECRET,
        apiUrl: "http://127.0.0.1:4567/api/",
      },
      feedUrls: [
        "https://a.example/feed",
        "http://b.example/rss",
        "./local.xml",
        "file:///tmp/f.xml",
      ],
      announceChannel: "C0123ABCDE",
      refreshCron: "0 */5 * * * *",
      announceBacklog: 3,
      dataDir: "/var/lib/essay-bot",
      port: 0,
      logLevel: "debug",
      subscriptionAdmins: ["U0ADMIN1", "U0ADMIN2", "W0ADMIN3"],
      digestCron: "0 8 * * 1-5",
    });
  });

  it("names SUBSCRIPTION_ADMINS entries that are not user IDs, and a bad DIGEST_CRON", () => {
    const problems = problemsOf(() =>
      parseConfig({
        SLACK_BOT_TOKEN: BOT,
        SLACK_APP_TOKEN: APP,
        SUBSCRIPTION_ADMINS: "U0OK, @alice",
        DIGEST_CRON: "daily",
      }),
    );
    expect(problems.join("\n")).toContain("@alice");
    expect(problems.join("\n")).toContain('DIGEST_CRON "daily"');
  });

  it("treats empty values as unset", () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
      SLACK_SIGNING_SECRET: "",
      SLACK_API_URL: "",
      FEED_URLS: "  ",
      ANNOUNCE_CHANNEL: "",
      PORT: "",
      LOG_LEVEL: "",
    });
    expect(config.feedUrls).toEqual(["https://forem.com/feed/jonoherrington"]);
    expect(config.announceChannel).toBeUndefined();
    expect(config.slack).toEqual({ mode: "socket", botToken: BOT, appToken: APP });
    expect(config.port).toBe(3000);
  });

  it("keeps the trailing slash Slack's API base needs", () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
      SLACK_API_URL: "https://slack.com/api/",
    });
    expect(config.slack.apiUrl).toBe("https://slack.com/api/");
  });

  it("lists every problem in one error, each naming its variable", () => {
    const problems = problemsOf(() =>
      parseConfig({
        SLACK_BOT_TOKEN: "xoxp-user-token-secret",
        SLACK_APP_TOKEN: "not-an-app-token-secret",
        SLACK_API_URL: "ftp://slack.example",
        FEED_URLS: "htp//x,ftp://example.com/feed,https://ok.example/feed,http://",
        ANNOUNCE_CHANNEL: "#general",
        REFRESH_CRON: "every ten minutes",
        ANNOUNCE_BACKLOG: "-1",
        PORT: "70000",
        LOG_LEVEL: "verbose",
      }),
    );
    const starts = problems.map((p) => p.split(/[ :]/)[0]);
    expect(starts).toEqual([
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN",
      "SLACK_API_URL",
      "FEED_URLS",
      "FEED_URLS",
      "FEED_URLS",
      "REFRESH_CRON",
      "ANNOUNCE_BACKLOG",
      "PORT",
      "LOG_LEVEL",
      "ANNOUNCE_CHANNEL",
    ]);
    const text = problems.join("\n");
    expect(text).toContain('"htp//x" looks like a URL with a mistyped scheme');
    expect(text).toContain('"ftp://example.com/feed" uses ftp:');
    expect(text).toContain('"http://" is not a valid URL');
    expect(text).not.toContain('"https://ok.example/feed"');
    expect(text).toContain("this looks like a user token");
    expect(text).toContain("trace, debug, info, warn, error, fatal, silent");
    expect(text).toContain("copy the Channel ID");
    expect(text).toContain("from 0 to 65535");
  });

  it("never echoes a secret value", () => {
    const err = (() => {
      try {
        parseConfig({
          SLACK_BOT_TOKEN: "xoxp-user-token-secret",
          SLACK_APP_TOKEN: "wrong-app-token-secret",
          PORT: "x",
        });
      } catch (e) {
        return e as Error;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(err.message).not.toContain("user-token-secret");
    expect(err.message).not.toContain("wrong-app-token-secret");
    expect(err.message).toContain("PORT");
  });

  it("requires a bot token and says where to get it", () => {
    const problems = problemsOf(() => parseConfig({ SLACK_APP_TOKEN: APP }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("SLACK_BOT_TOKEN is not set");
    expect(problems[0]).toContain('"OAuth & Permissions"');
  });

  it("requires a signing secret in HTTP mode and offers Socket Mode instead", () => {
    const problems = problemsOf(() => parseConfig({ SLACK_BOT_TOKEN: BOT }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("SLACK_SIGNING_SECRET is required in HTTP mode");
    expect(problems[0]).toContain("Signing Secret");
    expect(problems[0]).toContain("SLACK_APP_TOKEN");
  });

  it("points at App-Level Tokens when the app token is wrong", () => {
    const problems = problemsOf(() => parseConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: BOT }));
    expect(problems[0]).toContain("this looks like a bot token");
    expect(problems[0]).toContain("App-Level Tokens");
    expect(problems[0]).toContain("connections:write");
  });

  it("accepts 5- and 6-field cron expressions and rejects out-of-range fields", () => {
    const base = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP };
    expect(parseConfig({ ...base, REFRESH_CRON: "0 9 * * 1-5" }).refreshCron).toBe("0 9 * * 1-5");
    expect(parseConfig({ ...base, REFRESH_CRON: "30 */10 * * * *" }).refreshCron).toBe(
      "30 */10 * * * *",
    );
    expect(problemsOf(() => parseConfig({ ...base, REFRESH_CRON: "60 * * * *" }))[0]).toContain(
      "REFRESH_CRON",
    );
  });

  it("accepts private channel IDs and rejects names and DMs", () => {
    const base = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP };
    expect(parseConfig({ ...base, ANNOUNCE_CHANNEL: "G0ABCDEF12" }).announceChannel).toBe(
      "G0ABCDEF12",
    );
    expect(problemsOf(() => parseConfig({ ...base, ANNOUNCE_CHANNEL: "general" }))[0]).toContain(
      "not a channel ID",
    );
    expect(problemsOf(() => parseConfig({ ...base, ANNOUNCE_CHANNEL: "D0ABCDEF12" }))).toHaveLength(
      1,
    );
  });

  it("accepts Windows paths and rejects fractional numbers", () => {
    const base = { SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP };
    expect(parseConfig({ ...base, FEED_URLS: "C:\\feeds\\a.xml" }).feedUrls).toEqual([
      "C:\\feeds\\a.xml",
    ]);
    expect(problemsOf(() => parseConfig({ ...base, ANNOUNCE_BACKLOG: "1.5" }))[0]).toContain(
      "ANNOUNCE_BACKLOG must be a whole number",
    );
  });

  describe("without requireSlack (the CLI)", () => {
    it("needs no Slack settings", () => {
      const config = parseConfig({ FEED_URLS: "./feed.xml" }, { requireSlack: false });
      expect(config.slack).toBeUndefined();
      expect(config.feedUrls).toEqual(["./feed.xml"]);
    });

    it("ignores broken Slack settings but still reports its own", () => {
      expect(
        parseConfig({ SLACK_BOT_TOKEN: "bad" }, { requireSlack: false }).slack,
      ).toBeUndefined();
      const problems = problemsOf(() =>
        parseConfig({ SLACK_BOT_TOKEN: "bad", FEED_URLS: "gopher://x" }, { requireSlack: false }),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain("FEED_URLS");
    });

    it("still fills in valid Slack settings", () => {
      const config = parseConfig(
        { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET },
        { requireSlack: false },
      );
      expect(config.slack?.mode).toBe("http");
    });
  });
});

describe("splitFeedUrls", () => {
  it("splits on commas and whitespace, dropping blanks and repeats", () => {
    expect(splitFeedUrls(" a.xml,, b.xml\n\tc.xml a.xml ")).toEqual(["a.xml", "b.xml", "c.xml"]);
    expect(splitFeedUrls("")).toEqual([]);
  });
});

describe("DATABASE_URL", () => {
  const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };

  it("is unset by default (files in DATA_DIR) and kept as given when it is a postgres URL", () => {
    expect(parseConfig(base).databaseUrl).toBeUndefined();
    expect(parseConfig({ ...base, DATABASE_URL: "" }).databaseUrl).toBeUndefined();
    const url = "postgres://bot:s3cret@db:5432/essays";
    expect(parseConfig({ ...base, DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(parseConfig({ ...base, DATABASE_URL: "postgresql://db/essays" }).databaseUrl).toBe(
      "postgresql://db/essays",
    );
  });

  it("names a wrong one beside every other wrong setting, never echoing its password", () => {
    for (const bad of ["mysql://bot:s3cret@db/essays", "db:5432", "postgres://bot:s3cret@/x"]) {
      const error = (() => {
        try {
          parseConfig({ ...base, DATABASE_URL: bad, PORT: "nope" });
        } catch (e) {
          return e as ConfigError;
        }
      })();
      expect(error?.problems).toHaveLength(2);
      expect(error?.message).toContain("DATABASE_URL");
      expect(error?.message).not.toContain("s3cret");
    }
  });
});

describe("Slack token help", () => {
  it("detects whether any Slack credential is set", () => {
    expect(hasAnySlackToken({ SLACK_BOT_TOKEN: " ", PORT: "1" })).toBe(false);
    expect(hasAnySlackToken({ SLACK_SIGNING_SECRET: SECRET })).toBe(true);
  });

  it("says what to set, where to get it, and that search works without Slack", () => {
    const help = noSlackTokensHelp();
    for (const expected of [
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN",
      "SLACK_SIGNING_SECRET",
      "https://api.slack.com/apps",
      "Bot User OAuth Token",
      "App-Level Tokens",
      "Signing Secret",
      "npx essay-bot search",
    ]) {
      expect(help).toContain(expected);
    }
  });
});

describe(".env.example", () => {
  it("lists every variable with a comment, and its values are the defaults", async () => {
    const text = await readFile(new URL("../.env.example", import.meta.url), "utf8");
    const vars = parseEnvFile(text);
    const names = [
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN",
      "SLACK_SIGNING_SECRET",
      "SLACK_API_URL",
      "FEED_URLS",
      "ANNOUNCE_CHANNEL",
      "REFRESH_CRON",
      "ANNOUNCE_BACKLOG",
      "DATA_DIR",
      "DATABASE_URL",
      "PORT",
      "LOG_LEVEL",
      "SUBSCRIPTION_ADMINS",
      "DIGEST_CRON",
    ];
    expect(Object.keys(vars).sort()).toEqual([...names].sort());
    const lines = text.split("\n");
    for (const name of names) {
      const at = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(lines[at - 1], `comment above ${name}`).toMatch(/^# \S/);
    }
    expect(parseConfig(vars, { requireSlack: false })).toEqual(
      parseConfig({}, { requireSlack: false }),
    );
  });
});
