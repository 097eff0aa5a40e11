import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { FeedError, formatBytes } from "./errors.js";
import type { FeedValidators, FetchResult } from "./types.js";

/** What a configured feed source points at. */
export type FeedSource =
  | { kind: "http"; url: string }
  | { kind: "file"; path: string }
  | { kind: "unsupported"; scheme: string };

/**
 * Classifies a FEED_URLS entry. Anything with a `scheme://` that is not http(s) or file is refused
 * rather than read as a path, so `ftp://host/feed` fails with a clear message instead of
 * "no such file". One-letter schemes are Windows drive letters (`C:\feeds\a.xml`), i.e. paths.
 */
export function classifySource(source: string): FeedSource {
  if (/^https?:\/\//i.test(source)) return { kind: "http", url: source };
  if (/^file:/i.test(source)) return { kind: "file", path: fileURLToPath(source) };
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(source)?.[1];
  if (scheme) return { kind: "unsupported", scheme };
  return { kind: "file", path: source };
}

/**
 * Reads a feed from disk (offline use, tests, the CLI) with the same size cap as HTTP, so a
 * mistyped path to a huge file cannot exhaust memory. Local files carry no Content-Type: the XML
 * declaration decides the encoding. Their validator is the file's stamp (see below).
 */
export async function readLocalFeed(
  source: string,
  path: string,
  maxBytes: number,
  validators: FeedValidators = {},
): Promise<FetchResult> {
  try {
    // stat first: refuse an oversized file before reading a byte of it, and skip reading one
    // that has not changed since last time (size, modification time to the nanosecond, inode:
    // an editor that saves by rename gets a new inode).
    const info = await stat(path, { bigint: true });
    if (info.isDirectory()) {
      throw new FeedError(
        source,
        "unreachable",
        `Feed ${source} could not be read: ${path} is a directory, not a file. Check the path in FEED_URLS.`,
      );
    }
    if (info.size > BigInt(maxBytes)) throw tooLargeFile(source, path, maxBytes);
    const fileStamp = `${info.size}:${info.mtimeNs}:${info.ino}`;
    if (validators.fileStamp === fileStamp) return { status: "not-modified" };
    const body = await readFile(path);
    // The file may have grown between stat and read.
    if (body.byteLength > maxBytes) throw tooLargeFile(source, path, maxBytes);
    return {
      status: "ok",
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      fileStamp,
    };
  } catch (error) {
    if (error instanceof FeedError) throw error;
    throw new FeedError(
      source,
      "unreachable",
      `Feed ${source} could not be read: ${describeFsError(error, path)}. Check the path in FEED_URLS.`,
      { cause: error },
    );
  }
}

function tooLargeFile(source: string, path: string, maxBytes: number): FeedError {
  return new FeedError(
    source,
    "too-large",
    `Feed ${source} is larger than the ${formatBytes(maxBytes)} limit (file ${path}). Check that the path points at a feed, not some other large file.`,
  );
}

function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return `there is no file at ${path}`;
    case "EACCES":
    case "EPERM":
      return `permission to read ${path} was denied`;
    case "ENOTDIR":
      return `a folder in ${path} is not a directory`;
    default:
      return `reading ${path} failed (${error instanceof Error ? error.message : String(error)})`;
  }
}
