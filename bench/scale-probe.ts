/**
 * The traffic the scale benchmark keeps on the bot in every phase: a signed `/essay <query>` every
 * 50 ms and a GET /healthz every 100 ms, each on a fixed timer, NOT back to back: a new request
 * goes out on time even while earlier ones are still waiting, as Slack's users would keep typing.
 * A back-to-back client would send one request during a 10 s stall and report one slow answer;
 * the timer reports the 200 people who waited. Every request's start, end and outcome is kept, so
 * any phase's window can be summarised afterwards.
 */
import { Agent, request } from "node:http";
import { signatureHeaders, slashCommandFields } from "../test/support/slack-requests.js";

/** Epoch ms with sub-millisecond resolution, comparable with Date.now() and the bot's ISO times. */
export const now = (): number => performance.timeOrigin + performance.now();

/** Slack's own deadline for acknowledging a slash command. */
export const SLACK_DEADLINE_MS = 3_000;
/** A request not answered by then counts as timed out (and as over the deadline). */
export const REQUEST_TIMEOUT_MS = 60_000;

export type Failure = "refused" | "timeout" | "error";

export interface Shot {
  start: number;
  end?: number;
  status?: number;
  failure?: Failure;
  /** The socket error's code (ECONNRESET, …), for the record. */
  code?: string;
}

export interface Health {
  start: number;
  end: number;
  status: number;
  json: HealthJson;
}

/** The /healthz fields the benchmark reads (design.md: ready, essays, sections, lastRefreshAt, …). */
export interface HealthJson {
  ready?: boolean;
  essays?: number;
  sections?: number;
  lastRefreshAt?: string | null;
  feeds?: { lastError?: unknown }[];
  announce?: { lastRunAt?: string | null };
}

export interface WindowStats {
  sent: number;
  /** Answered with HTTP 200. */
  answered: number;
  /** Slowest request that got any answer, or timed out (then REQUEST_TIMEOUT_MS). */
  maxMs: number;
  /** Slower than Slack's 3 s deadline, timeouts included. */
  overDeadline: number;
  refused: number;
  timedOut: number;
  /** Answered, but not with 200 (for /healthz: 503 before ready). */
  notOk: number;
  /** Connection errors other than refused (resets). */
  failed: number;
}

export class Probe {
  readonly essays: Shot[] = [];
  readonly healths: Shot[] = [];
  /** The newest /healthz answer (by the time it was sent) since forgetHealth(), whatever its status. */
  health: Health | undefined;
  #healthSince = 0;
  /** One unexpected /essay answer, to explain failures. */
  oddAnswer: string | undefined;
  readonly #pending = new Set<Promise<unknown>>();
  readonly #inFlight = new Set<Shot>();
  readonly #timers: NodeJS.Timeout[] = [];
  /**
   * A new connection per request and no socket limit, so a request never waits on our side. Not
   * keep-alive: after a stall the bot's server closes sockets it has held idle past its keep-alive
   * timeout before reading the requests queued on them, and those would fail as resets that say
   * more about connection reuse than about the bot.
   */
  readonly #agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

  constructor(
    readonly origin: string,
    readonly secret: string,
    readonly query: string,
  ) {}

  start(): void {
    this.#timers.push(setInterval(() => this.#track(this.#essay()), 50));
    this.#timers.push(setInterval(() => this.#track(this.#healthz()), 100));
  }

  /**
   * Call before starting a new bot process: the last answer of the previous one must not pass
   * for the new one's, and neither may a late answer to a request sent before now.
   */
  forgetHealth(): void {
    this.health = undefined;
    this.#healthSince = now();
  }

  /** Stops sending and waits for every request in flight (each ends within REQUEST_TIMEOUT_MS). */
  async drain(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await Promise.allSettled([...this.#pending]);
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }

  /** One signed `/essay text`: its timing and outcome, and the answer's body ("" if none). */
  async command(
    text: string,
    shot: Shot = { start: now() },
  ): Promise<{ shot: Shot; body: string }> {
    const body = new URLSearchParams(slashCommandFields({ text })).toString();
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      // Signed per request: the signature carries the time and Slack's replay window is 5 min.
      ...signatureHeaders(body, this.secret),
    };
    return this.#send("POST", "/slack/events", body, headers, shot);
  }

  /**
   * node:http rather than fetch: fetch gives up connecting after 10 s (undici's connect timeout),
   * which a stalled bot with a full accept backlog reaches long before the 60 s this probe allows;
   * here the one limit is REQUEST_TIMEOUT_MS, from the request's start to the answer's last byte.
   */
  #send(
    method: string,
    path: string,
    body: string,
    headers: Record<string, string>,
    shot: Shot = { start: now() },
  ): Promise<{ shot: Shot; body: string }> {
    return new Promise((resolve) => {
      let settled = false;
      const settle = (
        outcome: { status?: number; failure?: Failure; code?: string },
        answer = "",
      ) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        Object.assign(shot, outcome, { end: now() });
        resolve({ shot, body: answer });
      };
      const req = request(
        `${this.origin}${path}`,
        {
          method,
          agent: this.#agent,
          headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            settle({ status: res.statusCode ?? 0 }, Buffer.concat(chunks).toString("utf8")),
          );
          res.on("error", () => settle({ failure: "error" }));
        },
      );
      const timer = setTimeout(() => {
        settle({ failure: "timeout" });
        req.destroy();
      }, REQUEST_TIMEOUT_MS);
      req.on("error", (error: NodeJS.ErrnoException) =>
        settle({
          failure: error.code === "ECONNREFUSED" ? "refused" : "error",
          code: error.code ?? error.message,
        }),
      );
      req.end(body);
    });
  }

  stats(shots: readonly Shot[], from: number, to: number): WindowStats {
    const stats: WindowStats = {
      sent: 0,
      answered: 0,
      notOk: 0,
      maxMs: Number.NaN,
      overDeadline: 0,
      refused: 0,
      timedOut: 0,
      failed: 0,
    };
    for (const shot of shots) {
      // Each request belongs to the phase it was sent in, so no request counts twice; the phases
      // begin only once earlier requests have been answered (caughtUp), so none inherits a backlog.
      if (shot.start < from || shot.start > to) continue;
      stats.sent++;
      if (shot.failure === "refused") {
        stats.refused++;
        continue;
      }
      const ms = shot.failure === "timeout" ? REQUEST_TIMEOUT_MS : (shot.end ?? now()) - shot.start;
      if (shot.failure === "timeout") stats.timedOut++;
      else if (shot.failure) stats.failed++;
      else if (shot.status !== 200) stats.notOk++;
      else stats.answered++;
      // A connection reset (the bot was stopped) says nothing about how long an answer takes.
      if (shot.failure !== "error")
        stats.maxMs = Number.isNaN(stats.maxMs) ? ms : Math.max(ms, stats.maxMs);
      if (ms > SLACK_DEADLINE_MS) stats.overDeadline++;
    }
    return stats;
  }

  /** True once every /essay request sent before `t` has been answered, refused or timed out. */
  caughtUp(t: number): boolean {
    for (const shot of this.#inFlight) if (shot.start < t) return false;
    return true;
  }

  #track(promise: Promise<unknown>): void {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise));
  }

  async #essay(): Promise<void> {
    const shot: Shot = { start: now() };
    this.essays.push(shot);
    this.#inFlight.add(shot);
    const { body } = await this.command(this.query, shot);
    this.#inFlight.delete(shot);
    // An answer without text means the request was refused (bad signature) or the bot failed:
    // keep one so the report can say why instead of timing error pages.
    if (shot.status !== undefined && (shot.status !== 200 || !body.includes('"text"'))) {
      this.oddAnswer ??= `HTTP ${shot.status}: ${body.slice(0, 200)}`;
    }
  }

  async #healthz(): Promise<void> {
    const { shot, body } = await this.#send("GET", "/healthz", "", {});
    this.healths.push(shot);
    if (shot.status === undefined || shot.end === undefined) return;
    let json: HealthJson;
    try {
      json = JSON.parse(body) as HealthJson;
    } catch {
      return;
    }
    if (shot.start >= this.#healthSince && !(this.health && this.health.start > shot.start)) {
      this.health = { start: shot.start, end: shot.end, status: shot.status, json };
    }
  }
}
