/**
 * A loopback stand-in for Slack's Web API (and for response_url endpoints), so tests drive the
 * real Bolt app and the real WebClient over HTTP. It records every call, answers like Slack, keeps
 * posted messages per channel (so conversations.history reflects what was posted), and rejects
 * any message or view whose blocks break Block Kit limits, the way Slack answers `invalid_blocks`
 * (views.open, views.update and views.publish answer with the view and an id, as Slack does).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkBlockKitLimits, checkViewLimits } from "../../src/render/limits.js";

export interface FakeCall {
  /** Web API method (e.g. "chat.postMessage"), or "response_url" for posts to a response URL. */
  method: string;
  params: Record<string, unknown>;
  /** Bearer token the caller sent ("" when none). */
  token: string;
  /** For response_url posts: the id in the URL. */
  responseId?: string;
}

/** A reply: a JSON body (sent with 200), or a full HTTP response for 429s and 5xx. */
export type FakeReply =
  | Record<string, unknown>
  | { httpStatus: number; headers?: Record<string, string>; body?: unknown };

export type FakeHandler = (
  params: Record<string, unknown>,
  call: FakeCall,
) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface PostedMessage {
  ts: string;
  channel: string;
  text?: unknown;
  blocks?: unknown;
  metadata?: unknown;
}

export interface FakeSlackApi {
  /** Base URL for SLACK_API_URL / WebClient slackApiUrl, ending in "/api/". */
  apiUrl: string;
  /** Origin of the server, e.g. "http://127.0.0.1:1234". */
  origin: string;
  calls: FakeCall[];
  callsTo(method: string): FakeCall[];
  /** Messages posted with chat.postMessage, per channel, oldest first. */
  messages: Map<string, PostedMessage[]>;
  /**
   * Override a method. Return undefined from the handler to fall through to the default reply.
   * Handlers run before limit checks' defaults, but calls are recorded first.
   */
  on(method: string, handler: FakeHandler): void;
  /**
   * The next `times` calls to `method` do what Slack would (a post lands in `messages`), but the
   * answer is `reply` (default: HTTP 500): the "lost answer" case.
   */
  landThenFail(method: string, times?: number, reply?: FakeReply): void;
  /** A response_url on this server; posts to it are recorded as method "response_url". */
  responseUrl(id?: string): string;
  /** Block Kit problems found in any call (also answered with ok:false invalid_blocks). */
  limitProblems: string[];
  /** Wait until `count` calls to `method` have been recorded (polls; rejects after timeoutMs). */
  waitFor(method: string, count?: number, timeoutMs?: number): Promise<FakeCall[]>;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // WebClient JSON-encodes arrays and objects inside form bodies.
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Every message-shaped payload inside a call, to check against Block Kit limits. */
function messagesIn(params: Record<string, unknown>): { text?: string; blocks?: unknown[] }[] {
  const found: { text?: string; blocks?: unknown[] }[] = [];
  if (Array.isArray(params.blocks)) {
    found.push({ text: typeof params.text === "string" ? params.text : "", blocks: params.blocks });
  }
  if (params.unfurls && typeof params.unfurls === "object") {
    for (const unfurl of Object.values(params.unfurls as Record<string, unknown>)) {
      const blocks = (unfurl as { blocks?: unknown }).blocks;
      if (Array.isArray(blocks)) found.push({ blocks });
    }
  }
  return found;
}

export interface FakeSlackOptions {
  /**
   * Slack's clock: when given, a posted message's ts is this time (made unique), so history
   * windows (`oldest`, `latest`) mean what they mean at Slack. Without it, ts count up from
   * 1700000000.
   */
  now?: () => Date;
}

export async function startFakeSlackApi(opts: FakeSlackOptions = {}): Promise<FakeSlackApi> {
  const calls: FakeCall[] = [];
  const handlers = new Map<string, FakeHandler>();
  const lostAnswers = new Map<string, { times: number; reply: FakeReply }>();
  const messages = new Map<string, PostedMessage[]>();
  const limitProblems: string[] = [];
  let tsCounter = 1_700_000_000;
  let lastMicros = 0;
  const nextTs = () => {
    if (!opts.now) return `${tsCounter++}.000100`;
    lastMicros = Math.max(lastMicros + 1, opts.now().getTime() * 1000);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, "0")}`;
  };

  const defaults: Record<string, FakeHandler> = {
    "auth.test": () => ({
      ok: true,
      url: "https://fake.slack.test/",
      team: "Fake",
      team_id: "T0FAKE",
      user: "essay-bot",
      user_id: "U0BOT",
      bot_id: "B0BOT",
    }),
    "chat.postMessage": (params) => {
      const channel = String(params.channel ?? "");
      const ts = nextTs();
      const message: PostedMessage = {
        ts,
        channel,
        text: params.text,
        blocks: params.blocks,
        metadata: params.metadata,
      };
      const list = messages.get(channel) ?? [];
      list.push(message);
      messages.set(channel, list);
      return { ok: true, channel, ts, message: { ...message, type: "message" } };
    },
    "views.open": (params) => viewReply(params),
    "views.update": (params) => viewReply(params),
    "views.publish": (params) => viewReply(params),
    "conversations.history": (params) => {
      const list = messages.get(String(params.channel ?? "")) ?? [];
      const withMetadata =
        params.include_all_metadata === true || params.include_all_metadata === "true";
      // Like Slack: newest first, only messages after `oldest` and before `latest`, in pages.
      const oldest = Number(params.oldest ?? 0);
      const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(params.latest);
      const newestFirst = [...list]
        .reverse()
        .filter((m) => Number(m.ts) > oldest && Number(m.ts) < latest)
        .map((m) => ({
          type: "message",
          ts: m.ts,
          text: m.text,
          ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
        }));
      const limit = Number(params.limit ?? 100);
      const from = Number(params.cursor ?? 0) || 0;
      const more = newestFirst.length > from + limit;
      return {
        ok: true,
        messages: newestFirst.slice(from, from + limit),
        has_more: more,
        ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}),
      };
    },
  };

  let viewIds = 0;
  const viewReply = (params: Record<string, unknown>) => {
    const view = typeof params.view === "object" && params.view !== null ? params.view : {};
    const id = typeof params.view_id === "string" ? params.view_id : `V0VIEW${++viewIds}`;
    return { ok: true, view: { ...view, id, hash: `hash-${id}` } };
  };

  const send = (res: ServerResponse, reply: FakeReply) => {
    if (typeof reply.httpStatus === "number") {
      const full = reply as {
        httpStatus: number;
        headers?: Record<string, string>;
        body?: unknown;
      };
      res.writeHead(full.httpStatus, { "content-type": "application/json", ...full.headers });
      res.end(full.body === undefined ? "" : JSON.stringify(full.body));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(reply));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://localhost");
    const params = {
      ...Object.fromEntries(url.searchParams),
      ...parseBody(raw, req.headers["content-type"]),
    };
    const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    const responseMatch = /^\/response\/([^/]+)$/.exec(url.pathname);
    const method = responseMatch ? "response_url" : url.pathname.replace(/^\/api\//, "");
    const call: FakeCall = { method, params, token };
    if (responseMatch?.[1]) call.responseId = responseMatch[1];
    calls.push(call);

    const problems = [
      ...messagesIn(params).flatMap((m) => checkBlockKitLimits(m)),
      ...(params.view === undefined ? [] : checkViewLimits(params.view)),
    ];
    if (problems.length > 0) {
      limitProblems.push(...problems.map((p) => `${method}: ${p}`));
      send(res, { ok: false, error: "invalid_blocks", errors: problems });
      return;
    }
    const lost = lostAnswers.get(method);
    if (lost && lost.times > 0) {
      lost.times--;
      await defaults[method]?.(params, call);
      send(res, lost.reply);
      return;
    }
    const custom = handlers.get(method);
    const reply =
      (custom && (await custom(params, call))) ?? (await defaults[method]?.(params, call));
    send(res, reply ?? { ok: true });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  let responseIds = 0;

  const callsTo = (method: string) => calls.filter((c) => c.method === method);
  return {
    apiUrl: `${origin}/api/`,
    origin,
    calls,
    callsTo,
    messages,
    limitProblems,
    on(method, handler) {
      handlers.set(method, handler);
    },
    landThenFail(method, times = 1, reply = { httpStatus: 500, body: { ok: false } }) {
      lostAnswers.set(method, { times, reply });
    },
    responseUrl(id = `r${++responseIds}`) {
      return `${origin}/response/${id}`;
    },
    async waitFor(method, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (callsTo(method).length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `fake Slack API: expected ${count} call(s) to ${method}, saw ${callsTo(method).length}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      return callsTo(method);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
