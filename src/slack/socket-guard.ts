/**
 * Socket Mode's counterpart of request-guard.ts. @slack/socket-mode reads
 * `frame.payload.event.type` in an async handler nobody awaits, so a frame such as
 * `{"type":"events_api","payload":null}` rejects a promise and ends the process. Frames are
 * checked first; a malformed one is acked (so Slack does not send it again) and dropped.
 */
import type { SocketModeClient } from "@slack/socket-mode";
import type { Logger } from "../logger.js";
import { payloadProblem } from "./payload-check.js";

type Acker = { send(envelopeId: string): Promise<void> };
type FrameListener = (data: unknown, isBinary: boolean) => unknown;

/** Frames that carry no payload: the client handles them itself. */
const CONTROL_FRAMES = new Set(["hello", "disconnect"]);

/** Puts the check in front of the client's own "ws_message" handler. */
export function guardSocketFrames(client: SocketModeClient, log: Logger): void {
  const handlers = client.listeners("ws_message") as FrameListener[];
  client.removeAllListeners("ws_message");
  client.on("ws_message", (data: unknown, isBinary: boolean) => {
    const frame = isBinary ? undefined : parse(data);
    const problem = frame === undefined ? undefined : frameProblem(frame);
    if (problem) {
      const envelopeId = (frame as { envelope_id?: unknown } | null)?.envelope_id;
      log.warn({ reason: problem, envelopeId }, "dropped a malformed Socket Mode frame");
      if (typeof envelopeId === "string") {
        // send() is what the client's own ack() calls; its typings mark it private.
        (client as unknown as Acker).send(envelopeId).catch((err: unknown) => {
          log.warn({ err, envelopeId }, "could not ack a malformed Socket Mode frame");
        });
      }
      return;
    }
    for (const handler of handlers) {
      // Whatever still goes wrong in there is logged here, not left as an unhandled rejection.
      Promise.resolve()
        .then(() => handler.call(client, data, isBinary))
        .catch((err: unknown) => log.error({ err }, "a Socket Mode frame could not be handled"));
    }
  });
}

/** The parsed frame, or undefined when it is not JSON (the client ignores those itself). */
function parse(data: unknown): unknown {
  try {
    const text = typeof data === "string" ? data : new TextDecoder().decode(data as Uint8Array);
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function frameProblem(frame: unknown): string | undefined {
  if (typeof frame !== "object" || frame === null || Array.isArray(frame)) {
    return "the frame is not a JSON object";
  }
  const { type, payload } = frame as { type?: unknown; payload?: unknown };
  if (typeof type !== "string") return "the frame has no type";
  if (CONTROL_FRAMES.has(type)) return undefined;
  if (type === "events_api" && (payload as { event?: unknown } | null)?.event === undefined) {
    return "an events_api frame without an event";
  }
  const problem = payloadProblem(payload);
  return problem ? `payload: ${problem}` : undefined;
}
