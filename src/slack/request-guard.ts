/**
 * The checks every POST to /slack/events passes before Bolt sees it: a body no bigger than Slack
 * sends (413, read no further), a signature made within five minutes of now in either direction
 * (401; Bolt refuses only old ones, so a request signed for tomorrow could be replayed all day),
 * and a payload Bolt can route (400; Bolt crashes the process on `null` and answers 500 to an
 * action without a user). What passes is handed to Bolt already read, as `rawBody`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import type { Logger } from "../logger.js";
import { payloadProblem } from "./payload-check.js";

/**
 * The largest body accepted, in bytes. Slack documents no request size, so this is sized from the
 * largest thing it sends us: a message shortcut carries the whole message, whose text Slack cuts
 * at 40,000 characters, and again as rich_text blocks; form-encoded, a CJK character takes 9
 * bytes, so about 720 KB at worst. Commands, button clicks and link_shared events are a few KB.
 * 1 MiB leaves room for that and is a quarter of Bolt's 4 MB default, read unsigned.
 */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** Slack's replay window: a request signed more than this far from now, either way, is refused. */
export const MAX_CLOCK_SKEW_S = 5 * 60;

export interface RequestGuardOptions {
  signingSecret: string;
  /** The path Bolt receives Slack's requests on; other paths pass straight through. */
  path: string;
  log: Logger;
  maxBytes?: number;
  /** Milliseconds since the epoch; tests may pass a fixed clock. */
  now?: () => number;
}

type Refusal = { status: 400 | 401 | 413; reason: string };

/** Wraps Bolt's request listener with the checks above. */
export function guardSlackRequests(next: RequestListener, opts: RequestGuardOptions) {
  const maxBytes = opts.maxBytes ?? SLACK_BODY_LIMIT;
  const now = opts.now ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = pathOf(req);
    if (req.method?.toUpperCase() !== "POST" || path !== opts.path) {
      next(req, res);
      return;
    }
    void (async () => {
      try {
        const body = await readBody(req, maxBytes);
        if (body === undefined) return; // the client went away mid-body
        if (!Buffer.isBuffer(body)) return refuse(req, res, body);
        const refusal = check(req, body, opts.signingSecret, now());
        if (refusal) return refuse(req, res, refusal);
        // Bolt reads the body from here instead of the (already consumed) stream.
        Object.assign(req, { rawBody: body });
        next(req, res);
      } catch (error) {
        opts.log.error({ err: error, path }, "a Slack request could not be handled");
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    })();

    function refuse(request: IncomingMessage, response: ServerResponse, refusal: Refusal) {
      opts.log.warn(
        { status: refusal.status, reason: refusal.reason },
        refusal.status === 400
          ? "refused a malformed Slack request"
          : "refused a request to /slack/events",
      );
      // An unread body is left unread: the connection closes with the answer.
      const close = !request.readableEnded;
      response.writeHead(refusal.status, close ? { connection: "close" } : {});
      response.end();
      if (close) response.once("finish", () => request.destroy());
    }
  };
}

/** The path exactly as Bolt's router reads it, so no spelling of the URL can route around us. */
function pathOf(req: IncomingMessage): string | undefined {
  try {
    return new URL(req.url ?? "", "http://localhost").pathname;
  } catch {
    return undefined; // Bolt's router cannot read it either, and answers it itself.
  }
}

/**
 * The body, a 413 refusal as soon as it is known to be too big (announced or counted), or
 * undefined when the client went away first. Events rather than `for await`, which would destroy
 * the socket on an early return and leave no way to answer 413.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | Refusal | undefined> {
  const tooBig = { status: 413, reason: `the body is larger than ${maxBytes} bytes` } as const;
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooBig);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (result: Buffer | Refusal | undefined) => {
      req.off("data", onData).off("end", onEnd).off("error", onGone).off("close", onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) chunks.push(chunk);
      else {
        req.pause();
        settle(tooBig);
      }
    };
    const onEnd = () => settle(Buffer.concat(chunks, total));
    const onGone = () => settle(undefined);
    req.on("data", onData).on("end", onEnd).on("error", onGone).on("close", onGone);
  });
}

function check(req: IncomingMessage, raw: Buffer, secret: string, nowMs: number) {
  const text = raw.toString("utf8");
  const form = req.headers["content-type"] === "application/x-www-form-urlencoded";
  // Slack's unsigned SSL check: Bolt answers it (and drops anything smuggled in with it).
  if (form && parseQuery(text).ssl_check === "1") return undefined;
  return signatureRefusal(req, text, secret, nowMs) ?? shapeRefusal(text, form);
}

function signatureRefusal(req: IncomingMessage, body: string, secret: string, nowMs: number) {
  const signature = req.headers["x-slack-signature"];
  const timestamp = req.headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof timestamp !== "string" || !/^\d+$/.test(timestamp)) {
    return { status: 401, reason: "the request is not signed" } as const;
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S) {
    return { status: 401, reason: "the timestamp is more than five minutes from now" } as const;
  }
  const expected = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return {
      status: 401,
      reason: "the signature does not match (if Slack sent it, check SLACK_SIGNING_SECRET)",
    } as const;
  }
  return undefined;
}

/** Parses the body as Bolt will (a form's `payload` field is JSON) and checks its shape. */
function shapeRefusal(text: string, form: boolean): Refusal | undefined {
  let body: unknown;
  try {
    if (form) {
      const fields = parseQuery(text);
      const repeated = Object.keys(fields).find((key) => Array.isArray(fields[key]));
      if (repeated) return { status: 400, reason: `the form repeats "${repeated}"` };
      body = typeof fields.payload === "string" ? JSON.parse(fields.payload) : fields;
    } else {
      body = JSON.parse(text);
    }
  } catch {
    return { status: 400, reason: "the body is not valid JSON" };
  }
  const problem = payloadProblem(body);
  return problem ? { status: 400, reason: problem } : undefined;
}
