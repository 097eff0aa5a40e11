/**
 * Subscriptions and alerts in one small JSON file, DATA_DIR/subscriptions.json, rewritten
 * atomically on every change (changes are rare: a person typing a command). An unusable file is
 * moved aside and logged, as the other stores do, and the bot starts with none.
 */
import { join } from "node:path";
import { type Logger, silentLogger } from "../logger.js";
import type { ChannelSubscription, PersonalAlert } from "../subscriptions/types.js";
import { moveAside, readJson, writeFileAtomic } from "./atomic.js";
import { StoreError } from "./errors.js";
import { versionProblem } from "./file-version.js";
import {
  type ChannelMark,
  isAlert,
  isChannelSubscription,
  isRecord,
  markedSubscription,
} from "./subscription-shape.js";
import type { SubscriptionStore } from "./subscription-store.js";
import { SubscriptionsInMemory } from "./subscriptions-in-memory.js";

interface SubscriptionsFile {
  version: 1;
  channels: Record<string, ChannelSubscription>;
  alerts: Record<string, PersonalAlert>;
}

export const SUBSCRIPTIONS_FILE = "subscriptions.json";

export class FileSubscriptionStore extends SubscriptionsInMemory implements SubscriptionStore {
  readonly kind = "files" as const;
  readonly path: string;
  // One write at a time, in order: an older snapshot never lands after a newer one.
  #writing: Promise<void> = Promise.resolve();

  private constructor(path: string, file: SubscriptionsFile) {
    super();
    this.path = path;
    this.channelMap = new Map(Object.entries(file.channels));
    this.alertMap = new Map(Object.entries(file.alerts));
  }

  static async open(
    dataDir: string,
    opts: { log?: Logger; now?: () => Date } = {},
  ): Promise<FileSubscriptionStore> {
    const path = join(dataDir, SUBSCRIPTIONS_FILE);
    const empty: SubscriptionsFile = { version: 1, channels: {}, alerts: {} };
    let problem: string;
    try {
      const raw = await readJson<unknown>(path);
      if (raw === undefined) return new FileSubscriptionStore(path, empty);
      const shape = checkShape(raw);
      if (shape === undefined) return new FileSubscriptionStore(path, raw as SubscriptionsFile);
      problem = `${path} does not look like essay-bot subscriptions: ${shape}.`;
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      problem = err.message;
    }
    const movedTo = await moveAside(path, (opts.now ?? (() => new Date()))());
    (opts.log ?? silentLogger).error(
      { path, movedTo, problem },
      "Subscriptions file was unusable: moved it aside and starting with no subscriptions. " +
        "Channels and people can subscribe again, or repair the file and restart.",
    );
    return new FileSubscriptionStore(path, empty);
  }

  async setChannel(sub: ChannelSubscription): Promise<ChannelSubscription | undefined> {
    const previous = this.channelMap.get(sub.channel);
    this.channelMap.set(sub.channel, { ...sub });
    await this.#save();
    return previous;
  }

  async removeChannel(channel: string): Promise<ChannelSubscription | undefined> {
    const previous = this.channelMap.get(channel);
    if (!previous) return undefined;
    this.channelMap.delete(channel);
    await this.#save();
    return previous;
  }

  async markChannel(channel: string, change: ChannelMark): Promise<void> {
    const sub = this.channelMap.get(channel);
    const next = sub && markedSubscription(sub, change);
    if (!next) return;
    this.channelMap.set(channel, next);
    await this.#save();
  }

  async setAlert(alert: PersonalAlert): Promise<PersonalAlert | undefined> {
    const previous = this.alertMap.get(alert.user);
    this.alertMap.set(alert.user, { ...alert });
    await this.#save();
    return previous;
  }

  async removeAlert(user: string): Promise<void> {
    if (!this.alertMap.delete(user)) return;
    await this.#save();
  }

  #save(): Promise<void> {
    const file: SubscriptionsFile = {
      version: 1,
      channels: Object.fromEntries(this.channelMap),
      alerts: Object.fromEntries(this.alertMap),
    };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    const next = this.#writing.then(() => writeFileAtomic(this.path, text));
    // A failed write must not wedge later ones; the caller still gets the error.
    this.#writing = next.catch(() => {});
    return next;
  }
}

function checkShape(raw: unknown): string | undefined {
  const problem = versionProblem(raw);
  if (problem) return problem;
  const { channels, alerts } = raw as { channels?: unknown; alerts?: unknown };
  if (!isRecord(channels)) return '"channels" is not an object';
  if (!isRecord(alerts)) return '"alerts" is not an object';
  for (const [id, sub] of Object.entries(channels)) {
    if (!isChannelSubscription(sub) || sub.channel !== id) return `channels.${id} is not valid`;
  }
  for (const [id, alert] of Object.entries(alerts)) {
    if (!isAlert(alert) || alert.user !== id) return `alerts.${id} is not valid`;
  }
  return undefined;
}
