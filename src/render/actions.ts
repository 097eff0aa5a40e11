/**
 * The buttons' contract with the Slack listeners: action_ids and the JSON in each button's value.
 * A value comes back from Slack as untrusted text (an old message, a crafted payload), so every
 * decoder validates and answers undefined instead of throwing.
 */
import { LIMITS } from "./block-kit.js";

export const ACTION_IDS = {
  next: "essay_next",
  prev: "essay_prev",
  share: "essay_share",
  suggest: "essay_suggest",
  /** URL buttons ("Read essay"): Slack still posts the click, and the app only has to ack it. */
  open: "essay_open",
  /** The search modal's own paging and suggestions: they update the modal, not a message. */
  modalNext: "essay_search_next",
  modalPrev: "essay_search_prev",
  modalSuggest: "essay_search_suggest",
  /** App Home: open the search modal; stop the person's alerts. */
  homeSearch: "essay_home_search",
  removeAlert: "essay_alert_remove",
  /** The related-message modal: post a passage in the message's thread. */
  relatedPost: "essay_related_post",
} as const;

export type ActionKind = keyof typeof ACTION_IDS;

/** A kind's bare id, or the same id with a repeat suffix: `essay_share`, `essay_share:1`. */
const idPattern = (ids: string) => new RegExp(`^(${ids})(?::\\d+)?$`);

/**
 * A message can hold several buttons of one kind (a Share per hit, a suggestion per word) and
 * action_ids must be unique within it, so repeats get a suffix: `essay_share:1`. These patterns
 * accept both forms.
 */
export const ACTION_PATTERNS = Object.fromEntries(
  Object.entries(ACTION_IDS).map(([kind, id]) => [kind, idPattern(id)]),
) as Record<ActionKind, RegExp>;

/** Any of our buttons, whatever its kind: the one constraint the app registers. */
export const ANY_ACTION = idPattern(Object.values(ACTION_IDS).join("|"));

const KIND_BY_ID = new Map(
  (Object.entries(ACTION_IDS) as [ActionKind, string][]).map(([kind, id]) => [id, kind]),
);

/** Which kind of button an action_id belongs to (`essay_share:2` → "share"), or undefined. */
export function actionKind(id: string): ActionKind | undefined {
  const bare = ANY_ACTION.exec(id)?.[1];
  return bare === undefined ? undefined : KIND_BY_ID.get(bare);
}

/** The action_id of the n-th button of a kind in one message (the first keeps the bare id). */
export function actionId(kind: ActionKind, n = 0): string {
  return n === 0 ? ACTION_IDS[kind] : `${ACTION_IDS[kind]}:${n}`;
}

/** A query re-run from a button: enough to find the same hits, small enough for any value. */
const MAX_VALUE_QUERY = 500;
/** Section ids are `essay id#anchor`; anything longer is not ours. */
const MAX_SECTION_ID = 1000;

export interface PageValue {
  query: string;
  offset: number;
}

export interface ShareValue {
  query: string;
  sectionId: string;
}

export function encodePage(value: PageValue): string {
  const offset = Math.max(0, Math.floor(value.offset) || 0);
  return fitQuery(value.query, (q) => ({ q, o: offset })) ?? JSON.stringify({ q: "", o: offset });
}

export function decodePage(raw: unknown): PageValue | undefined {
  const v = parse(raw);
  if (!v || typeof v.q !== "string" || typeof v.o !== "number") return undefined;
  if (!Number.isSafeInteger(v.o) || v.o < 0) return undefined;
  return { query: v.q, offset: v.o };
}

/** undefined when the section id is too long to fit: the caller leaves the button out. */
export function encodeShare(value: ShareValue): string | undefined {
  if (value.sectionId === "" || value.sectionId.length > MAX_SECTION_ID) return undefined;
  return fitQuery(value.query, (q) => ({ q, s: value.sectionId }));
}

export function decodeShare(raw: unknown): ShareValue | undefined {
  const v = parse(raw);
  if (!v || typeof v.q !== "string" || typeof v.s !== "string" || v.s === "") return undefined;
  return { query: v.q, sectionId: v.s };
}

export function encodeSuggest(query: string): string {
  return fitQuery(query, (q) => ({ q })) ?? JSON.stringify({ q: "" });
}

export function decodeSuggest(raw: unknown): string | undefined {
  const v = parse(raw);
  return v && typeof v.q === "string" && v.q.trim() !== "" ? v.q : undefined;
}

/**
 * JSON for a value with the query cut (by code point, so no half emoji) to MAX_VALUE_QUERY and
 * further until the encoded value fits Slack's limit: JSON escaping can multiply a query's length.
 */
function fitQuery(query: string, shape: (q: string) => object): string | undefined {
  let points = Array.from(query.trim()).slice(0, MAX_VALUE_QUERY);
  for (;;) {
    const json = JSON.stringify(shape(points.join("")));
    if (json.length <= LIMITS.buttonValue) return json;
    if (points.length === 0) return undefined;
    points = points.slice(0, Math.floor(points.length / 2));
  }
}

/** A JSON object from a button value, or undefined for anything else. */
function parse(raw: unknown): Record<string, unknown> | undefined {
  if (typeof raw !== "string" || raw.length > LIMITS.buttonValue) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
