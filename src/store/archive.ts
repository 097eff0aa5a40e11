import { join } from "node:path";
import type { Essay } from "../feed/types.js";
import { urlKey } from "../feed/url-key.js";
import { type Logger, silentLogger } from "../logger.js";
import { moveAside, readJson, writeFileAtomic } from "./atomic.js";
import { StoreError } from "./errors.js";
import { versionProblem } from "./file-version.js";

/** What archive.json holds. Bump `version` (and migrate) when the shape changes. */
interface ArchiveFile {
  version: 1;
  essays: StoredEssay[];
}

/** An essay plus when this bot first saw it (kept for operators and future ordering needs). */
type StoredEssay = Essay & { firstSeen: string };

export interface ArchiveOptions {
  /** Clock for `firstSeen` and the corrupt-file name; tests pin it. */
  now?: () => Date;
}

/**
 * Every essay the bot has ever seen, keyed by id, persisted to DATA_DIR/archive.json.
 * Essays that drop off the feed stay here, so they stay searchable and survive restarts.
 */
export class Archive {
  readonly path: string;
  private readonly essays = new Map<string, StoredEssay>();
  /** Link identity → id, so a guid change with the same link is found without a scan. */
  private readonly byLink = new Map<string, string>();
  private readonly now: () => Date;
  private dirty = false;
  // Saves run one after another so an older snapshot can never land after a newer one.
  private saving: Promise<void> = Promise.resolve();

  private constructor(path: string, essays: StoredEssay[], now: () => Date) {
    this.path = path;
    for (const essay of essays) this.put(essay);
    this.now = now;
  }

  /**
   * Load DATA_DIR/archive.json (missing → empty). A file we cannot use is moved aside to
   * `archive.json.corrupt-<time>` and logged, then we start empty: the feed refills the
   * archive, and the operator still has the old file to recover essays that left the feed.
   */
  static async open(dataDir: string, log: Logger = silentLogger, opts: ArchiveOptions = {}) {
    const now = opts.now ?? (() => new Date());
    const path = join(dataDir, "archive.json");
    let problem: string;
    try {
      const raw = await readJson<unknown>(path);
      if (raw === undefined) return new Archive(path, [], now);
      const shapeProblem = checkShape(raw);
      if (shapeProblem === undefined) {
        return new Archive(path, (raw as ArchiveFile).essays, now);
      }
      problem = `${path} does not look like an essay-bot archive: ${shapeProblem}.`;
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      problem = err.message;
    }
    const aside = await moveAside(path, now());
    log.error(
      { path, movedTo: aside, problem },
      "Archive file was unusable: moved it aside and starting with an empty archive. The next " +
        "refresh refills it from the feed; to recover essays no longer in the feed, stop the " +
        "bot, repair the moved file and move it back to the archive path.",
    );
    return new Archive(path, [], now);
  }

  /** Every archived essay, in the order first seen. */
  all(): Essay[] {
    return [...this.essays.values()].map(toEssay);
  }

  get(id: string): Essay | undefined {
    const stored = this.essays.get(id);
    return stored && toEssay(stored);
  }

  /**
   * Merge essays from a feed. New ids are `added`; a known id whose title, html, url, tags or
   * published date changed is replaced and reported as `updated`, and so is a new id whose link
   * is an archived essay's from the same feed (its guid changed). A new id whose link another
   * feed's essay already has is the same essay twice and is skipped. Never loses an essay.
   */
  upsert(essays: Essay[]): { added: Essay[]; updated: Essay[] } {
    const added = new Map<string, Essay>();
    const updated = new Map<string, Essay>();
    const batchIds = new Set(essays.map((e) => e.id));
    for (const essay of essays) {
      const copy: Essay = { ...essay, tags: [...essay.tags] };
      const holder = this.essays.has(essay.id) ? undefined : this.sameLink(essay);
      if (holder !== undefined) {
        if (holder.feedUrl === essay.feedUrl && !batchIds.has(holder.id)) {
          // The feed changed the item's guid but kept its link (a CMS migration, a switch from
          // permalink guids): the same essay, so replace it rather than keep both in search.
          this.put({ ...copy, firstSeen: holder.firstSeen }, holder);
          updated.set(essay.id, copy);
          this.dirty = true;
        }
        // Otherwise the essay is already here under the id it was first seen with (another
        // feed carries it too, e.g. dev.to and forem.com): keeping that one stable means ids,
        // Share buttons and the index don't flip with the order feeds answer in.
        continue;
      }
      const old = this.essays.get(essay.id);
      if (old === undefined) {
        this.put({ ...copy, firstSeen: this.now().toISOString() });
        added.set(essay.id, copy);
        this.dirty = true;
        continue;
      }
      const changed = contentChanged(old, copy);
      if (changed || old.author !== copy.author || old.feedUrl !== copy.feedUrl) {
        // author/feedUrl changes are kept but are not news worth reporting.
        this.put({ ...copy, firstSeen: old.firstSeen }, old);
        this.dirty = true;
      }
      // The same id twice in one batch (e.g. two feeds) is still one addition.
      if (added.has(essay.id)) added.set(essay.id, copy);
      else if (changed) updated.set(essay.id, copy);
    }
    return { added: [...added.values()], updated: [...updated.values()] };
  }

  /** The archived essay (under another id) whose link names the same essay as `essay`'s. */
  private sameLink(essay: Essay): StoredEssay | undefined {
    const key = linkKey(essay);
    const id = key === undefined ? undefined : this.byLink.get(key);
    return id === undefined ? undefined : this.essays.get(id);
  }

  /** Every write to `essays` goes through here so the link index can never drift from it. */
  private put(essay: StoredEssay, replacing?: StoredEssay): void {
    if (replacing && replacing.id !== essay.id) this.essays.delete(replacing.id);
    const oldKey = replacing ? linkKey(replacing) : undefined;
    if (oldKey !== undefined) this.byLink.delete(oldKey);
    this.essays.set(essay.id, essay);
    const key = linkKey(essay);
    if (key !== undefined) this.byLink.set(key, essay.id);
  }

  /** Persist atomically; does nothing when nothing changed since the last save. */
  save(): Promise<void> {
    const next = this.saving.then(async () => {
      if (!this.dirty) return;
      const file: ArchiveFile = { version: 1, essays: [...this.essays.values()] };
      this.dirty = false;
      try {
        await writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`);
      } catch (err) {
        this.dirty = true;
        throw err;
      }
    });
    // A failed save must not wedge the queue for later ones; the caller still gets the error.
    this.saving = next.catch(() => {});
    return next;
  }
}

function linkKey(essay: Essay): string | undefined {
  return essay.url ? urlKey(essay.url) : undefined;
}

function contentChanged(a: Essay, b: Essay): boolean {
  return (
    a.title !== b.title ||
    a.html !== b.html ||
    a.url !== b.url ||
    a.published !== b.published ||
    a.tags.length !== b.tags.length ||
    a.tags.some((t, i) => t !== b.tags[i])
  );
}

function toEssay({ firstSeen: _firstSeen, ...essay }: StoredEssay): Essay {
  return { ...essay, tags: [...essay.tags] };
}

/** Why `raw` is not a version-1 archive, or undefined when it is one. */
function checkShape(raw: unknown): string | undefined {
  const problem = versionProblem(raw);
  if (problem) return problem;
  const { essays } = raw as { essays?: unknown };
  if (!Array.isArray(essays)) return '"essays" is not an array';
  const bad = essays.findIndex((e) => !isStoredEssay(e));
  return bad === -1 ? undefined : `essays[${bad}] is not a valid essay record`;
}

function isStoredEssay(e: unknown): e is StoredEssay {
  if (typeof e !== "object" || e === null) return false;
  const r = e as Record<string, unknown>;
  return (
    ["id", "feedUrl", "title", "url", "author", "html", "firstSeen"].every(
      (k) => typeof r[k] === "string",
    ) &&
    (r.published === null || typeof r.published === "string") &&
    Array.isArray(r.tags) &&
    r.tags.every((t) => typeof t === "string")
  );
}
