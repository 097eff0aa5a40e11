import type { Logger } from "../../logger.js";
import type { ServingIndex } from "../../search/serving-index.js";
import type { Subscriptions } from "../../subscriptions/types.js";

/** What every listener needs; passed in so tests can hand over plain objects. */
export interface ListenerDeps {
  /** The current index, or undefined while the first load is still running. */
  getIndex: () => ServingIndex | undefined;
  /** Why there is no essay at all (every feed failed), or undefined; see Library.loadProblem. */
  loadProblem?: () => string | undefined;
  /** Channel subscriptions and personal alerts; without it App Home leaves those parts out. */
  subscriptions?: Subscriptions;
  logger: Logger;
}
