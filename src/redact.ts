/**
 * Secrets out of log lines. Runs as pino's `formatters.log` / `formatters.bindings` rather than
 * pino's `redact` paths: wildcard paths (`*.token`, `*.*.token`) made pino walk and re-serialise
 * every field of every line, about 10 µs a line, most of what an answered `/essay` cost to log.
 * This walk looks at each key once, copies only what it censors, and matches a secret's name at
 * any depth instead of at the depths someone thought to list.
 */

/** Keys whose values never reach a log line (compared case-insensitively). */
const SECRET_KEYS = new Set(
  [
    "token",
    "botToken",
    "appToken",
    "signingSecret",
    "clientSecret",
    "password",
    "authorization",
    "cookie",
    "set-cookie",
  ].map((k) => k.toLowerCase()),
);

export const CENSOR = "[redacted]";

/** Slack tokens have recognisable prefixes, so they are scrubbed from free text too. */
const TOKEN_PATTERN = /\b(xox[abpers]|xapp)-[A-Za-z0-9-]+/g;

/** Deeper than any object this app logs; also what stops a cycle. */
const MAX_DEPTH = 6;

/** `text` with any Slack token cut down to its prefix. */
export function scrubText(text: string): string {
  // The cheap check first: almost no line mentions a token.
  if (!text.includes("xox") && !text.includes("xapp-")) return text;
  return text.replace(TOKEN_PATTERN, "$1-[redacted]");
}

/**
 * `value` with secret keys censored and tokens scrubbed from strings. Returns the same object
 * when there was nothing to hide, and never modifies what it was given (the caller's config or
 * error lives on after the log line).
 */
export function scrub<T>(value: T, depth = 0): T {
  if (typeof value === "string") return scrubText(value) as T;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return scrubArray(value, depth) as T;
  const isError = value instanceof Error;
  const proto = Object.getPrototypeOf(value);
  // Dates, Buffers, Maps and class instances are logged as they are; plain objects and errors
  // are what carry configs, headers and API responses.
  if (!isError && proto !== Object.prototype && proto !== null) return value;

  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  const keys = Object.keys(source);
  // An error's message, stack and cause are not enumerable, but are logged by pino's serializer.
  if (isError) keys.push("message", "stack", "cause");
  for (const key of keys) {
    const field = source[key];
    if (field === undefined) continue;
    const next = SECRET_KEYS.has(key.toLowerCase()) ? CENSOR : scrub(field, depth + 1);
    if (next === field) continue;
    copy ??= isError ? errorCopy(value as Error) : { ...source };
    copy[key] = next;
  }
  return (copy ?? value) as T;
}

function scrubArray(items: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const next = scrub(items[i], depth + 1);
    if (next === items[i]) continue;
    copy ??= items.slice();
    copy[i] = next;
  }
  return copy ?? items;
}

/** Same prototype and property flags, so pino's error serializer prints it as the original. */
function errorCopy(error: Error): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(error)) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor) continue;
    // Data properties become writable so scrub can replace them; accessors are kept as they are.
    Object.defineProperty(
      copy,
      key,
      "value" in descriptor ? { ...descriptor, writable: true } : descriptor,
    );
  }
  return copy;
}
