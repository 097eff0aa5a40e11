/**
 * The Bolt app: picks the receiver for the configured mode, points every Web API call (including
 * Socket Mode's apps.connections.open) at config.slack.apiUrl, serves GET /healthz on `port` in
 * both modes, and registers the listeners. Receivers are built here rather than by App so that
 * we hold typed references to them for start/stop.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger as BoltLogger } from "@slack/bolt";
import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { Logger as PinoLogger } from "pino";
import type { SlackConfig } from "../config.js";
import { boltLogger } from "../pino-logger.js";
import type { ServingIndex } from "../search/serving-index.js";
import { StartupError } from "../startup-error.js";
import {
  closeServer,
  HEALTH_PATH,
  type HealthReport,
  healthHandler,
  startHealthServer,
} from "./health.js";
import { registerListeners } from "./listeners/index.js";
import type { SubscriptionDeps } from "./listeners/subscription-deps.js";
import { guardSlackRequests, SLACK_BODY_LIMIT } from "./request-guard.js";
import { guardSocketFrames } from "./socket-guard.js";

const EVENTS_PATH = "/slack/events";

export interface SlackAppOptions {
  slack: SlackConfig;
  /** HTTP port for /slack/events (HTTP mode) and /healthz (both modes); 0 picks a free one. */
  port: number;
  /** pino logger: our lines use it directly, Bolt's go through the boltLogger adapter. */
  logger: PinoLogger;
  /** The current index, or undefined while the first load is still running. */
  getIndex: () => ServingIndex | undefined;
  /** Why there is no essay at all (every feed failed), or undefined: /essay says it. */
  loadProblem?: () => string | undefined;
  health: () => HealthReport;
  subscriptions?: SubscriptionDeps;
}

export interface SlackApp {
  app: App;
  /** Verifies the bot token (auth.test), then listens / connects. Rejects with an actionable error. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The port actually listened on (useful when `port` was 0); undefined before start. */
  readonly port: number | undefined;
}

export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const { slack, logger } = opts;
  const log = boltLogger(logger);
  const clientOptions = {
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // No automatic retries: this client also posts (chat.postMessage for Share, "Post in
    // thread" and subscription confirmations, chat.postEphemeral, chat.unfurl), and a 500 or
    // timeout after Slack stored the message would post it again. Per-method retries are not
    // possible on one client, and a second client for posts would leave Bolt's say()/respond()
    // on the retrying one, so every call gets one try; a failure is reported to the person.
    retryConfig: { retries: 0 },
    // Without a timeout a Web API that accepts the connection and never answers holds the call
    // (and a start, at auth.test) forever. One try of 8 s gives up on a start in about 10 s;
    // Slack answers in well under a second.
    timeout: WEB_API_TIMEOUT_MS,
  };
  const receiver =
    slack.mode === "socket" ? socketReceiver(opts, log, clientOptions) : httpReceiver(opts, log);
  if (receiver instanceof SocketModeReceiver) {
    guardSocketFrames(receiver.client, logger.child({ component: "socket-mode" }));
  }

  const app = new App({
    token: slack.botToken,
    receiver,
    logger: log,
    // Without this App calls log.setLevel("info"), overriding LOG_LEVEL for every Bolt line.
    logLevel: log.getLevel(),
    clientOptions,
    // auth.test runs in start() (app.init) so a bad token fails start with a clear error instead
    // of an unhandled rejection from the constructor.
    deferInitialization: true,
    // No listener keeps per-conversation state, and Bolt's default in-memory store throws (and
    // catches) a "Conversation not found" Error, stack trace and all, on every request.
    convoStore: false,
  });
  app.error(async (error) => {
    logger.error({ err: error }, "a Slack listener failed");
  });
  registerListeners(app, {
    getIndex: opts.getIndex,
    ...(opts.loadProblem ? { loadProblem: opts.loadProblem } : {}),
    ...(opts.subscriptions ? { subscriptions: opts.subscriptions } : {}),
    logger,
  });

  let boundPort: number | undefined;
  let healthServer: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  let httpServer: Server | undefined;

  return {
    app,
    get port() {
      return boundPort;
    },
    async start() {
      try {
        await app.init();
      } catch (error) {
        throw authTestError(error, slack.apiUrl);
      }
      if (receiver instanceof SocketModeReceiver) {
        healthServer = await startHealthServer(opts.port, opts.health);
        boundPort = healthServer.port;
        try {
          await receiver.client.start();
        } catch (error) {
          await healthServer.close();
          throw new StartupError(
            `Socket Mode could not connect (${describe(error)}). Check SLACK_APP_TOKEN (xapp-… with the connections:write scope) and that Socket Mode is enabled for the app.`,
            { cause: error },
          );
        }
        logger.info({ mode: "socket", port: boundPort }, "connected to Slack in Socket Mode");
        return;
      }
      httpServer = await receiver.start(opts.port).catch((error: NodeJS.ErrnoException) => {
        throw error.code === "EADDRINUSE"
          ? new StartupError(
              `Port ${opts.port} (PORT) is already in use: is essay-bot already running? Stop it, or set PORT to a free port.`,
              { cause: error },
            )
          : error;
      });
      boundPort = (httpServer.address() as AddressInfo).port;
      logger.info({ mode: "http", port: boundPort }, "listening for Slack on /slack/events");
    },
    async stop() {
      if (receiver instanceof SocketModeReceiver) {
        // receiver.stop() does not wait for the WebSocket to close; the client's disconnect does.
        await receiver.client.disconnect();
        await healthServer?.close();
        healthServer = undefined;
        return;
      }
      if (httpServer) {
        await closeServer(httpServer);
        httpServer = undefined;
      }
    },
  };
}

function httpReceiver(opts: SlackAppOptions, log: BoltLogger) {
  const { signingSecret } = opts.slack;
  if (!signingSecret) {
    throw new Error(
      'HTTP mode needs SLACK_SIGNING_SECRET: copy the Signing Secret from your app\'s "Basic Information" page, or set SLACK_APP_TOKEN to use Socket Mode instead.',
    );
  }
  const receiver = new HTTPReceiver({
    signingSecret,
    endpoints: EVENTS_PATH,
    port: opts.port,
    logger: log,
    // The guard below reads bodies first; this only backs it up.
    bodyLimit: SLACK_BODY_LIMIT,
    // HEAD too: some load balancers probe with it, and the Socket Mode server answers it.
    customRoutes: [
      { path: HEALTH_PATH, method: ["GET", "HEAD"], handler: healthHandler(opts.health) },
    ],
  });
  // The server Bolt creates in start() calls receiver.requestListener, so this wraps every request.
  receiver.requestListener = guardSlackRequests(receiver.requestListener, {
    signingSecret,
    path: EVENTS_PATH,
    log: opts.logger.child({ component: "http" }),
  });
  return receiver;
}

function socketReceiver(
  opts: SlackAppOptions,
  log: BoltLogger,
  clientOptions: { slackApiUrl?: string },
) {
  if (!opts.slack.appToken) {
    throw new Error(
      'Socket Mode needs SLACK_APP_TOKEN: create an app-level token (xapp-…) with connections:write under your app\'s "Basic Information" page.',
    );
  }
  return new SocketModeReceiver({
    appToken: opts.slack.appToken,
    logger: log,
    // A copy: SocketModeClient mutates its options (retryConfig), which must not leak into the
    // App's own WebClient. slackApiUrl here is what sends apps.connections.open to apiUrl.
    installerOptions: { clientOptions: { ...clientOptions } },
  });
}

/** Per request; see clientOptions. */
const WEB_API_TIMEOUT_MS = 8_000;

function authTestError(error: unknown, configuredUrl: string | undefined): StartupError {
  const apiUrl = configuredUrl ?? "https://slack.com/api/";
  const code = (error as { code?: string }).code;
  if (code === "slack_webapi_platform_error") {
    return new StartupError(
      `Slack did not accept SLACK_BOT_TOKEN (auth.test at ${apiUrl} failed: ${describe(error)}). Copy the Bot User OAuth Token (xoxb-…) from your app's "OAuth & Permissions" page.`,
      { cause: error },
    );
  }
  const check = `Check the network, proxy and firewall${configuredUrl ? ", and SLACK_API_URL" : ""}, then start again.`;
  if (isTimeout(error)) {
    return new StartupError(
      `Slack's Web API at ${apiUrl} did not answer auth.test within ${WEB_API_TIMEOUT_MS / 1000} s. ${check}`,
      { cause: error },
    );
  }
  return new StartupError(
    `Could not reach Slack's Web API at ${apiUrl} (${describe(error)}). ${check}`,
    { cause: error },
  );
}

function isTimeout(error: unknown): boolean {
  const original = (error as { original?: { name?: string } }).original;
  return original?.name === "TimeoutError" || original?.name === "AbortError";
}

function describe(error: unknown): string {
  // "fetch failed" says nothing; its cause ("connect ECONNREFUSED 127.0.0.1:9") does.
  const cause = (error as { original?: { cause?: { message?: unknown; code?: unknown } } }).original
    ?.cause;
  // An AggregateError (IPv6 and IPv4 both refused) has an empty message but a code.
  const detail = cause?.message || cause?.code;
  if (typeof detail === "string") return detail;
  if (error && typeof error === "object" && "data" in error) {
    const data = (error as { data?: { error?: unknown } }).data;
    if (data?.error) return String(data.error);
  }
  return error instanceof Error ? error.message : String(error);
}
