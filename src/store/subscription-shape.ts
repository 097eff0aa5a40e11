/**
 * What both subscription stores (a file, or Postgres rows) agree on: the shape a stored
 * subscription or alert must have to be trusted, and how a mark changes one.
 */
import type {
  ChannelSubscription,
  PersonalAlert,
  SubscriptionProblem,
} from "../subscriptions/types.js";

export type ChannelMark = {
  paused?: SubscriptionProblem | null;
  lastError?: SubscriptionProblem | null;
};

/** `sub` with the mark applied (null clears, undefined leaves), or undefined when unchanged. */
export function markedSubscription(
  sub: ChannelSubscription,
  change: ChannelMark,
): ChannelSubscription | undefined {
  const next = { ...sub };
  for (const key of ["paused", "lastError"] as const) {
    const value = change[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return JSON.stringify(next) === JSON.stringify(sub) ? undefined : next;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isTopics(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((t) => typeof t === "string");
}

export function isChannelSubscription(v: unknown): v is ChannelSubscription {
  if (!isRecord(v)) return false;
  return (
    typeof v.channel === "string" &&
    (v.delivery === "each" || v.delivery === "daily" || v.delivery === "weekly") &&
    isTopics(v.topics) &&
    typeof v.createdBy === "string" &&
    typeof v.createdAt === "string"
  );
}

export function isAlert(v: unknown): v is PersonalAlert {
  return (
    isRecord(v) &&
    typeof v.user === "string" &&
    isTopics(v.topics) &&
    typeof v.createdAt === "string"
  );
}
