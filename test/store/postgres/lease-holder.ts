/**
 * A process holding the "jobs" lease, for the test of a leader killed with -9: it says
 * `leader <token>` on stdout once it leads, and never releases anything.
 * Usage: node --import tsx lease-holder.ts <database url> <ttl ms>
 */
import { openDatabase } from "../../../src/store/postgres/database.js";
import { LeaderLease } from "../../../src/store/postgres/lease.js";

const [url, ttl] = process.argv.slice(2);
const lease = new LeaderLease(openDatabase(url ?? ""), {
  name: "jobs",
  holder: `child-${process.pid}`,
  ttlMs: Number(ttl),
  onGain: (token) => process.stdout.write(`leader ${token}\n`),
});
lease.start();
// The lease's timers are unref'd: this keeps the process alive until it is killed.
setInterval(() => {}, 60_000);
