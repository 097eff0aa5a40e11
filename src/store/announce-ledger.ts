/**
 * What the delivery jobs ask of announce state, whichever store keeps it: files in DATA_DIR
 * (announce-state.ts) or Postgres (postgres/announce-state.ts). Reads are synchronous, from
 * memory; changes are kept until `save()`, which the jobs await before posting (pending) and
 * after Slack confirms (announced). That order is what makes "exactly once" survive a crash.
 */

/**
 * - "seen": known but deliberately not posted (first-run baseline, or a repeat of a known link).
 * - "pending": a post was (or is about to be) attempted and not confirmed: it may have landed.
 * - "announced": Slack confirmed the post; `ts` is the message.
 */
export type EntryState = "seen" | "pending" | "announced";

export interface AnnounceEntry {
  state: EntryState;
  /** Normalised link of the item ("" when it has none): a new guid with a known link is no news. */
  link: string;
  /** When the entry last changed state (ISO); for "pending", when the post was attempted. */
  at: string;
  /** Slack message ts, once announced. */
  ts?: string;
  /**
   * Normalised title + publication day (absent when undated): a blog migration can change both
   * guids and links, but the essays keep their titles and dates, so this still says "known".
   */
  title?: string;
  /**
   * Only on a flood summary's own entry (its id is the summary's, not an essay's): the essays it
   * names. Pending until Slack confirms it; then they are announced and this entry is dropped.
   */
  covers?: string[];
}

/** Announce state, keyed by target (a channel ID, or a user ID for a personal alert). */
export interface AnnounceLedger {
  /** True when what was known was lost (an unusable file): callers must not post a backlog. */
  readonly recovered: boolean;
  isInitialized(target: string): boolean;
  initialize(target: string, at: Date): void;
  entry(target: string, id: string): AnnounceEntry | undefined;
  hasLink(target: string, link: string): boolean;
  hasTitle(target: string, title: string): boolean;
  hasFeed(target: string, feed: string): boolean;
  addFeed(target: string, feed: string): void;
  set(target: string, id: string, entry: AnnounceEntry): void;
  /** Drops an entry, making the item new again (a post Slack refused outright). */
  forget(target: string, id: string): void;
  /** Ids whose post was attempted but never confirmed, with their entries. */
  pending(target: string): [string, AnnounceEntry][];
  count(target: string, state: EntryState): number;
  /**
   * Persists the changes made since the last save. Rejects when they could not be kept (they are
   * kept for the next save), or, with a shared store, when this process no longer leads: a post
   * must never follow a failed save.
   */
  save(): Promise<void>;
}

/** The ISO week each weekly digest last went out in, per channel. */
export interface DigestWeekLog {
  week(target: string): string | undefined;
  set(target: string, week: string): Promise<void>;
}
