import type { Logger } from "../../logger.js";
import type { ServingIndex } from "../../search/serving-index.js";

/** What every listener needs; passed in so tests can hand over plain objects. */
export interface ListenerDeps {
  /** The current index, or undefined while the first load is still running. */
  getIndex: () => ServingIndex | undefined;
  logger: Logger;
}
