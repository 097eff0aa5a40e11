import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileSubscriptionStore } from "../../src/store/file-subscription-store.js";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";
import { memoryLogger } from "../support/logger.js";
import { subscriptionStoreContract } from "./subscription-store.contract.js";

let dataDir: TempDataDir;
beforeEach(async () => {
  dataDir = await tempDataDir();
});
afterEach(() => dataDir.cleanup());

const AT = "2026-06-01T12:00:00.000Z";

describe("FileSubscriptionStore", () => {
  describe("as every SubscriptionStore", () =>
    subscriptionStoreContract(() => FileSubscriptionStore.open(dataDir.dir)));

  it("moves an unusable file aside, says so, and starts with none", async () => {
    const path = join(dataDir.dir, "subscriptions.json");
    await writeFile(path, '{"version":1,"channels":{"C1":{"channel":"C1"');
    const log = memoryLogger();
    const store = await FileSubscriptionStore.open(dataDir.dir, { log });
    expect(store.count()).toEqual({ channels: 0, alerts: 0 });
    const files = await readdir(dataDir.dir);
    expect(files.some((f) => f.startsWith("subscriptions.json.corrupt-"))).toBe(true);
    expect(log.lines.some((l) => String(l.msg).includes("moved it aside"))).toBe(true);
    await store.setAlert({ user: "U1", topics: ["x"], createdAt: AT });
    expect(JSON.parse(await readFile(path, "utf8"))).toMatchObject({ version: 1 });
  });

  it("refuses a file whose records do not have the right shape", async () => {
    await writeFile(
      join(dataDir.dir, "subscriptions.json"),
      JSON.stringify({ version: 1, channels: { C1: { channel: "C2" } }, alerts: {} }),
    );
    const store = await FileSubscriptionStore.open(dataDir.dir);
    expect(store.count().channels).toBe(0);
  });
});
