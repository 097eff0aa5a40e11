/**
 * A SearchIndex snapshot as bytes, so a restart loads the index instead of building it (at 100k
 * sections the build takes seconds; reading the typed arrays back takes milliseconds). Layout:
 * "ESSAYIDX", a format version (u32), the header's length (u32), the header as JSON (the
 * fingerprint of the essays it indexes, the plain data, and where each typed array lies), then
 * the arrays, each at an offset that is a multiple of 8. Anything that does not read back
 * exactly is refused (undefined), and the caller builds the index as usual.
 */
import type { SearchSnapshot } from "./search-index.js";

const MAGIC = "ESSAYIDX";
/** Bump when the snapshot's shape or the index's meaning changes: old snapshots are ignored. */
export const SNAPSHOT_FORMAT = 1;

type ArrayName = keyof SearchSnapshot["arrays"];
const FLOAT_ARRAYS: ReadonlySet<ArrayName> = new Set(["impacts"]);

interface Header {
  fingerprint: string;
  meta: SearchSnapshot["meta"];
  arrays: Record<ArrayName, { offset: number; length: number }>;
}

/**
 * The snapshot as chunks to write one after another: the header, then views of the typed arrays
 * themselves (with padding between), so saving 150 MB of index copies nothing on this thread.
 */
export function encodeSnapshot(snapshot: SearchSnapshot, fingerprint: string): Uint8Array[] {
  const names = Object.keys(snapshot.arrays) as ArrayName[];
  const layout = {} as Header["arrays"];
  let offset = 0;
  for (const name of names) {
    const array = snapshot.arrays[name];
    layout[name] = { offset, length: array.length };
    offset = align(offset + array.byteLength);
  }
  const header = new TextEncoder().encode(
    JSON.stringify({ fingerprint, meta: snapshot.meta, arrays: layout } satisfies Header),
  );
  const start = align(16 + header.length);
  const front = new Uint8Array(start);
  const view = new DataView(front.buffer);
  front.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, SNAPSHOT_FORMAT, true);
  view.setUint32(12, header.length, true);
  front.set(header, 16);
  const chunks: Uint8Array[] = [front];
  for (const name of names) {
    const array = snapshot.arrays[name];
    chunks.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    const padding = align(array.byteLength) - array.byteLength;
    if (padding > 0) chunks.push(new Uint8Array(padding));
  }
  return chunks;
}

/** The fingerprint a snapshot was saved with, read from its header alone (no arrays touched). */
export function snapshotFingerprint(bytes: Uint8Array): string | undefined {
  return readHeader(bytes)?.header.fingerprint;
}

/** The snapshot in `bytes` and the fingerprint it was saved with, or undefined if unusable. */
export function decodeSnapshot(
  bytes: Uint8Array,
): { fingerprint: string; snapshot: SearchSnapshot } | undefined {
  const read = readHeader(bytes);
  if (!read) return undefined;
  const { header, start } = read;
  // Views straight into the file's bytes when they are aligned (a file read whole is); a copy
  // only when not, since a typed array must start at a multiple of its element size.
  const aligned = (bytes.byteOffset + start) % 8 === 0;
  const body = aligned ? bytes : bytes.slice(start);
  const base = aligned ? bytes.byteOffset + start : 0;
  const end = aligned ? bytes.byteOffset + bytes.byteLength : body.byteLength;
  const arrays = {} as SearchSnapshot["arrays"];
  for (const [name, { offset, length }] of Object.entries(header.arrays) as [
    ArrayName,
    { offset: number; length: number },
  ][]) {
    if (base + offset + length * 4 > end) return undefined;
    const typed = FLOAT_ARRAYS.has(name)
      ? new Float32Array(body.buffer, base + offset, length)
      : new Int32Array(body.buffer, base + offset, length);
    (arrays as Record<string, Int32Array | Float32Array>)[name] = typed;
  }
  return { fingerprint: header.fingerprint, snapshot: { meta: header.meta, arrays } };
}

function readHeader(bytes: Uint8Array): { header: Header; start: number } | undefined {
  try {
    if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(8, true) !== SNAPSHOT_FORMAT) return;
    const length = view.getUint32(12, true);
    if (16 + length > bytes.length) return;
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + length))) as Header;
    return { header, start: align(16 + length) };
  } catch {
    return undefined;
  }
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
