import { afterEach, describe, expect, it } from "vitest";
import { type HealthReport, startHealthServer } from "../../src/slack/health.js";

describe("startHealthServer", () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function start(health: () => HealthReport) {
    const server = await startHealthServer(0, health);
    close = server.close;
    return `http://127.0.0.1:${server.port}`;
  }

  it("answers 503 with the report until ready, then 200", async () => {
    let report: HealthReport = { ready: false };
    const base = await start(() => report);
    const before = await fetch(`${base}/healthz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ ready: false });

    report = { ready: true, essays: 3, sections: 12 };
    const after = await fetch(`${base}/healthz`);
    expect(after.status).toBe(200);
    expect(after.headers.get("content-type")).toContain("application/json");
    expect(await after.json()).toEqual({ ready: true, essays: 3, sections: 12 });
  });

  it("reports a throwing health() as not ready instead of dropping the probe", async () => {
    const base = await start(() => {
      throw new Error("store unreadable");
    });
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, error: "store unreadable" });
  });

  it("answers 404 elsewhere", async () => {
    const base = await start(() => ({ ready: true }));
    expect((await fetch(`${base}/slack/events`, { method: "POST" })).status).toBe(404);
  });

  it("explains a port that is already taken", async () => {
    const first = await startHealthServer(0, () => ({ ready: true }));
    try {
      await expect(startHealthServer(first.port, () => ({ ready: true }))).rejects.toThrow(
        /already in use.*PORT/,
      );
    } finally {
      await first.close();
    }
  });
});
