/** Why a feed could not be loaded; callers branch on it (e.g. retry later vs. fix the config). */
export type FeedErrorCode =
  | "unreachable"
  | "timeout"
  | "http"
  | "too-large"
  | "not-a-feed"
  | "bad-xml";

/**
 * One feed could not be fetched or parsed. `feedUrl` is the source exactly as configured (URL or
 * local path) so the operator can find it in FEED_URLS; the message is a sentence saying what
 * went wrong and what to do about it, fit to show as-is in a log line, the CLI or /healthz.
 */
export class FeedError extends Error {
  override readonly name = "FeedError";
  readonly feedUrl: string;
  readonly code: FeedErrorCode;

  constructor(
    feedUrl: string,
    code: FeedErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.feedUrl = feedUrl;
    this.code = code;
  }
}

/** "10 MB", "512 KB", "100 bytes": sizes in messages people read. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [
    [1024 * 1024, "MB"],
    [1024, "KB"],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}

/** "15 s" or "200 ms". */
export function formatDuration(ms: number): string {
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
