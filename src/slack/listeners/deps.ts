import type { Logger } from "../../logger.js";
import type { ServingIndex } from "../../search/serving-index.js";
import type { SubscriptionDeps } from "./subscription-deps.js";

/** What every listener needs; passed in so tests can hand over plain objects. */
export interface ListenerDeps {
  /** The current index, or undefined while the first load is still running. */
  getIndex: () => ServingIndex | undefined;
  /** Why there is no essay at all (every feed failed), or undefined; see Library.loadProblem. */
  loadProblem?: () => string | undefined;
  logger: Logger;
  /**
   * Channel subscriptions and personal alerts (`store`). Unset in tests that do not need them:
   * the subscription words then answer as unavailable, and App Home leaves those parts out.
   */
  subscriptions?: SubscriptionDeps;
}
