/**
 * The shape a Slack payload must have before Bolt routes it. Bolt dereferences these fields while
 * deciding what a payload is (before any listener or error handler runs), so a payload without
 * them crashes the process or answers 500; with this check it is refused with one log line.
 * It checks only what Bolt and our listeners read, so every payload Slack really sends passes.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why `body` (an HTTP body or a Socket Mode envelope's payload) cannot be routed, or undefined. */
export function payloadProblem(body: unknown): string | undefined {
  if (!isObject(body)) return "the payload is not a JSON object";
  if (body.event !== undefined) return eventProblem(body);
  if (body.command !== undefined) {
    return typeof body.command === "string" ? undefined : "command is not a string";
  }
  if (isInteraction(body)) return interactionProblem(body);
  return undefined;
}

function eventProblem(body: Json): string | undefined {
  const { event, authorizations } = body;
  if (!isObject(event) || typeof event.type !== "string") return "event has no type";
  if (authorizations !== undefined && !isArrayOfObjects(authorizations)) {
    return "authorizations is not a list of objects";
  }
  // Bolt looks for a conversation and a user in these, with `in` or `.id`.
  for (const key of ["user", "channel", "item", "subteam"]) {
    if (key in event && typeof event[key] !== "string" && !isObject(event[key])) {
      return `event.${key} is neither a string nor an object`;
    }
  }
  if (event.type === "link_shared") {
    const { links } = event;
    if (!isArrayOfObjects(links) || !links.every((l) => typeof l.url === "string")) {
      return "link_shared has no list of links";
    }
  }
  return undefined;
}

const INTERACTIONS = new Set<unknown>([
  "block_suggestion",
  "dialog_submission",
  "shortcut",
  "message_action",
  "view_submission",
  "view_closed",
]);

/** Actions, options, shortcuts and view submissions, as Bolt tells them apart. */
function isInteraction(body: Json): boolean {
  return body.actions !== undefined || body.name !== undefined || INTERACTIONS.has(body.type);
}

function interactionProblem(body: Json): string | undefined {
  if (!isObject(body.user) || typeof body.user.id !== "string") return "user.id is missing";
  if (body.channel !== undefined && !isObject(body.channel)) return "channel is not an object";
  if (body.actions !== undefined) {
    if (!isArrayOfObjects(body.actions) || body.actions.length === 0) {
      return "actions is not a list of objects";
    }
  }
  const isView = body.type === "view_submission" || body.type === "view_closed";
  if (isView && !isObject(body.view)) return "view is not an object";
  return undefined;
}

function isArrayOfObjects(value: unknown): value is Json[] {
  return Array.isArray(value) && value.every(isObject);
}
