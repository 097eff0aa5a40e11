/**
 * The processes benchmark's stand-in for the nginx of docker-compose.yml (nginx is not installed
 * here): each request goes to the next upstream in turn, over keep-alive connections, with its
 * method, path, headers and body passed as they came, so Slack's signature still verifies. An
 * upstream that cannot be reached answers 502; nothing is retried.
 */
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export interface RoundRobinProxy {
  /** e.g. http://127.0.0.1:1234 */
  url: string;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(upstreams: readonly string[]): Promise<RoundRobinProxy> {
  if (upstreams.length === 0) throw new Error("round-robin proxy: no upstream");
  const targets = upstreams.map((u) => new URL(u));
  // Idle connections are dropped after 4 s, before the bot's server closes them (Node's
  // keepAliveTimeout, 5 s): a request written onto a connection the server is closing fails.
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });
  let next = 0;

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const target = targets[next % targets.length] as URL;
    next += 1;
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        // rawHeaders keeps every header (Slack's among them) byte for byte; Connection is ours.
        headers: withoutConnection(req.rawHeaders),
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("bad gateway");
    });
    req.pipe(upstream);
  };

  const server: Server = createServer({ keepAlive: true }, forward);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** rawHeaders is [name, value, name, value, …]; http.request takes the same shape. */
function withoutConnection(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!/^connection$/i.test(name)) out.push(name, raw[i + 1] as string);
  }
  return out;
}
