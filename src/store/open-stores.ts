/**
 * The stores a bot process runs on: files in DATA_DIR (the default, for one process) or, with
 * DATABASE_URL, one Postgres database shared by several processes. The Postgres code (and the
 * pg driver) is loaded only when it is used.
 */
import type { Logger } from "../logger.js";
import { openFileStores } from "./file-stores.js";
import type { Stores } from "./stores.js";

export async function openStores(
  config: { dataDir: string; databaseUrl?: string | undefined },
  opts: { log: Logger; signal?: AbortSignal },
): Promise<Stores> {
  if (!config.databaseUrl) return openFileStores(config.dataDir, { log: opts.log });
  const { openPostgresStores } = await import("./postgres/stores.js");
  return openPostgresStores(config.databaseUrl, { ...opts, dataDir: config.dataDir });
}
