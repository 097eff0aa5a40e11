/** An in-memory AnnouncePoster: records posts and lets a test script failures call by call. */

import type { EssayMeta, SplitEssay } from "../../src/essay/types.js";
import type {
  AnnounceMessage,
  AnnounceMetadata,
  AnnouncePoster,
  HistoryUnknown,
  PostError,
} from "../../src/jobs/poster.js";

export interface MemoryPost {
  channel: string;
  message: AnnounceMessage;
  /** Absent on messages that are not one essay's announcement (a flood summary). */
  metadata?: AnnounceMetadata;
  ts: string;
  /** The (virtual) time the post was made, in ms. */
  at: number;
}

export function memoryPoster(now: () => Date = () => new Date()) {
  const posts: MemoryPost[] = [];
  /** Per call, in order: an error to throw, or "post-then-fail" (lands, then the answer is lost). */
  const script: (PostError | { postThenFail: PostError })[] = [];
  /** "unknown": the bot lacks the history scope. */
  const history: { calls: number; answer?: "unknown" | HistoryUnknown | PostError } = { calls: 0 };
  let ts = 1_800_000_000;
  const poster: AnnouncePoster = {
    async post(channel, message, metadata) {
      const next = script.shift();
      if (next && !("postThenFail" in next)) throw next;
      const posted = { channel, message, metadata, ts: `${ts++}.000200`, at: now().getTime() };
      posts.push(posted);
      if (next) throw next.postThenFail;
      return { ts: posted.ts };
    },
    async findAnnounced(channel, ids, { since, until }) {
      history.calls++;
      if (history.answer === "unknown") {
        return { unknown: "missing_scope", message: "Cannot read channels:history" };
      }
      if (history.answer instanceof Error) throw history.answer;
      if (history.answer) return history.answer;
      const found = new Map<string, string>();
      for (const p of posts) {
        if (
          p.channel === channel &&
          p.at >= since.getTime() &&
          p.at <= until.getTime() &&
          p.metadata &&
          ids.includes(p.metadata.event_payload.id)
        ) {
          found.set(p.metadata.event_payload.id, p.ts);
        }
      }
      return found;
    },
  };
  return {
    poster,
    posts,
    script,
    history,
    /** Essay ids posted, in order. */
    ids: () =>
      posts.flatMap((p) => {
        const id = p.metadata?.event_payload.id;
        // A flood's summary carries its own id, not an essay's.
        return id && !id.startsWith("summary:") ? [id] : [];
      }),
  };
}

/** A one-section essay numbered n: published n days after 2026-01-01, so n orders them. */
export function essay(n: number, meta: Partial<EssayMeta> = {}): SplitEssay {
  const full: EssayMeta = {
    id: `essay-${n}`,
    title: `Essay number ${n}`,
    url: `https://essays.test/essay-${n}`,
    author: "Test Author",
    published: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
    tags: [],
    readingMinutes: 1,
    ...meta,
  };
  const text = `The body of essay ${n}.`;
  return {
    meta: full,
    sections: [
      {
        id: `${full.id}#`,
        essay: full,
        heading: "",
        parentHeading: "",
        anchor: "",
        url: full.url,
        blocks: [{ text, mrkdwn: text }],
        text,
        position: 0,
      },
    ],
  };
}

export const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => essay(from + i));
