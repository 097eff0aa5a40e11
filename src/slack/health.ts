/**
 * GET /healthz: the same handler serves both modes. In HTTP mode it is a Bolt custom route on the
 * receiver's port; in Socket Mode it runs on a small server of our own (see startHealthServer).
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StartupError } from "../startup-error.js";

/** What health() reports: `ready` decides 200 vs 503; every other field is passed through as JSON. */
export type HealthReport = { ready: boolean } & Record<string, unknown>;

export const HEALTH_PATH = "/healthz";

export function healthHandler(health: () => HealthReport) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    let report: HealthReport;
    try {
      report = health();
    } catch (error) {
      // A probe must always get an answer: a broken health() is itself "not ready".
      report = { ready: false, error: error instanceof Error ? error.message : String(error) };
    }
    res.writeHead(report.ready ? 200 : 503, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(JSON.stringify(report));
  };
}

/**
 * Socket Mode has no HTTP listener of its own. Bolt's SocketModeReceiver can serve customRoutes,
 * but it neither awaits `listen` (a port in use becomes an unhandled 'error' that kills the
 * process) nor waits for `close`, so we run this small server instead and own its lifecycle.
 */
export async function startHealthServer(
  port: number,
  health: () => HealthReport,
): Promise<{ port: number; close(): Promise<void> }> {
  const handle = healthHandler(health);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === HEALTH_PATH && (req.method === "GET" || req.method === "HEAD")) {
      handle(req, res);
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end(`Not found. This port serves only GET ${HEALTH_PATH} in Socket Mode.\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(
              `Port ${port} (PORT, used for ${HEALTH_PATH}) is already in use: is essay-bot already running? Stop it, or set PORT to a free port.`,
              { cause: error },
            )
          : error,
      ),
    );
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => closeServer(server),
  };
}

/** Close a server without waiting for idle keep-alive sockets (they would hold shutdown open). */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}
