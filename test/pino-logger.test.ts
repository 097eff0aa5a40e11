import type { LogLevel } from "@slack/bolt";
import type { Logger } from "pino";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { boltLogger, createLogger } from "../src/pino-logger.js";
import { memoryStream } from "./support/logger.js";

const BOT = "xoxb-1111-2222-topsecretbot";
const APP = "xapp-1-A111-333-topsecretapp";
const SECRET = "0123456789abcdef-signing";

class GetterError extends Error {
  constructor(private readonly detail: string) {
    super();
  }
  override get message() {
    return `request failed: ${this.detail}`;
  }
}

class Holder {
  constructor(readonly token: string) {}
}

describe("createLogger", () => {
  it("writes JSON lines with child bindings and context as fields", () => {
    const out = memoryStream();
    const log = createLogger({ level: "info", destination: out.stream });
    log.child({ feedUrl: "https://forem.com/feed/x" }).info({ channel: "C0123ABCDE" }, "announced");
    log.debug("hidden below the level");
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      feedUrl: "https://forem.com/feed/x",
      channel: "C0123ABCDE",
      msg: "announced",
    });
  });

  it("redacts tokens and secrets in a logged config, however it is nested", () => {
    const out = memoryStream();
    const log = createLogger({ level: "info", destination: out.stream });
    const config = parseConfig({
      SLACK_BOT_TOKEN: BOT,
      SLACK_APP_TOKEN: APP,
      SLACK_SIGNING_SECRET: SECRET,
    });
    log.info(config, "as fields");
    log.info({ config }, "nested");
    log.child({ slack: config.slack }).info("in a child");
    log.info({ token: BOT, req: { headers: { authorization: `Bearer ${BOT}` } } }, "raw");
    log.info(`message text mentioning ${BOT} and ${APP}`);

    const text = out.text();
    for (const secret of [BOT, APP, SECRET]) expect(text).not.toContain(secret);
    const lines = out.lines();
    expect(lines).toHaveLength(5);
    expect(lines[0]?.slack).toMatchObject({ mode: "socket", botToken: "[redacted]" });
    expect(lines[1]?.config).toMatchObject({
      slack: { botToken: "[redacted]", appToken: "[redacted]", signingSecret: "[redacted]" },
    });
    expect(lines[1]?.config).toMatchObject({ feedUrls: ["https://forem.com/feed/jonoherrington"] });
    expect(lines[2]?.slack).toMatchObject({ appToken: "[redacted]" });
    expect(lines[3]).toMatchObject({
      token: "[redacted]",
      req: { headers: { authorization: "[redacted]" } },
    });
    expect(lines[4]?.msg).toBe("message text mentioning xoxb-[redacted] and xapp-[redacted]");
  });

  it("redacts errors, grandchildren's bindings and secrets deeper than any listed path", () => {
    const out = memoryStream();
    const log = createLogger({ level: "info", destination: out.stream });
    const error = Object.assign(new Error(`invalid_auth for ${BOT}`), { data: { token: BOT } });
    log.error({ err: error }, "auth.test failed");
    log
      .child({ feed: "a" })
      .child({ deep: { a: { b: { c: { appToken: APP } } } } })
      .info("child");
    const text = out.text();
    for (const secret of [BOT, APP]) expect(text).not.toContain(secret);
    const [errLine, childLine] = out.lines();
    expect(errLine?.err).toMatchObject({
      type: "Error",
      message: "invalid_auth for xoxb-[redacted]",
      data: { token: "[redacted]" },
    });
    expect(childLine).toMatchObject({
      feed: "a",
      deep: { a: { b: { c: { appToken: "[redacted]" } } } },
    });
  });

  // Each way a secret could reach a line: as a field, a binding, a format argument, an error's
  // message or property, deep inside something, or spelled differently.
  const ways: [string, (log: Logger) => void][] = [
    [
      "a format argument",
      (log) => log.info("options %j and %o", { token: BOT }, { appToken: APP }),
    ],
    ["a string format argument", (log) => log.info("using %s", BOT)],
    ["an error as the only argument", (log) => log.error(new Error(`invalid_auth for ${BOT}`))],
    ["an error field with no message", (log) => log.error({ err: new Error(`bad ${APP}`) })],
    ["an error whose message is a getter", (log) => log.error({ err: new GetterError(BOT) }, "x")],
    [
      "an AggregateError's inner errors",
      (log) => log.error({ err: new AggregateError([new Error(`inner ${BOT}`)], "many") }, "x"),
    ],
    ["a class instance", (log) => log.info({ client: new Holder(BOT) }, "x")],
    [
      "snake_case and header spellings",
      (log) => log.info({ signing_secret: SECRET, headers: { "X-Slack-Signature": SECRET } }),
    ],
    ["other token kinds, next to other text", (log) => log.info(`xoxc-1-${SECRET} token_${BOT}`)],
    [
      "a response_url",
      (log) => log.info(`posting to https://hooks.slack.com/commands/T1/2/${SECRET}`),
    ],
    ["JSON text", (log) => log.debug(`payload {"token":"${SECRET}","type":"events_api"}`)],
    [
      "very deep",
      (log) =>
        log.info({
          a: {
            b: { c: { d: { e: { f: { g: { h: { i: { j: { k: { l: { token: BOT } } } } } } } } } } },
          },
        }),
    ],
    [
      "setBindings",
      (log) => {
        log.setBindings({ token: BOT });
        log.child({ a: 1 }).info("x");
      },
    ],
    ["a child's msgPrefix", (log) => log.child({}, { msgPrefix: `${BOT} ` }).info("x")],
    [
      "Bolt's logger, objects as arguments",
      (log) => boltLogger(log).info("options", { token: BOT, signingSecret: SECRET }),
    ],
  ];
  it.each(ways)("never prints a secret passed as %s", (_name, write) => {
    const out = memoryStream();
    write(createLogger({ level: "debug", destination: out.stream }));
    const text = out.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of [BOT, APP, SECRET]) expect(text).not.toContain(secret);
    expect(() => out.lines()).not.toThrow();
  });

  it("still writes the line when a logged value cannot even be read", () => {
    const out = memoryStream();
    const log = createLogger({ level: "info", destination: out.stream });
    const broken = {
      get detail(): string {
        throw new Error("getter failed");
      },
    };
    expect(() => log.error({ err: new Error("boom"), broken }, "could not answer")).not.toThrow();
    expect(out.lines()[0]).toMatchObject({
      msg: "could not answer",
      unreadable: expect.any(String),
    });
  });

  it("prints human-readable lines when pretty, still redacted", () => {
    const out = memoryStream();
    const log = createLogger({ level: "info", pretty: true, destination: out.stream });
    log.info({ feedUrl: "https://forem.com/feed/x", botToken: BOT }, "refreshed");
    const text = out.text();
    expect(text).toContain("refreshed");
    expect(text).toContain("feedUrl");
    expect(text).not.toContain(BOT);
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe("boltLogger", () => {
  it("sends Bolt's messages through pino with their level and errors as fields", () => {
    const out = memoryStream();
    const bolt = boltLogger(createLogger({ level: "debug", destination: out.stream }));
    bolt.info("Now connected to Slack", { attempt: 1 });
    bolt.error("Unhandled error", new Error("boom"));
    const [info, error] = out.lines();
    expect(info).toMatchObject({ level: 30, component: "bolt" });
    expect(info?.msg).toBe("Now connected to Slack { attempt: 1 }");
    expect(error).toMatchObject({ level: 50, msg: "Unhandled error", err: { message: "boom" } });
  });

  it("supports Bolt's setLevel, getLevel and setName without touching the app logger", () => {
    const out = memoryStream();
    const app = createLogger({ level: "info", destination: out.stream });
    const bolt = boltLogger(app);
    expect(bolt.getLevel()).toBe("info");
    bolt.setLevel("error" as LogLevel);
    bolt.setName("socket-mode");
    expect(bolt.getLevel()).toBe("error");
    bolt.warn("dropped");
    bolt.error("kept");
    app.info("app still logs info");
    expect(out.lines().map((l) => [l.msg, l.name])).toEqual([
      ["kept", "socket-mode"],
      ["app still logs info", undefined],
    ]);
  });
});
