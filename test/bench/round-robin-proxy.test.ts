import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startRoundRobinProxy } from "../../bench/round-robin-proxy.js";
import { signatureHeaders } from "../support/slack-requests.js";

const servers: { close(): unknown }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

interface Seen {
  name: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An upstream that records what reached it and answers with its name. */
async function upstream(name: string, seen: Seen[]): Promise<string> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ name, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { "content-type": "text/plain", "x-upstream": name }).end(name);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push({ close: () => new Promise((r) => server.close(r)) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the benchmark's round-robin proxy", () => {
  it("sends each request to the next upstream in turn, keeping Slack's headers and body as they came", async () => {
    const seen: Seen[] = [];
    const upstreams = [
      await upstream("a", seen),
      await upstream("b", seen),
      await upstream("c", seen),
    ];
    const proxy = await startRoundRobinProxy(upstreams);
    servers.push(proxy);
    // Not UTF-8-clean on purpose: the proxy must pass bytes, not text.
    const body = Buffer.concat([
      Buffer.from("command=%2Fessay&text=promotion&x="),
      Buffer.from([0xff, 0xfe]),
    ]);
    const signed = signatureHeaders(body.toString("latin1"), "secret");
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${proxy.url}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...signed },
        body,
      });
      expect(res.status).toBe(200);
      answers.push(await res.text());
    }
    expect(answers).toEqual(["a", "b", "c", "a", "b", "c"]);
    for (const s of seen) {
      expect(s.body.equals(body)).toBe(true);
      for (const [key, value] of Object.entries(signed))
        expect(s.headers[key.toLowerCase()]).toBe(value);
    }
  });

  it("answers 502 when an upstream cannot be reached, and goes on with the others", async () => {
    const seen: Seen[] = [];
    const live = await upstream("live", seen);
    const proxy = await startRoundRobinProxy([live, "http://127.0.0.1:1"]);
    servers.push(proxy);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${proxy.url}/healthz`);
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 502, 200, 502]);
  });
});
