import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type TestDatabase, testDatabase } from "../../support/postgres.js";

let testDb: TestDatabase;
beforeEach(async () => {
  testDb = await testDatabase();
});
afterEach(() => testDb.drop());

it("a connection lost in the middle of a transaction rejects it; the process lives on", async () => {
  const script = fileURLToPath(new URL("./lost-transaction.ts", import.meta.url));
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), script, testDb.url],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", () => {
      const m = /pid (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`the child ended first: ${out}`)));
  });
  const admin = new pg.Client({ connectionString: testDb.url });
  await admin.connect();
  await admin.query("SELECT pg_terminate_backend($1)", [pid]);
  await admin.end();
  expect(await exited, out).toBe(0);
  expect(out).toMatch(/rejected: .*(terminat|not queryable)/i);
  expect(out).toContain("alive 1");
}, 30_000);
