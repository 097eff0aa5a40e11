/**
 * Secrets out of log lines. log.ts runs every argument of every log call, and every child's
 * bindings, through `scrub`. It replaces pino's `redact` paths: wildcard paths (`*.token`,
 * `*.*.token`) made pino walk and re-serialise every field of every line, about 10 µs a line,
 * most of what an answered `/essay` cost to log. This walk looks at each key once, copies only
 * what it censors, and matches a secret's name at any depth and in any spelling
 * (`signingSecret`, `signing_secret`, `x-slack-signature`).
 */

/**
 * Endings of key names whose values never reach a log line, compared without case, `-` or `_`:
 * `token`, `botToken`, `SLACK_BOT_TOKEN`, `signing_secret`, `x-slack-signature`, `password`. An
 * ending rather than a whole name, so prefixed spellings (`slackSigningSecret`) are caught too;
 * a harmless key that happens to end like one (`nextToken`) is censored, which is the safe side.
 */
const SECRET_ENDINGS = [
  "token",
  "secret",
  "password",
  "passwd",
  "apikey",
  "authorization",
  "cookie",
  "signature",
];

export const CENSOR = "[redacted]";
/** What stands in for a value nested deeper than MAX_DEPTH: unread, so it cannot leak. */
export const TOO_DEEP = "[too deep to log]";
export const CIRCULAR = "[Circular]";

/** Deeper than anything this app logs; a value below it is replaced, never printed unread. */
const MAX_DEPTH = 10;

/** Slack tokens (`xoxb-`, `xoxp-`, `xoxc-`, …, `xapp-`) wherever they appear in text. */
const TOKEN = /(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;
/**
 * response_url and webhook URLs: anyone holding one can post as the app for a while. Also
 * JSON-escaped (`https:\/\/hooks.slack.com\/…`, as in raw payloads) and URL-encoded (in a
 * form body, `response_url=https%3A%2F%2Fhooks.slack.com%2F…`).
 */
const SLACK_HOOK = /hooks\.slack\.com(?:\\?\/|%2F)[^\s"'<>&]+/gi;
/** `token=…` in a form body (a verification token), `ticket=…` in a Socket Mode wss:// URL. */
const FORM_TOKEN = /\b((?:token|ticket)=)[^&\s"]+/g;
/** An Authorization header written out as text. */
const AUTH_HEADER = /(authorization:\s*)(?:(?:bearer|basic)\s+)?[^\s"]+/gi;
/** `user:pass@` in a URL written as text (a private feed's address in an error message). */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*:[^\s/?#@"'<>]*@/gi;
/** `"token":"…"` inside logged JSON text, such as a raw Socket Mode payload at debug level. */
const JSON_SECRET =
  /("[a-z_]*(?:token|secret|password|authorization|cookie)"\s*:\s*")(?:[^"\\]|\\.)*(")/gi;

/**
 * `text` with Slack tokens, hook URLs, form tokens, auth headers, JSON secrets and URL
 * credentials cut out.
 */
export function scrubText(text: string): string {
  // The cheap checks first: almost no line contains any of these.
  let out = text;
  if (out.includes("xox") || out.includes("xapp-")) out = out.replace(TOKEN, "$1-[redacted]");
  if (out.includes("hooks.slack.com")) out = out.replace(SLACK_HOOK, "hooks.slack.com/[redacted]");
  if (out.includes("token=") || out.includes("ticket="))
    out = out.replace(FORM_TOKEN, "$1[redacted]");
  if (/uthorization:/i.test(out)) out = out.replace(AUTH_HEADER, "$1[redacted]");
  if (out.includes('"')) out = out.replace(JSON_SECRET, "$1[redacted]$2");
  if (out.includes("@") && out.includes("://")) out = out.replace(URL_CREDENTIALS, "$1[redacted]@");
  return out;
}

/**
 * `value` with secret keys censored and secrets scrubbed from strings, at any depth. Returns the
 * same value when there was nothing to hide, and never modifies what it was given (the caller's
 * config or error lives on after the log line).
 */
export function scrub<T>(value: T): T {
  if (typeof value === "string") return scrubText(value) as T;
  if (value === null || typeof value !== "object") return value;
  return walk(value, 0, []) as T;
}

/**
 * @param fromToJSON the value is what a toJSON returned: JSON.stringify prints it as it is,
 *   without calling its own toJSON, and so does this walk.
 */
function walk(value: unknown, depth: number, ancestors: object[], fromToJSON = false): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return TOO_DEEP;
  if (ancestors.includes(value)) return CIRCULAR;
  if (Array.isArray(value)) return walkArray(value, depth, ancestors);
  if (!isError(value)) {
    // Binary data prints as bytes (a Buffer) or indexes, with no names to match.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      // What gets printed is toJSON's result, so that is what is checked, and handed on in its
      // place: toJSON runs once per line, as it would without this walk.
      if (!fromToJSON) return walk(toJSON.call(value), depth, ancestors, true);
      // A result with a toJSON of its own prints as its fields: handed on without that toJSON.
      const { toJSON: _unused, ...fields } = value as Record<string, unknown>;
      return walkObject(fields, depth, ancestors);
    }
  }
  return walkObject(value, depth, ancestors);
}

/** An Error, also one from another realm (a vm context), where instanceof would say no. */
function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === "[object Error]";
}

function walkArray(items: unknown[], depth: number, ancestors: object[]): unknown[] {
  ancestors.push(items);
  let copy: unknown[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const next = walk(items[i], depth + 1, ancestors);
    if (next === items[i]) continue;
    copy ??= items.slice();
    copy[i] = next;
  }
  ancestors.pop();
  return copy ?? items;
}

function walkObject(value: object, depth: number, ancestors: object[]): object {
  const source = value as Record<string, unknown>;
  const error = isError(value);
  ancestors.push(value);
  let copy: Record<string, unknown> | undefined;
  for (const key of error ? errorKeys(value) : Object.keys(value)) {
    const field = source[key];
    if (field === undefined) continue;
    const next = isSecretKey(key) ? CENSOR : walk(field, depth + 1, ancestors);
    if (next === field) continue;
    copy ??= error ? errorCopy(value) : { ...source };
    // defineProperty, not assignment: an error's message may be a getter on its class.
    Object.defineProperty(copy, key, {
      value: next,
      writable: true,
      configurable: true,
      enumerable: Object.prototype.propertyIsEnumerable.call(source, key),
    });
  }
  ancestors.pop();
  return copy ?? value;
}

/**
 * Everything pino's error serializer prints: own properties, enumerable or not (`message`,
 * `stack`, `cause`, an AggregateError's `errors`), and a message or stack from a class getter.
 */
function errorKeys(error: Error): string[] {
  const keys = new Set(Object.getOwnPropertyNames(error));
  for (const key in error) keys.add(key);
  keys.add("message");
  keys.add("stack");
  keys.add("cause");
  return [...keys];
}

/** Same prototype and own properties, so pino's error serializer prints it as the original. */
function errorCopy(error: Error): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(error)) as Record<string, unknown>;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(error))) {
    // Configurable, so walkObject can replace the ones it censors.
    Object.defineProperty(copy, key, { ...descriptor, configurable: true });
  }
  return copy;
}

const secretKeyCache = new Map<string, boolean>();

function isSecretKey(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    const name = key.replace(/[-_\s]/g, "").toLowerCase();
    secret = SECRET_ENDINGS.some((ending) => name.endsWith(ending));
    // Keys come from code, so the cache stays small; data used as keys must not grow it forever.
    if (secretKeyCache.size < 10_000) secretKeyCache.set(key, secret);
  }
  return secret;
}
