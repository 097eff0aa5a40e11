/**
 * Vitest global setup: one real Postgres server for the whole run, started before any test file
 * and removed after the last. Its admin URL reaches the tests through `inject`.
 */
import type { TestProject } from "vitest/node";
import { type PostgresServer, startPostgres } from "./postgres.js";

let server: PostgresServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres();
  project.provide("postgresAdminUrl", server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.destroy();
}
