/**
 * Every essay the bot has seen, as records (no bodies), keyed by id, in the order first seen.
 * Merging a feed decides what is new, what changed and what is the same essay under another id;
 * the caller saves exactly the records that merging touched. Essays that drop off the feed stay.
 */
import type { Essay } from "../feed/types.js";
import { urlKey } from "../feed/url-key.js";
import type { EssayHead, EssayRecord } from "../store/essay-store.js";
import { hashBody } from "../store/essay-store.js";

/** What one merge changed: the essays to report, and the records (with bodies) to save. */
export interface MergeResult {
  added: Essay[];
  updated: Essay[];
  /** Records to save, each with the body it was made from. */
  put: { record: EssayRecord; body: string }[];
  /** Ids replaced by a record under another id (a guid change with the same link). */
  removed: string[];
}

export class Catalog {
  readonly #records = new Map<string, EssayRecord>();
  /** Link identity → id, so a guid change with the same link is found without a scan. */
  readonly #byLink = new Map<string, string>();
  #nextSeq = 0;
  /** records() in order, kept until the next change: /healthz and announcing ask for it often. */
  #ordered: EssayRecord[] | undefined;

  constructor(records: readonly EssayRecord[] = []) {
    for (const record of records) this.#put(record);
  }

  get size(): number {
    return this.#records.size;
  }

  /** Every record, in the order first seen (as they load after a restart). */
  records(): readonly EssayRecord[] {
    this.#ordered ??= [...this.#records.values()].sort((a, b) => a.seq - b.seq);
    return this.#ordered;
  }

  get(id: string): EssayRecord | undefined {
    return this.#records.get(id);
  }

  /**
   * Takes in records another process stored (a shared store): each one new or different from
   * ours replaces ours, and removed ids go. Returns the records that changed anything.
   */
  takeUp(
    records: readonly EssayRecord[],
    removed: readonly string[],
  ): {
    put: EssayRecord[];
    removed: string[];
  } {
    const put: EssayRecord[] = [];
    for (const record of records) {
      const old = this.#records.get(record.head.id);
      if (old && sameEssay(old, record)) continue;
      this.#put(record, old);
      put.push(record);
    }
    const gone: string[] = [];
    for (const id of removed) {
      const old = this.#records.get(id);
      if (!old) continue;
      this.#ordered = undefined;
      this.#records.delete(id);
      const key = linkKey(old.head.url);
      if (key !== undefined && this.#byLink.get(key) === id) this.#byLink.delete(key);
      gone.push(id);
    }
    return { put, removed: gone };
  }

  /** Replaces a record in place (a new split cache for the same content). */
  replace(record: EssayRecord): void {
    if (this.#records.has(record.head.id)) this.#put(record, this.#records.get(record.head.id));
  }

  /**
   * Merge essays from a feed. New ids are `added`; a known id whose title, html, url, tags or
   * published date changed is replaced and reported as `updated`, and so is a new id whose link
   * is a stored essay's from the same feed (its guid changed). A new id whose link another
   * feed's essay already has is the same essay twice and is skipped. Never loses an essay.
   */
  merge(essays: readonly Essay[], now: Date): MergeResult {
    const result: MergeResult = { added: [], updated: [], put: [], removed: [] };
    const added = new Map<string, Essay>();
    const updated = new Map<string, Essay>();
    const put = new Map<string, { record: EssayRecord; body: string }>();
    const batchIds = new Set(essays.map((e) => e.id));
    for (const essay of essays) {
      const copy: Essay = { ...essay, tags: [...essay.tags] };
      const bodyHash = hashBody(copy.html);
      const holder = this.#records.has(essay.id) ? undefined : this.#sameLink(essay);
      if (holder !== undefined) {
        if (holder.head.feedUrl === essay.feedUrl && !batchIds.has(holder.head.id)) {
          // The feed changed the item's guid but kept its link (a CMS migration, a switch from
          // permalink guids): the same essay, so replace it rather than keep both in search.
          const record = recordOf(copy, bodyHash, holder.firstSeen, holder.seq);
          this.#put(record, holder);
          result.removed.push(holder.head.id);
          put.set(essay.id, { record, body: copy.html });
          updated.set(essay.id, copy);
        }
        // Otherwise the essay is already here under the id it was first seen with (another
        // feed carries it too, e.g. dev.to and forem.com): keeping that one stable means ids,
        // Share buttons and the index don't flip with the order feeds answer in.
        continue;
      }
      const old = this.#records.get(essay.id);
      if (old === undefined) {
        const record = recordOf(copy, bodyHash, now.toISOString(), this.#nextSeq);
        this.#put(record);
        put.set(essay.id, { record, body: copy.html });
        added.set(essay.id, copy);
        continue;
      }
      const changed = contentChanged(old, copy, bodyHash);
      if (changed || old.head.author !== copy.author || old.head.feedUrl !== copy.feedUrl) {
        // author/feedUrl changes are kept but are not news worth reporting. The split cache goes:
        // it was made from the old content.
        const record = recordOf(copy, bodyHash, old.firstSeen, old.seq);
        this.#put(record, old);
        put.set(essay.id, { record, body: copy.html });
      }
      // The same id twice in one batch (e.g. two feeds) is still one addition.
      if (added.has(essay.id)) added.set(essay.id, copy);
      else if (changed) updated.set(essay.id, copy);
    }
    result.added = [...added.values()];
    result.updated = [...updated.values()];
    result.put = [...put.values()];
    return result;
  }

  /** The stored essay (under another id) whose link names the same essay as `essay`'s. */
  #sameLink(essay: Essay): EssayRecord | undefined {
    const key = linkKey(essay.url);
    const id = key === undefined ? undefined : this.#byLink.get(key);
    return id === undefined ? undefined : this.#records.get(id);
  }

  /** Every write goes through here so the link index can never drift from the records. */
  #put(record: EssayRecord, replacing?: EssayRecord): void {
    this.#ordered = undefined;
    if (replacing && replacing.head.id !== record.head.id) {
      this.#records.delete(replacing.head.id);
    }
    const oldKey = replacing ? linkKey(replacing.head.url) : undefined;
    if (oldKey !== undefined) this.#byLink.delete(oldKey);
    this.#records.set(record.head.id, record);
    const key = linkKey(record.head.url);
    if (key !== undefined) this.#byLink.set(key, record.head.id);
    this.#nextSeq = Math.max(this.#nextSeq, record.seq + 1);
  }
}

/** A record of `essay` with no split yet: made anew whenever its content is. */
function recordOf(essay: Essay, bodyHash: string, firstSeen: string, seq: number): EssayRecord {
  const { html: _html, ...head }: Essay = essay;
  return { head: head satisfies EssayHead, bodyHash, firstSeen, seq };
}

function linkKey(url: string): string | undefined {
  return url ? urlKey(url) : undefined;
}

/** The same essay as stored, split cache aside (a new split of the same content is no news). */
function sameEssay(a: EssayRecord, b: EssayRecord): boolean {
  return (
    a.bodyHash === b.bodyHash &&
    a.seq === b.seq &&
    a.firstSeen === b.firstSeen &&
    JSON.stringify(a.head) === JSON.stringify(b.head)
  );
}

function contentChanged(old: EssayRecord, essay: Essay, bodyHash: string): boolean {
  const a = old.head;
  return (
    a.title !== essay.title ||
    old.bodyHash !== bodyHash ||
    a.url !== essay.url ||
    a.published !== essay.published ||
    a.tags.length !== essay.tags.length ||
    a.tags.some((t, i) => t !== essay.tags[i])
  );
}
