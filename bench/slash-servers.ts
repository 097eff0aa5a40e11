/**
 * The two servers the slash-command benchmark compares, each on a free loopback port with the
 * same receiver settings and signing secret: this project's app, and a bare Bolt app (the floor).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { type LevelWithSilent, pino } from "pino";
import { createLogger } from "../src/pino-logger.js";
import type { SearchIndex } from "../src/search/search-index.js";
import { createSlackApp } from "../src/slack/app.js";

export const SECRET = "bench-signing-secret";
const FLOOR_TEXT = "Here are your essays.";

export interface Target {
  name: string;
  url: string;
  close(): Promise<void>;
}

/**
 * The least any Bolt app does per command: verify the signature, route, ack a constant. With
 * `reply`, the constant is that message instead of one line of text: the same bare app paying
 * only for the size of the app's answer (serialising and sending it), not for finding it.
 */
export async function startFloor(apiUrl: string, reply?: object): Promise<Target> {
  const receiver = new HTTPReceiver({
    signingSecret: SECRET,
    endpoints: "/slack/events",
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: "xoxb-bench-floor",
    receiver,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl },
    deferInitialization: true,
  });
  const answer = reply ?? { response_type: "ephemeral", text: FLOOR_TEXT };
  app.command("/essay", async ({ ack }) => {
    await ack(answer);
  });
  await app.init();
  const server: Server = await receiver.start(0);
  const { port } = server.address() as AddressInfo;
  return {
    name: reply ? "bare Bolt acking the app's reply" : "bare Bolt (floor)",
    url: `http://127.0.0.1:${port}/slack/events`,
    close: () => receiver.stop().then(() => undefined),
  };
}

/**
 * The app as production runs it: createSlackApp with the production logger (by default at level
 * info: one line per answered command), written synchronously as production writes stdout, but
 * to /dev/null.
 */
export async function startProject(
  apiUrl: string,
  index: SearchIndex,
  level: LevelWithSilent = "info",
): Promise<Target> {
  const logger = createLogger({
    level,
    destination: pino.destination({ dest: "/dev/null", sync: true }),
  });
  const slackApp = createSlackApp({
    slack: { mode: "http", botToken: "xoxb-bench-app", signingSecret: SECRET, apiUrl },
    port: 0,
    logger,
    getIndex: () => index,
    health: () => ({ ready: true, essays: index.essayCount, sections: index.sectionCount }),
  });
  await slackApp.start();
  return {
    name: level === "info" ? "essay-bot app" : `essay-bot app (log ${level})`,
    url: `http://127.0.0.1:${slackApp.port}/slack/events`,
    close: () => slackApp.stop(),
  };
}
