/**
 * The Postgres store bundle (DATABASE_URL). Assembled from the Postgres stores as they land.
 */
import type { Logger } from "../../logger.js";
import { StoreError } from "../errors.js";
import type { Stores } from "../stores.js";
import { describeDatabaseUrl } from "./database.js";

export async function openPostgresStores(
  url: string,
  _opts: { log: Logger; signal?: AbortSignal },
): Promise<Stores> {
  throw new StoreError(
    describeDatabaseUrl(url),
    "DATABASE_URL is not supported by this build yet: unset it to keep state in DATA_DIR.",
  );
}
