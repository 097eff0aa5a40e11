/**
 * The announce pipeline as the bot runs it, for the e2e tests: a loopback feed, the real library
 * and file store, the real announcer on a real DATA_DIR, and the real WebClient poster talking to the
 * fake Slack Web API. boot() makes a fresh set of instances on the same DATA_DIR: a restart.
 */

import { createAnnouncer } from "../../src/jobs/announce.js";
import type { AnnouncePoster } from "../../src/jobs/poster.js";
import { refreshAndAnnounce } from "../../src/jobs/refresh-and-announce.js";
import { Library } from "../../src/library/library.js";
import type { ServingIndex } from "../../src/search/serving-index.js";
import { createAnnouncePoster } from "../../src/slack/announce-poster.js";
import { FileEssayStore } from "../../src/store/file-essay-store.js";
import { fileAnnounceState } from "../../src/store/file-stores.js";
import { virtualClock } from "../support/clock.js";
import { tempDataDir } from "../support/data-dir.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import type { FeedItem } from "../support/feed-items.js";
import { type FeedServer, startFeedServer } from "../support/feed-server.js";
import { memoryLogger } from "../support/logger.js";

export const CHANNEL = "C0ESSAYS";

export interface RigOptions {
  items: FeedItem[];
  backlog?: number;
  /** New essays in one run posted one by one (the announcer's default otherwise). */
  floodLimit?: number;
  /** Real time and this pacing instead of the virtual clock. */
  realPacingMs?: number;
}

export async function startRig(opts: RigOptions) {
  const clock = virtualClock();
  // Slack's clock is the bot's: history windows (oldest, latest) line up with the pending marks.
  const slackNow = opts.realPacingMs === undefined ? clock.now : () => new Date();
  const fake: FakeSlackApi = await startFakeSlackApi({ now: slackNow });
  const feed: FeedServer = await startFeedServer(opts.items);
  const data = await tempDataDir();
  const log = memoryLogger();
  let library: Library | undefined;

  async function boot(wrapPoster: (p: AnnouncePoster) => AnnouncePoster = (p) => p) {
    const store = await FileEssayStore.open(data.dir, { log });
    const booted = new Library({ store, feedUrls: [feed.url], log, timeoutMs: 2000 });
    library = booted;
    const poster = wrapPoster(
      createAnnouncePoster({
        token: "xoxb-test",
        apiUrl: fake.apiUrl,
        log,
        operatorChannel: CHANNEL,
      }),
    );
    const timing =
      opts.realPacingMs === undefined
        ? { now: clock.now, sleep: clock.sleep }
        : { intervalMs: opts.realPacingMs };
    const announcer = createAnnouncer({
      channel: CHANNEL,
      state: fileAnnounceState(data.dir),
      poster,
      log,
      feedOf: (id) => booted.feedOf(id),
      ...(opts.backlog === undefined ? {} : { backlog: opts.backlog }),
      ...(opts.floodLimit === undefined ? {} : { floodLimit: opts.floodLimit }),
      ...timing,
    });
    return {
      library: booted,
      announcer,
      run: refreshAndAnnounce({ library: booted, announcer, log }),
    };
  }

  return {
    fake,
    feed,
    clock,
    dataDir: data.dir,
    log,
    boot,
    index: (): ServingIndex | undefined => library?.index(),
    /** Essay ids announced in the channel, in posting order (from the messages' metadata). */
    /**
     * People talking in the channel: `count` messages, one every `everyMs` of virtual time from
     * now on (the clock moves with them).
     */
    chatter(count: number, everyMs: number) {
      const list = fake.messages.get(CHANNEL) ?? [];
      for (let i = 0; i < count; i++) {
        clock.advance(everyMs);
        const ts = (clock.now().getTime() / 1000).toFixed(6);
        list.push({ ts, channel: CHANNEL, text: `chatter ${i}` });
      }
      fake.messages.set(CHANNEL, list);
    },
    announced(): string[] {
      return (fake.messages.get(CHANNEL) ?? []).flatMap((m) => {
        const meta = m.metadata as
          | { event_type?: string; event_payload?: { id?: string } }
          | undefined;
        const id = meta?.event_type === "essay_published" ? meta.event_payload?.id : undefined;
        // A flood's summary names many essays under its own id: not one essay's announcement.
        return id && !id.startsWith("summary:") ? [id] : [];
      });
    },
    async close() {
      await Promise.all([fake.close(), feed.close()]);
      await data.cleanup();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof startRig>>;
