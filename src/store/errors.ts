/**
 * A file under DATA_DIR could not be read, parsed or written. `path` names the file so the
 * operator knows exactly what to inspect; the message says what to do about it.
 */
export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.path = path;
  }
}

/**
 * The store cannot be reached right now (the database is down): nothing was changed. The
 * message is a sentence a person in Slack can be shown as it is.
 */
export class StoreUnavailable extends Error {
  override readonly name = "StoreUnavailable";
}

/**
 * A write under the leader lease found that this process no longer holds it: nothing was
 * written. Here rather than beside the lease, so the library can tell it apart without
 * importing any database code.
 */
export class LeaseLost extends Error {
  override readonly name = "LeaseLost";
}
