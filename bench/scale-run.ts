/**
 * One checkout at one corpus size, phase by phase, against the real bot process:
 *
 *   first start   empty DATA_DIR → ready with the full index and the start-up refresh done;
 *                 the section count it settles on is "the full corpus" for the phases below
 *   restart       SIGTERM, then a new process on the same DATA_DIR → /healthz 200 with every section
 *   changed       one feed file gains an item with a unique word, 1 s before a cron tick →
 *                 `/essay <word>` links to it; bytes the store wrote meanwhile
 *   unchanged     the next tick with nothing new: its main-thread CPU time and wall time
 *
 * The Probe's /essay and /healthz traffic runs throughout; each phase keeps its time window and
 * the windows are summarised once every request has settled. Every wait has a deadline.
 */
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { basename, join } from "node:path";
import { startFakeSlackApi } from "../test/support/fake-slack-api.js";
import { type BotProcess, freePort, startBot } from "./scale-bot.js";
import { addItem, changedItem, UNIQUE_LINK, UNIQUE_WORD } from "./scale-feeds.js";
import { type HealthJson, now, Probe, type WindowStats } from "./scale-probe.js";
import { CpuSampler, memory } from "./scale-proc.js";
import { snapshot, written } from "./scale-store.js";

export const SECRET = "scale-bench-signing-secret";
export const CHANNEL = "C0SCALE";

export interface RunOptions {
  label: string;
  checkout: string;
  /** Pristine feed files, copied for this run (the changed phase edits one of them). */
  feeds: readonly string[];
  workDir: string;
  tickSeconds: number;
  phaseLimitMs: number;
  query: string;
  seed: number;
  log: (line: string) => void;
}

type Window = [from: number, to: number];

export interface RunResult {
  label: string;
  checkout: string;
  logDir: string;
  essays?: number;
  sections?: number;
  first?: { readyMs: number; peak: number; window: Window; essay?: WindowStats };
  restart?: {
    readyMs: number;
    rssAtReady: number;
    window: Window;
    essay?: WindowStats;
    healthz?: WindowStats;
  };
  changed?: {
    afterTickMs: number;
    afterWriteMs: number;
    tickWallMs: number;
    bytes: number;
    files: string[];
    window: Window;
    essay?: WindowStats;
  };
  unchanged?: {
    cpuMs: number;
    wallMs: number;
    method: string;
    window: Window;
    essay?: WindowStats;
  };
  peak?: number;
  /** 1-minute load average at the start and the end of the run: the machine may be shared. */
  load: [number, number];
  notes: string[];
}

class PhaseError extends Error {}

export async function runCheckout(opts: RunOptions): Promise<RunResult> {
  const result: RunResult = {
    label: opts.label,
    checkout: opts.checkout,
    logDir: opts.workDir,
    load: [loadavg()[0] ?? Number.NaN, Number.NaN],
    notes: [],
  };
  const feedDir = join(opts.workDir, "feeds");
  const dataDir = join(opts.workDir, "data");
  await mkdir(feedDir, { recursive: true });
  await mkdir(dataDir, { recursive: true });
  const feeds: string[] = [];
  for (const file of opts.feeds) {
    const copy = join(feedDir, basename(file));
    await cp(file, copy);
    feeds.push(copy);
  }
  const fake = await startFakeSlackApi();
  const port = await freePort();
  const env = {
    secret: SECRET,
    apiUrl: fake.apiUrl,
    port,
    dataDir,
    feeds,
    channel: CHANNEL,
    cron: `*/${opts.tickSeconds} * * * * *`,
  };
  const probe = new Probe(`http://127.0.0.1:${port}`, SECRET, opts.query);
  const ctx: Ctx = { opts, probe, tickMs: opts.tickSeconds * 1000, bot: undefined };
  let cpu: CpuSampler | undefined;
  let restartSpawn: number | undefined;
  probe.start();
  try {
    probe.forgetHealth();
    ctx.bot = startBot(opts.checkout, env, { dir: opts.workDir, name: "first-start" });
    opts.log(`${opts.label}: first start (empty DATA_DIR), pid ${ctx.bot.pid}`);
    result.first = await firstStart(ctx, result);
    await ctx.bot.stop();

    probe.forgetHealth();
    ctx.bot = startBot(opts.checkout, env, { dir: opts.workDir, name: "restart" });
    restartSpawn = ctx.bot.spawnedAt;
    cpu = new CpuSampler(ctx.bot.pid);
    opts.log(`${opts.label}: restart on the same DATA_DIR, pid ${ctx.bot.pid}`);
    result.restart = await restart(ctx, result.sections ?? 0);
    opts.log(`${opts.label}: changed refresh (one new item in ${basename(feeds[0] ?? "")})`);
    result.changed = await changedRefresh(ctx, feeds[0] ?? "", dataDir);
    opts.log(`${opts.label}: unchanged tick`);
    result.unchanged = await unchangedTick(ctx, cpu);
    result.peak = (await memory(ctx.bot.pid)).peak;
  } catch (error) {
    if (!(error instanceof PhaseError)) throw error;
    result.notes.push(error.message);
    opts.log(`${opts.label}: ${error.message}`);
  } finally {
    cpu?.stop();
    // Every request settles (answered, refused or timed out) before the bot is stopped, so the
    // slowest ones are counted rather than cut off.
    await probe.drain();
    await ctx.bot?.stop();
    probe.close();
    await fake.close();
    result.load[1] = loadavg()[0] ?? Number.NaN;
  }
  // Every request and CPU sample, for checking a surprising number by hand.
  await writeFile(
    join(opts.workDir, "requests.json"),
    JSON.stringify({
      essays: probe.essays,
      healths: probe.healths,
      cpu: cpu?.samples ?? [],
      first: result.first?.window,
      restart: { spawnedAt: restartSpawn, window: result.restart?.window },
      changed: result.changed?.window,
      unchanged: result.unchanged?.window,
    }),
  );
  if (probe.oddAnswer) result.notes.push(`unexpected /essay answer: ${probe.oddAnswer}`);
  const summarise = (w: Window | undefined) => (w ? probe.stats(probe.essays, ...w) : undefined);
  if (result.first) result.first.essay = summarise(result.first.window);
  if (result.restart) {
    result.restart.essay = summarise(result.restart.window);
    result.restart.healthz = probe.stats(probe.healths, ...result.restart.window);
  }
  if (result.changed) result.changed.essay = summarise(result.changed.window);
  if (result.unchanged) result.unchanged.essay = summarise(result.unchanged.window);
  return result;
}

interface Ctx {
  opts: RunOptions;
  probe: Probe;
  tickMs: number;
  bot: BotProcess | undefined;
}

/** Waits (polling every 25 ms) for cond; a PhaseError on the phase deadline or if the bot exits. */
async function until(ctx: Ctx, what: string, deadline: number, cond: () => boolean) {
  for (;;) {
    if (cond()) return;
    const bot = ctx.bot;
    if (bot?.exit) {
      throw new PhaseError(
        `the bot exited (code ${bot.exit.code}, signal ${bot.exit.signal}) while waiting for ${what}; last log lines:\n${bot.tail()}`,
      );
    }
    if (now() > deadline) {
      throw new PhaseError(
        `no ${what} within the ${ctx.opts.phaseLimitMs / 1000} s phase limit; latest /healthz: ${JSON.stringify(ctx.probe.health?.json ?? null).slice(0, 300)}`,
      );
    }
    await sleep(25);
  }
}

/**
 * Waits until the bot has answered every /essay sent so far: after a long stall hundreds are
 * queued, and the next phase must not be charged for them (nor its idle CPU rate be read while
 * the bot works through them).
 */
function caughtUp(ctx: Ctx, deadline: number): Promise<void> {
  const t = now();
  return until(ctx, "the bot to answer the /essay requests queued so far", deadline, () =>
    ctx.probe.caughtUp(t),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/**
 * When the last job (refresh, then announce) ended, by the bot's /healthz: lastRefreshAt, and
 * announce.lastRunAt when announcements are on. NaN until both exist.
 */
function jobEnd(json: HealthJson | undefined): number {
  const refreshed = time(json?.lastRefreshAt);
  if (!json?.announce) return refreshed;
  return Math.max(refreshed, time(json.announce.lastRunAt));
}

/** The job that started at (or after) `since` has finished, announcements included. */
function jobDoneSince(json: HealthJson | undefined, since: number): boolean {
  const refreshed = time(json?.lastRefreshAt);
  const announced = json?.announce ? time(json.announce.lastRunAt) : refreshed;
  return refreshed >= since && announced >= since;
}

async function firstStart(ctx: Ctx, result: RunResult): Promise<NonNullable<RunResult["first"]>> {
  const bot = ctx.bot as BotProcess;
  const deadline = bot.spawnedAt + ctx.opts.phaseLimitMs;
  // When each section count was first served with a 200, to date "ready with the full index".
  const firstServed = new Map<number, number>();
  const seen = () => {
    const h = ctx.probe.health;
    if (h?.status === 200 && h.json.sections !== undefined && !firstServed.has(h.json.sections))
      firstServed.set(h.json.sections, h.end);
    return h;
  };
  await until(ctx, "first start-up refresh", deadline, () => {
    const h = seen();
    return h?.status === 200 && jobDoneSince(h.json, bot.spawnedAt);
  });
  const failing = (ctx.probe.health?.json.feeds ?? []).filter((f) => f.lastError);
  if (failing.length > 0) {
    throw new PhaseError(
      `${failing.length} feed(s) failed on the first start: ${JSON.stringify(failing[0]).slice(0, 300)}`,
    );
  }
  // The count must hold for 2 s of /healthz answers (answers sent 2 s apart, not merely 2 s of
  // silence from a stalled bot): a bot that swaps in its index after the refresh reports is not
  // done yet, and the full corpus size must not be read off a half-built index.
  let sections = ctx.probe.health?.json.sections ?? 0;
  let since = ctx.probe.health?.start ?? now();
  await until(ctx, "a stable section count", deadline, () => {
    const h = seen();
    if (!h) return false;
    const count = h.json.sections ?? 0;
    if (count !== sections) [sections, since] = [count, h.start];
    return h.start - since >= 2_000;
  });
  result.sections = sections;
  result.essays = ctx.probe.health?.json.essays ?? 0;
  const readyAt = firstServed.get(sections) ?? now();
  const peak = (await memory(bot.pid)).peak;
  ctx.opts.log(
    `${ctx.opts.label}: first start ready with ${sections} sections, ${result.essays} essays`,
  );
  return { readyMs: readyAt - bot.spawnedAt, peak, window: [bot.spawnedAt, now()] };
}

async function restart(ctx: Ctx, sections: number): Promise<NonNullable<RunResult["restart"]>> {
  const bot = ctx.bot as BotProcess;
  const deadline = bot.spawnedAt + ctx.opts.phaseLimitMs;
  await until(
    ctx,
    `/healthz 200 with ${sections} sections`,
    deadline,
    () => ctx.probe.health?.status === 200 && (ctx.probe.health.json.sections ?? 0) >= sections,
  );
  const readyAt = ctx.probe.health?.end ?? now();
  const { rss } = await memory(bot.pid);
  ctx.opts.log(`${ctx.opts.label}: restart ready after ${Math.round(readyAt - bot.spawnedAt)} ms`);
  // Start-up lasts until the refresh the bot runs at start has finished too: a bot that answers
  // from its store at once and then blocks on that refresh has not finished starting.
  await until(ctx, "the start-up refresh", deadline, () =>
    jobDoneSince(ctx.probe.health?.json, bot.spawnedAt),
  );
  const end = Math.max(readyAt, jobEnd(ctx.probe.health?.json));
  return { readyMs: readyAt - bot.spawnedAt, rssAtReady: rss, window: [bot.spawnedAt, end] };
}

async function changedRefresh(
  ctx: Ctx,
  feed: string,
  dataDir: string,
): Promise<NonNullable<RunResult["changed"]>> {
  const { probe, tickMs } = ctx;
  const deadline = now() + ctx.opts.phaseLimitMs;
  await caughtUp(ctx, deadline);
  const before = await probe.command(UNIQUE_WORD);
  if (before.body.includes(UNIQUE_LINK)) {
    throw new PhaseError(`/essay ${UNIQUE_WORD} already finds the new item before it is written`);
  }
  const [current, item] = await Promise.all([readFile(feed, "utf8"), changedItem(ctx.opts.seed)]);
  // Quiet: the job of the latest cron tick has finished and the next tick is ≥ 1.5 s away, so the
  // write lands between ticks and "its tick" is the next one.
  await until(ctx, "a quiet moment between ticks", deadline, () => {
    const t = now();
    const last = Math.floor(t / tickMs) * tickMs;
    return jobDoneSince(probe.health?.json, last) && last + tickMs - t >= 1_500;
  });
  // Taken before choosing the tick: at 100k sections listing DATA_DIR takes over a second, and
  // taken after, it pushed the write past the tick it was meant to precede.
  const stored = await snapshot(dataDir);
  let tick = Math.ceil(now() / tickMs) * tickMs;
  if (tick - now() < 1_200) tick += tickMs;
  await sleep(tick - 1_000 - now());
  await addItem(feed, current, item);
  const writtenAt = now();
  if (writtenAt >= tick) {
    throw new PhaseError("the changed item was written after the tick it was meant to precede");
  }
  // `/essay <word>` every 100 ms on a timer, like the load: the first answer linking to the new
  // item is when a person could have found it.
  let hitAt = Number.NaN;
  const timer = setInterval(() => {
    void probe.command(UNIQUE_WORD).then(({ shot, body }) => {
      if (shot.end !== undefined && body.includes(UNIQUE_LINK) && !(hitAt <= shot.end))
        hitAt = shot.end;
    });
  }, 100);
  try {
    await until(ctx, `/essay ${UNIQUE_WORD} finding the new item`, deadline, () => hitAt > 0);
  } finally {
    clearInterval(timer);
  }
  ctx.opts.log(
    `${ctx.opts.label}: new item searchable ${Math.round(hitAt - tick)} ms after its tick`,
  );
  await until(ctx, "the end of the changed tick", deadline, () =>
    jobDoneSince(probe.health?.json, tick),
  );
  const tickEnd = jobEnd(probe.health?.json);
  // A moment for writes the store finishes after the job reports (a deferred flush).
  await sleep(1_000);
  const { bytes, files } = written(stored, await snapshot(dataDir));
  return {
    afterTickMs: hitAt - tick,
    afterWriteMs: hitAt - writtenAt,
    tickWallMs: tickEnd - tick,
    bytes,
    files,
    window: [writtenAt, Math.max(hitAt, tickEnd)],
  };
}

/**
 * Main-thread CPU of one unchanged tick: CPU time over [tick − 0.2 s, job end + 0.3 s] minus what
 * the same thread burns per second when no job runs (answering the /essay and /healthz traffic),
 * measured in the quiet stretches just before and just after that tick.
 */
async function unchangedTick(
  ctx: Ctx,
  cpu: CpuSampler,
): Promise<NonNullable<RunResult["unchanged"]>> {
  const { probe, tickMs } = ctx;
  const deadline = now() + ctx.opts.phaseLimitMs;
  await caughtUp(ctx, deadline);
  const previousEnd = jobEnd(probe.health?.json);
  const tick = Math.ceil((now() + 2_000) / tickMs) * tickMs;
  await until(ctx, "the end of the unchanged tick", deadline, () =>
    jobDoneSince(probe.health?.json, tick),
  );
  const end = jobEnd(probe.health?.json);
  const nextTick = tick + tickMs;
  // Quiet time after the job, for the idle rate, without reaching into the next tick.
  await sleep(Math.min(end + 3_000, nextTick - 300) - now());
  const from = tick - 200;
  const to = end + 300;
  const total = cpu.cpuBetween(from, to);
  const pre = cpu.rate(Math.max(previousEnd + 500, tick - 5_200), tick - 200);
  const post = cpu.rate(end + 500, nextTick - 300);
  const idleWall = pre.wallMs + post.wallMs;
  let cpuMs = total;
  let method = `main-thread CPU over [tick − 0.2 s, job end + 0.3 s] = ${Math.round(total)} ms`;
  if (idleWall >= 1_000) {
    const idlePerMs = (pre.cpuMs + post.cpuMs) / idleWall;
    // Clamped: a tick of a few ms is within the ±20 ms the 10 ms clock ticks allow, and can come
    // out below the idle estimate.
    cpuMs = Math.max(0, total - idlePerMs * (to - from));
    method += ` minus the idle rate (${(idlePerMs * 100).toFixed(1)}% of a core, from ${(idleWall / 1000).toFixed(1)} s of quiet around it) × ${((to - from) / 1000).toFixed(1)} s`;
  } else {
    method += "; no quiet time around the tick to measure the idle rate, so nothing subtracted";
  }
  // /essay: from just before the tick (a request sent then waits behind it), for at least 1 s so
  // that a tick of a few ms still has 20 requests to speak for it.
  const window: Window = [tick - 100, Math.max(end + 100, tick + 1_000)];
  return { cpuMs, wallMs: end - tick, method, window };
}
