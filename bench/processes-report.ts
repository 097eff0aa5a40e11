/** The processes benchmark's tables, pure so they are unit-tested (test/bench/processes-report.test.ts). */
import type { SlashRow } from "./slash-perf.js";
import { formatMs, formatRatio, markdownTable, median } from "./stats.js";

export const ONE = "one process";
export const ONE_PROXIED = "one process behind the proxy";
export const THREE = "three processes behind the proxy";

/** Each row with its req/s as a ratio of ONE's at the same concurrency. */
export function throughputTable(rows: readonly SlashRow[]): string {
  const cells = rows.map((row) => {
    const one = rows.find((r) => r.name === ONE && r.concurrency === row.concurrency);
    return [
      row.name,
      String(row.concurrency),
      row.rps.toFixed(0),
      formatMs(row.p50),
      formatMs(row.p99),
      one ? formatRatio(row.rps, one.rps) : "–",
      String(row.failures),
    ];
  });
  return markdownTable(
    ["setup", "concurrency", "req/s", "p50", "p99", `req/s ÷ ${ONE}`, "non-200"],
    cells,
  );
}

export interface FailoverRound {
  /** From kill -9 of the leader to /healthz of another process saying it leads. */
  killToLeaderMs: number | undefined;
  /** From kill -9 of the leader to the new essay's post reaching Slack; undefined: never. */
  killToPostMs: number | undefined;
  /** How many times the new essay was posted in the channel (1 is right). */
  posts: number;
}

export function failoverReport(rounds: readonly FailoverRound[]): string {
  const time = (ms: number | undefined, missing: string) =>
    ms === undefined ? missing : formatMs(ms);
  const perRound = markdownTable(
    ["round", "kill → another process leads (/healthz)", "kill → post in Slack", "times posted"],
    rounds.map((r, i) => [
      String(i + 1),
      time(r.killToLeaderMs, "no new leader"),
      time(r.killToPostMs, "not posted"),
      String(r.posts),
    ]),
  );
  const spread = (name: string, values: (number | undefined)[]) => {
    const seen = values.filter((v): v is number => v !== undefined);
    if (seen.length === 0) return [name, "–", "–", "–"];
    return [name, formatMs(Math.min(...seen)), formatMs(median(seen)), formatMs(Math.max(...seen))];
  };
  const summary = markdownTable(
    ["", "min", "median", "max"],
    [
      spread(
        "kill → another process leads (/healthz)",
        rounds.map((r) => r.killToLeaderMs),
      ),
      spread(
        "kill → post in Slack",
        rounds.map((r) => r.killToPostMs),
      ),
    ],
  );
  const twice = rounds.filter((r) => r.posts > 1).length;
  const never = rounds.filter((r) => r.posts === 0).length;
  return [
    summary,
    perRound,
    `Essays posted twice or more: ${twice} of ${rounds.length}; never posted: ${never} of ${rounds.length}.`,
  ].join("\n\n");
}
