import { validate as validateCron } from "node-cron";
import type { LevelWithSilent } from "pino";

export type Env = Record<string, string | undefined>;

export interface SlackConfig {
  /** "socket" when SLACK_APP_TOKEN is set (no public URL needed), else "http". */
  mode: "socket" | "http";
  botToken: string;
  appToken?: string;
  signingSecret?: string;
  /** Web API base URL ending in "/", e.g. "https://slack.com/api/"; unset → Slack's own. */
  apiUrl?: string;
}

export interface Config {
  slack?: SlackConfig;
  feedUrls: string[];
  /** Channel ID; unset → no announcements. */
  announceChannel?: string;
  refreshCron: string;
  announceBacklog: number;
  dataDir: string;
  /**
   * postgres://… (DATABASE_URL): every piece of state in that database, shared by several
   * processes; unset → files in DATA_DIR, one process.
   */
  databaseUrl?: string;
  port: number;
  logLevel: LevelWithSilent;
  /** User IDs who may change a channel's subscription; empty → any member of the channel. */
  subscriptionAdmins: string[];
  /** node-cron expression for digests (DIGEST_CRON). */
  digestCron: string;
}

/** What the bot runs with: Slack settings are guaranteed. */
export type BotConfig = Config & { slack: SlackConfig };

export const DEFAULT_FEED_URL = "https://forem.com/feed/jonoherrington";
export const LOG_LEVELS: readonly LevelWithSilent[] = [
  "trace",
  "debug",
  "info",
  "warn",
  "error",
  "fatal",
  "silent",
];

const APPS = "https://api.slack.com/apps → your app";
const WHERE_BOT = `${APPS} → "OAuth & Permissions" → "Bot User OAuth Token" (starts with xoxb-)`;
const WHERE_APP = `${APPS} → "Basic Information" → "App-Level Tokens" (generate one with the connections:write scope; starts with xapp-)`;
const WHERE_SECRET = `${APPS} → "Basic Information" → "App Credentials" → "Signing Secret"`;

/** Every problem found, each a sentence naming the variable and the fix. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `essay-bot cannot start: fix ${problems.length === 1 ? "this setting" : `these ${problems.length} settings`} ` +
        `(environment variables or .env):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.problems = problems;
  }
}

/**
 * Turn environment variables into a typed Config, or throw ONE ConfigError listing every
 * problem, so a person fixes them all in one go. Pure: pass a plain object in tests.
 * With `requireSlack: false` (the CLI) Slack settings are optional: `slack` is filled in only
 * when they are present and valid, and their problems are not reported.
 */
export function parseConfig(env: Env, opts?: { requireSlack?: true }): BotConfig;
export function parseConfig(env: Env, opts: { requireSlack: boolean }): Config;
export function parseConfig(env: Env, opts: { requireSlack?: boolean } = {}): Config {
  const requireSlack = opts.requireSlack ?? true;
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === "" ? undefined : value; // an empty value counts as unset
  };

  const slackProblems: string[] = [];
  const slack = parseSlack(get, slackProblems);
  if (requireSlack) problems.push(...slackProblems);

  const config: Config = {
    feedUrls: parseFeedUrls(get("FEED_URLS"), problems),
    refreshCron: parseCron(get("REFRESH_CRON"), problems),
    digestCron: parseCron(get("DIGEST_CRON"), problems, "DIGEST_CRON", "0 9 * * *"),
    subscriptionAdmins: parseUserIds(get("SUBSCRIPTION_ADMINS"), problems),
    announceBacklog: parseInteger(
      "ANNOUNCE_BACKLOG",
      get("ANNOUNCE_BACKLOG"),
      0,
      0,
      null,
      problems,
    ),
    dataDir: get("DATA_DIR") ?? "./data",
    port: parseInteger("PORT", get("PORT"), 3000, 0, 65535, problems),
    logLevel: parseLogLevel(get("LOG_LEVEL"), problems),
  };
  const databaseUrl = parseDatabaseUrl(get("DATABASE_URL"), problems);
  if (databaseUrl !== undefined) config.databaseUrl = databaseUrl;
  const channel = parseChannel(get("ANNOUNCE_CHANNEL"), problems);
  if (channel !== undefined) config.announceChannel = channel;
  if (slack !== undefined && slackProblems.length === 0) config.slack = slack;

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** True when any Slack credential is set: without one, print noSlackTokensHelp() instead. */
export function hasAnySlackToken(env: Env): boolean {
  return ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"].some(
    (name) => (env[name]?.trim() ?? "") !== "",
  );
}

/** What to tell someone who started the bot with no Slack credentials at all. */
export function noSlackTokensHelp(): string {
  return [
    "essay-bot needs Slack credentials to run as a bot. Set them in the environment or in a .env file",
    "(copy .env.example to .env):",
    "",
    `  SLACK_BOT_TOKEN       required. ${WHERE_BOT}.`,
    `  SLACK_APP_TOKEN       for Socket Mode (no public URL needed). ${WHERE_APP}.`,
    `  SLACK_SIGNING_SECRET  for HTTP mode instead (when SLACK_APP_TOKEN is unset). ${WHERE_SECRET}.`,
    "",
    'No app yet? At https://api.slack.com/apps choose "Create New App" → "From a manifest" and paste',
    "manifest.yml, then install it to your workspace.",
    "",
    "Searching works without Slack: npx essay-bot search <words…>",
  ].join("\n");
}

/** A postgres:// URL; its problems are told without the password it may carry. */
function parseDatabaseUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(
      "DATABASE_URL is not a URL: set it to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to keep state in files in DATA_DIR.",
    );
    return undefined;
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    problems.push(
      `DATABASE_URL must start with postgres:// (it starts with ${url.protocol}//): set it to postgres://USER:PASSWORD@HOST:5432/DATABASE.`,
    );
    return undefined;
  }
  if (url.hostname === "") {
    problems.push(
      "DATABASE_URL names no host: set it to postgres://USER:PASSWORD@HOST:5432/DATABASE.",
    );
    return undefined;
  }
  return raw;
}

function parseSlack(get: (name: string) => string | undefined, problems: string[]) {
  const botToken = get("SLACK_BOT_TOKEN");
  const appToken = get("SLACK_APP_TOKEN");
  const signingSecret = get("SLACK_SIGNING_SECRET");
  const apiUrl = get("SLACK_API_URL");

  if (botToken === undefined) {
    problems.push(`SLACK_BOT_TOKEN is not set. Get it at ${WHERE_BOT}.`);
  } else if (!botToken.startsWith("xoxb-")) {
    problems.push(
      `SLACK_BOT_TOKEN must start with xoxb-${tokenHint(botToken)}. Get it at ${WHERE_BOT}.`,
    );
  }
  if (appToken !== undefined && !appToken.startsWith("xapp-")) {
    problems.push(
      `SLACK_APP_TOKEN must start with xapp-${tokenHint(appToken)}. Get one at ${WHERE_APP}, or leave it unset to use HTTP mode.`,
    );
  }
  // A placeholder pasted from the README ("xoxb-…") or a token with a stray space passes the
  // prefix check, then fails at the first Web API call as a confusing network error.
  for (const [name, value] of [
    ["SLACK_BOT_TOKEN", botToken],
    ["SLACK_APP_TOKEN", appToken],
    ["SLACK_SIGNING_SECRET", signingSecret],
  ] as const) {
    if (value !== undefined && !/^[\x21-\x7e]+$/.test(value)) {
      problems.push(
        `${name} holds characters no Slack credential has (spaces, "…" or other non-ASCII): paste the whole value from ${name === "SLACK_BOT_TOKEN" ? WHERE_BOT : name === "SLACK_APP_TOKEN" ? WHERE_APP : WHERE_SECRET}.`,
      );
    }
  }
  if (appToken === undefined && signingSecret === undefined) {
    problems.push(
      `SLACK_SIGNING_SECRET is required in HTTP mode (SLACK_APP_TOKEN is unset). Get it at ${WHERE_SECRET}; or set SLACK_APP_TOKEN to use Socket Mode instead.`,
    );
  }
  const slack: SlackConfig = {
    mode: appToken === undefined ? "http" : "socket",
    botToken: botToken ?? "",
  };
  if (appToken !== undefined) slack.appToken = appToken;
  if (signingSecret !== undefined) slack.signingSecret = signingSecret;
  if (apiUrl !== undefined) {
    const url = parseHttpUrl(apiUrl);
    if (url === undefined) {
      problems.push(
        `SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got "${apiUrl}"); leave it unset to use Slack's own.`,
      );
    } else {
      // Bolt's WebClient appends method names to this base, so it must end with "/".
      slack.apiUrl = url.href.endsWith("/") ? url.href : `${url.href}/`;
    }
  }
  return slack;
}

/** Name the kind of token that was pasted, from its public prefix only: never echo a secret. */
function tokenHint(value: string): string {
  const kinds: [string, string][] = [
    ["xoxb-", "a bot token"],
    ["xapp-", "an app-level token"],
    ["xoxp-", "a user token"],
    ["xoxe", "a token-rotation token"],
  ];
  const kind = kinds.find(([prefix]) => value.startsWith(prefix));
  return kind ? ` (this looks like ${kind[1]}, ${kind[0]}…)` : " (the value set does not)";
}

/** FEED_URLS entries: split on commas and/or whitespace, blanks and repeats dropped. */
export function splitFeedUrls(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter((s) => s !== ""))];
}

function parseFeedUrls(value: string | undefined, problems: string[]): string[] {
  if (value === undefined) return [DEFAULT_FEED_URL];
  const sources = splitFeedUrls(value);
  for (const source of sources) {
    const problem = feedSourceProblem(source);
    if (problem) problems.push(`FEED_URLS: "${source}" ${problem}`);
  }
  return sources;
}

/** Why a FEED_URLS entry is unusable, or undefined. Accepts http(s):, file: and local paths. */
function feedSourceProblem(source: string): string | undefined {
  // Two+ letters then ":" is a URL scheme; one letter is a Windows drive ("C:\feeds\a.xml").
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(source)?.[1]?.toLowerCase();
  const fix = "Use an http(s):// URL, a file: URL or a local file path.";
  if (scheme === undefined) {
    // "htp//x", "https//x": a mistyped URL would otherwise be read as a relative path.
    return source.includes("//") ? `looks like a URL with a mistyped scheme. ${fix}` : undefined;
  }
  if (scheme === "file")
    return URL.canParse(source) ? undefined : `is not a valid file: URL. ${fix}`;
  if (scheme !== "http" && scheme !== "https")
    return `uses ${scheme}:, which is not supported. ${fix}`;
  return parseHttpUrl(source) ? undefined : `is not a valid URL. ${fix}`;
}

function parseHttpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    const ok = (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    // "http:x" parses leniently; insist on the "//" a person means to type.
    return ok && /^https?:\/\//i.test(value) ? url : undefined;
  } catch {
    return undefined;
  }
}

function parseCron(
  value: string | undefined,
  problems: string[],
  name = "REFRESH_CRON",
  fallback = "*/10 * * * *",
): string {
  const expression = value ?? fallback;
  if (!validateCron(expression)) {
    problems.push(
      `${name} "${expression}" is not a valid cron expression: use 5 fields ` +
        '(minute hour day month weekday) or 6 with seconds first, e.g. "*/10 * * * *" for every 10 minutes.',
    );
  }
  return expression;
}

/** Slack user IDs (U… or W…), separated by commas or spaces. */
function parseUserIds(value: string | undefined, problems: string[]): string[] {
  if (value === undefined) return [];
  const ids = value.split(/[\s,]+/).filter(Boolean);
  const bad = ids.filter((id) => !/^[UW][A-Z0-9]{2,}$/.test(id));
  if (bad.length > 0) {
    problems.push(
      `SUBSCRIPTION_ADMINS must list Slack user IDs (U… or W…, from a profile's "Copy member ID"), separated by commas or spaces; these are not: ${bad.join(", ")}.`,
    );
  }
  return [...new Set(ids.filter((id) => !bad.includes(id)))];
}

function parseInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number | null,
  problems: string[],
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && (max === null || n <= max)) return n;
  const range = max === null ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  problems.push(`${name} must be ${range} (got "${value}"); unset it to use ${fallback}.`);
  return fallback;
}

function parseLogLevel(value: string | undefined, problems: string[]): LevelWithSilent {
  if (value === undefined) return "info";
  const level = LOG_LEVELS.find((l) => l === value.toLowerCase());
  if (level) return level;
  problems.push(`LOG_LEVEL "${value}" is not a log level: use one of ${LOG_LEVELS.join(", ")}.`);
  return "info";
}

function parseChannel(value: string | undefined, problems: string[]): string | undefined {
  if (value === undefined || /^[CG][A-Z0-9]{6,}$/.test(value)) return value;
  const what = value.startsWith("#") ? "a channel name" : "not a channel ID";
  problems.push(
    `ANNOUNCE_CHANNEL "${value}" is ${what}: it must be a channel ID such as C0123456789. In Slack, ` +
      "open the channel, click its name at the top, and copy the Channel ID at the bottom of the " +
      "About tab. Then invite the bot to that channel (/invite @essay-bot), or unset it to turn announcements off.",
  );
  return undefined;
}
