/**
 * A process whose transaction's connection is terminated from outside, for the database test:
 * it says `pid <backend pid>` once inside the transaction, waits until the connection has gone,
 * then says how the transaction ended and exits 0, if it is still alive to.
 * Usage: node --import tsx lost-transaction.ts <database url>
 */
import { openDatabase } from "../../../src/store/postgres/database.js";

const db = openDatabase(process.argv[2] ?? "");
try {
  await db.transaction(async (client) => {
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const gone = new Promise((resolve) => client.once("end", resolve));
    process.stdout.write(`pid ${rows[0]?.pid}\n`);
    await gone;
    await client.query("SELECT 1");
  });
  process.stdout.write("committed\n");
} catch (err) {
  process.stdout.write(`rejected: ${err instanceof Error ? err.message : String(err)}\n`);
}
// The pool's next transaction works on a fresh connection: the broken one was not reused.
const { rows } = await db.pool.query<{ one: number }>("SELECT 1 AS one");
process.stdout.write(`alive ${rows[0]?.one}\n`);
await db.close();
