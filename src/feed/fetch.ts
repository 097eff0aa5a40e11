import { STATUS_CODES } from "node:http";
import { FeedError, formatBytes, formatDuration } from "./errors.js";
import { classifySource, readLocalFeed } from "./local.js";
import type { FeedValidators, FetchResult } from "./types.js";

/** Names the bot to feed hosts, so their operators can see who polls them and why. */
export const USER_AGENT = "essay-bot/0.1 (+Slack bot; feed reader)";
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

// Prefer feed types, but accept anything: plenty of servers label feeds text/html.
const ACCEPT =
  "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

export interface FetchFeedOptions {
  /** From the last successful fetch: sent as If-None-Match / If-Modified-Since. */
  validators?: FeedValidators;
  /** Whole request including the body read (default 15 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 10 MB). */
  maxBytes?: number;
  /** Defaults to Node's global fetch; tests and the CLI may pass their own. */
  fetch?: typeof fetch;
  userAgent?: string;
}

/**
 * Fetches one feed's raw bytes. `source` is an http(s) URL, a `file:` URL or a local path, as
 * written in FEED_URLS. Decoding is left to parseFeed, which needs the Content-Type returned here.
 * Throws FeedError (codes unreachable, timeout, http, too-large) with a message naming `source`.
 */
export async function fetchFeed(source: string, opts: FetchFeedOptions = {}): Promise<FetchResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const target = classifySource(source);
  if (target.kind === "file") return readLocalFeed(source, target.path, maxBytes, opts.validators);
  if (target.kind === "unsupported") {
    throw new FeedError(
      source,
      "unreachable",
      `Feed ${source} uses the unsupported scheme "${target.scheme}:". Use an http(s) URL, a file: URL or a local path in FEED_URLS.`,
    );
  }
  return fetchHttp(source, opts, maxBytes);
}

async function fetchHttp(
  url: string,
  opts: FetchFeedOptions,
  maxBytes: number,
): Promise<FetchResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? fetch;
  // One controller for the timeout, the size cap and clean-up: aborting it also drops the
  // connection of a body we stopped reading.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  try {
    const { target, authorization } = splitCredentials(url);
    const headers = requestHeaders(opts);
    if (authorization) headers.authorization = authorization;
    const request = doFetch(target, { headers, redirect: "follow", signal: controller.signal });
    const response = await untilAborted(request, controller.signal);
    if (response.status === 304 && (headers["if-none-match"] || headers["if-modified-since"])) {
      return { status: "not-modified" } as const;
    }
    if (!response.ok) throw httpError(url, response);
    const body = await readBody(url, response, maxBytes, controller.signal);
    return {
      status: "ok",
      body,
      contentType: response.headers.get("content-type") ?? undefined,
      etag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
    } as const;
  } catch (error) {
    if (error instanceof FeedError) throw error;
    if (timedOut) {
      throw new FeedError(
        url,
        "timeout",
        `Feed ${url} did not respond within ${formatDuration(timeoutMs)}. Check that the host is up, or try again later.`,
        { cause: error },
      );
    }
    throw new FeedError(
      url,
      "unreachable",
      `Feed ${url} could not be fetched: ${describeNetworkError(error)}. Check the URL in FEED_URLS and that this machine can reach the host.`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
    // Releases the socket when we bailed out early (error status, too large); a no-op otherwise.
    controller.abort();
  }
}

/**
 * A private feed is often given as `https://user:pass@host/feed`, which fetch refuses outright
 * ("Request cannot be constructed from a URL that includes credentials"). The credentials go in
 * an Authorization: Basic header instead, which fetch drops on a redirect to another origin.
 */
function splitCredentials(url: string): { target: string; authorization?: string } {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.username === "" && parsed.password === "")) return { target: url };
  const user = decodeSafe(parsed.username);
  const password = decodeSafe(parsed.password);
  parsed.username = "";
  parsed.password = "";
  const token = Buffer.from(`${user}:${password}`, "utf8").toString("base64");
  return { target: parsed.toString(), authorization: `Basic ${token}` };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function requestHeaders(opts: FetchFeedOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "user-agent": opts.userAgent ?? USER_AGENT,
    accept: ACCEPT,
  };
  if (opts.validators?.etag) headers["if-none-match"] = opts.validators.etag;
  if (opts.validators?.lastModified) headers["if-modified-since"] = opts.validators.lastModified;
  return headers;
}

/** Reads the body, refusing it as soon as it is known to exceed the cap. */
async function readBody(
  url: string,
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Uint8Array> {
  // Content-Length lets us refuse before downloading anything; when it is absent (chunked) or
  // wrong, counting the streamed bytes still stops us at the cap.
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw tooLarge(url, maxBytes, `the server announced ${formatBytes(declared)}`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    // The fetch signal already aborts reads; the race also covers an injected fetch that ignores it.
    const { done, value } = await untilAborted(reader.read(), signal);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) throw tooLarge(url, maxBytes, `stopped reading at ${formatBytes(total)}`);
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(url: string, maxBytes: number, detail: string): FeedError {
  return new FeedError(
    url,
    "too-large",
    `Feed ${url} is larger than the ${formatBytes(maxBytes)} limit (${detail}). Check that FEED_URLS points at a feed, not some other large file.`,
  );
}

function httpError(url: string, response: Response): FeedError {
  const reason = response.statusText || STATUS_CODES[response.status] || "";
  const answer = `${response.status}${reason ? ` ${reason}` : ""}`;
  let advice = "Check the URL in FEED_URLS or try again later.";
  if (response.status === 404 || response.status === 410) advice = "Check the URL in FEED_URLS.";
  if (response.status === 401 || response.status === 403) {
    advice = "The feed is not public; check the URL in FEED_URLS.";
  }
  if (response.status === 304) {
    advice = "The server sent 304 to a request that was not conditional; try again later.";
  }
  return new FeedError(
    url,
    "http",
    `Feed ${url} could not be fetched: the server answered ${answer}. ${advice}`,
  );
}

/** Turns undici's "fetch failed" into the reason hidden in its cause. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "its host name could not be resolved";
    case "ECONNREFUSED":
      return "the connection was refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "the connection was closed unexpectedly";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host is unreachable";
  }
  if (typeof code === "string" && /CERT|SSL|TLS/.test(code)) {
    return `its TLS certificate was rejected (${code})`;
  }
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts. Written without Promise.race so
 * that an abort after settling leaves no unhandled rejection behind.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
