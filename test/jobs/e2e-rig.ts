/**
 * The announce pipeline as the bot runs it, for the e2e tests: a loopback feed, the real refresher
 * and archive, the real announcer on a real DATA_DIR, and the real WebClient poster talking to the
 * fake Slack Web API. boot() makes a fresh set of instances on the same DATA_DIR: a restart.
 */
import { createAnnouncer } from "../../src/jobs/announce.js";
import type { AnnouncePoster } from "../../src/jobs/poster.js";
import { createRefresher } from "../../src/jobs/refresh.js";
import { refreshAndAnnounce } from "../../src/jobs/refresh-and-announce.js";
import type { SearchIndex } from "../../src/search/search-index.js";
import { createAnnouncePoster } from "../../src/slack/announce-poster.js";
import { Archive } from "../../src/store/archive.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.js";
import {
  type FeedItem,
  type FeedServer,
  recordingLogger,
  startFeedServer,
  tempDataDir,
  virtualClock,
} from "./support.js";

export const CHANNEL = "C0ESSAYS";

export interface RigOptions {
  items: FeedItem[];
  backlog?: number;
  /** Real time and this pacing instead of the virtual clock. */
  realPacingMs?: number;
}

export async function startRig(opts: RigOptions) {
  const fake: FakeSlackApi = await startFakeSlackApi();
  const feed: FeedServer = await startFeedServer(opts.items);
  const data = await tempDataDir();
  const clock = virtualClock();
  const log = recordingLogger();
  let index: SearchIndex | undefined;

  async function boot(wrapPoster: (p: AnnouncePoster) => AnnouncePoster = (p) => p) {
    const archive = await Archive.open(data.dir, log);
    const refresher = createRefresher({
      feedUrls: [feed.url],
      archive,
      log,
      onIndex: (next) => {
        index = next;
      },
      timeoutMs: 2000,
    });
    const poster = wrapPoster(
      createAnnouncePoster({ token: "xoxb-test", apiUrl: fake.apiUrl, log }),
    );
    const timing =
      opts.realPacingMs === undefined
        ? { now: clock.now, sleep: clock.sleep }
        : { intervalMs: opts.realPacingMs };
    const announcer = createAnnouncer({
      channel: CHANNEL,
      dataDir: data.dir,
      poster,
      log,
      feedOf: (id) => archive.get(id)?.feedUrl,
      ...(opts.backlog === undefined ? {} : { backlog: opts.backlog }),
      ...timing,
    });
    return { refresher, announcer, run: refreshAndAnnounce({ refresher, announcer, log }) };
  }

  return {
    fake,
    feed,
    clock,
    log,
    boot,
    index: () => index,
    /** Essay ids announced in the channel, in posting order (from the messages' metadata). */
    announced(): string[] {
      return (fake.messages.get(CHANNEL) ?? []).map(
        (m) => (m.metadata as { event_payload: { id: string } }).event_payload.id,
      );
    },
    async close() {
      await Promise.all([fake.close(), feed.close()]);
      await data.cleanup();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof startRig>>;
