/**
 * A SearchIndex snapshot as bytes, so a restart loads the index instead of building it (at 100k
 * sections the build takes seconds; reading the typed arrays back takes milliseconds). Layout:
 * "ESSAYIDX", a format version (u32), the head's length (u32), the head as JSON (the fingerprint
 * of the essays it indexes, the small plain data, the byte length of each part, and where each
 * typed array lies), then the parts (the term keys and the vocabulary, as JSON arrays of a few
 * thousand entries each), then the arrays, each at an offset that is a multiple of 8. Anything
 * that does not read back exactly is refused (undefined), and the caller builds the index as
 * usual.
 *
 * The big lists are cut in parts so that encoding and decoding run in steps: at 100k sections
 * they are 4 MB of JSON, a third of a second to parse at once, and a restart serves requests
 * while it decodes. The fingerprint sits in the small head, so a stale snapshot is refused
 * without reading the rest.
 */
import { drain } from "./inverted-index.js";
import type { SearchSnapshot } from "./search-index.js";

const MAGIC = "ESSAYIDX";
/** Bump when the snapshot's shape or the index's meaning changes: old snapshots are ignored. */
export const SNAPSHOT_FORMAT = 2;

/** Entries of a big list per part: about a millisecond of JSON each way. */
const PART = 4096;

type ArrayName = keyof SearchSnapshot["arrays"];
const FLOAT_ARRAYS: ReadonlySet<ArrayName> = new Set(["impacts"]);
type Meta = SearchSnapshot["meta"];
type VocabularyEntry = Meta["vocabulary"]["entries"][number];

interface Head {
  fingerprint: string;
  docCount: number;
  expansions: Meta["expansions"];
  acronyms: Meta["acronyms"];
  sectionCount: number;
  /** Byte length of each part of the term keys, then of the vocabulary entries. */
  parts: { ids: number[]; vocabulary: number[] };
  arrays: Record<ArrayName, { offset: number; length: number }>;
}

/** `encodeSnapshotSteps` at once. */
export function encodeSnapshot(snapshot: SearchSnapshot, fingerprint: string): Uint8Array[] {
  return drain(encodeSnapshotSteps(snapshot, fingerprint));
}

/**
 * The snapshot as chunks to write one after another: the head, the parts, then views of the
 * typed arrays themselves (with padding between), so saving 150 MB of index copies nothing on
 * this thread. In steps, one part each.
 */
export function* encodeSnapshotSteps(
  snapshot: SearchSnapshot,
  fingerprint: string,
): Generator<void, Uint8Array[]> {
  const encoder = new TextEncoder();
  const { meta } = snapshot;
  const idParts: Uint8Array[] = [];
  for (let i = 0; i < meta.ids.length; i += PART) {
    idParts.push(encoder.encode(JSON.stringify(meta.ids.slice(i, i + PART))));
    yield;
  }
  const vocabularyParts: Uint8Array[] = [];
  const entries = meta.vocabulary.entries;
  for (let i = 0; i < entries.length; i += PART) {
    vocabularyParts.push(encoder.encode(JSON.stringify(entries.slice(i, i + PART))));
    yield;
  }
  const names = Object.keys(snapshot.arrays) as ArrayName[];
  const layout = {} as Head["arrays"];
  let offset = 0;
  for (const name of names) {
    const array = snapshot.arrays[name];
    layout[name] = { offset, length: array.length };
    offset = align(offset + array.byteLength);
  }
  const head = encoder.encode(
    JSON.stringify({
      fingerprint,
      docCount: meta.docCount,
      expansions: meta.expansions,
      acronyms: meta.acronyms,
      sectionCount: meta.vocabulary.sectionCount,
      parts: {
        ids: idParts.map((p) => p.length),
        vocabulary: vocabularyParts.map((p) => p.length),
      },
      arrays: layout,
    } satisfies Head),
  );
  const parts = [...idParts, ...vocabularyParts];
  const end = 16 + head.length + parts.reduce((n, p) => n + p.length, 0);
  const front = new Uint8Array(16);
  const view = new DataView(front.buffer);
  front.set(encoder.encode(MAGIC), 0);
  view.setUint32(8, SNAPSHOT_FORMAT, true);
  view.setUint32(12, head.length, true);
  const chunks: Uint8Array[] = [front, head, ...parts, new Uint8Array(align(end) - end)];
  for (const name of names) {
    const array = snapshot.arrays[name];
    chunks.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
    const padding = align(array.byteLength) - array.byteLength;
    if (padding > 0) chunks.push(new Uint8Array(padding));
  }
  return chunks;
}

/** The fingerprint a snapshot was saved with, read from its small head alone. */
export function snapshotFingerprint(bytes: Uint8Array): string | undefined {
  return readHead(bytes)?.head.fingerprint;
}

/** `decodeSnapshotSteps` at once. */
export function decodeSnapshot(
  bytes: Uint8Array,
): { fingerprint: string; snapshot: SearchSnapshot } | undefined {
  return drain(decodeSnapshotSteps(bytes));
}

/** The snapshot in `bytes` and the fingerprint it was saved with, or undefined if unusable. */
export function* decodeSnapshotSteps(
  bytes: Uint8Array,
): Generator<void, { fingerprint: string; snapshot: SearchSnapshot } | undefined> {
  const read = readHead(bytes);
  if (!read) return undefined;
  const { head } = read;
  let at = read.end;
  const decoder = new TextDecoder();
  const ids: string[] = [];
  const entries: VocabularyEntry[] = [];
  try {
    for (const [lengths, into] of [
      [head.parts.ids, ids],
      [head.parts.vocabulary, entries],
    ] as const) {
      for (const length of lengths) {
        if (at + length > bytes.length) return undefined;
        const part = JSON.parse(decoder.decode(bytes.subarray(at, at + length))) as unknown[];
        for (const item of part) (into as unknown[]).push(item);
        at += length;
        yield;
      }
    }
  } catch {
    return undefined;
  }
  const start = align(at);
  // Views straight into the file's bytes when they are aligned (a file read whole is); a copy
  // only when not, since a typed array must start at a multiple of its element size.
  const aligned = (bytes.byteOffset + start) % 8 === 0;
  const body = aligned ? bytes : bytes.slice(start);
  const base = aligned ? bytes.byteOffset + start : 0;
  const end = aligned ? bytes.byteOffset + bytes.byteLength : body.byteLength;
  const arrays = {} as SearchSnapshot["arrays"];
  for (const [name, { offset, length }] of Object.entries(head.arrays) as [
    ArrayName,
    { offset: number; length: number },
  ][]) {
    if (base + offset + length * 4 > end) return undefined;
    const typed = FLOAT_ARRAYS.has(name)
      ? new Float32Array(body.buffer, base + offset, length)
      : new Int32Array(body.buffer, base + offset, length);
    (arrays as Record<string, Int32Array | Float32Array>)[name] = typed;
  }
  const meta: Meta = {
    ids,
    docCount: head.docCount,
    expansions: head.expansions,
    vocabulary: { sectionCount: head.sectionCount, entries },
    acronyms: head.acronyms,
  };
  return { fingerprint: head.fingerprint, snapshot: { meta, arrays } };
}

function readHead(bytes: Uint8Array): { head: Head; end: number } | undefined {
  try {
    if (bytes.length < 16 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(8, true) !== SNAPSHOT_FORMAT) return;
    const length = view.getUint32(12, true);
    if (16 + length > bytes.length) return;
    const head = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + length))) as Head;
    return { head, end: 16 + length };
  } catch {
    return undefined;
  }
}

function align(n: number): number {
  return Math.ceil(n / 8) * 8;
}
