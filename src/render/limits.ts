/**
 * Slack rejects a whole message (invalid_blocks, msg_too_long) when one field breaks a limit, and
 * the user just sees nothing. This checks a message or a view against the limits we can break, so tests
 * (and the fake Slack API) catch it first. Works on plain JSON: payloads are checked as sent.
 */
import { LIMITS } from "./block-kit.js";

type Json = Record<string, unknown>;

export function checkBlockKitLimits(message: { text?: string; blocks?: unknown[] }): string[] {
  const problems: string[] = [];
  const state: State = { problems, actionIds: new Set(), blockIds: new Set(), textChars: 0 };
  const blocks = message.blocks ?? [];
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  if (typeof message.text === "string") state.textChars += message.text.length;
  if (!message.text && blocks.length === 0) problems.push("message has neither text nor blocks");
  if (blocks.length > LIMITS.blocks) {
    problems.push(`message has ${blocks.length} blocks; Slack allows ${LIMITS.blocks}`);
  }
  blocks.forEach((block, i) => {
    checkBlock(block, `block ${i + 1}`, state);
  });
  if (state.textChars > LIMITS.totalText) {
    problems.push(
      `message text totals ${state.textChars} characters; keep it under ${LIMITS.totalText}`,
    );
  }
  return problems;
}

/**
 * The same for a view (views.open, views.update, views.publish, a response_action update):
 * 100 blocks instead of 50, a modal's 24-character title, submit and close, and no message total.
 */
export function checkViewLimits(view: unknown): string[] {
  if (!isObject(view)) return ["view is not an object"];
  const problems: string[] = [];
  const state: State = { problems, actionIds: new Set(), blockIds: new Set(), textChars: 0 };
  if (view.type !== "modal" && view.type !== "home") {
    return [`view type ${String(view.type)}; use modal or home`];
  }
  const blocks = view.blocks ?? [];
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  if (blocks.length > LIMITS.viewBlocks) {
    problems.push(`view has ${blocks.length} blocks; Slack allows ${LIMITS.viewBlocks}`);
  }
  if (view.type === "modal") {
    if (view.title === undefined) problems.push("modal has no title");
    for (const key of ["title", "submit", "close"] as const) {
      if (view[key] !== undefined) {
        checkText(view[key], `modal ${key}`, LIMITS.viewTitle, state, "plain_text");
      }
    }
    const hasInput = blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) {
      problems.push("modal has an input block but no submit button");
    }
  }
  if (view.private_metadata !== undefined) {
    const length = String(view.private_metadata).length;
    max(state, "view private_metadata", length, LIMITS.privateMetadata);
  }
  if (view.callback_id !== undefined) {
    max(state, "view callback_id", String(view.callback_id).length, LIMITS.callbackId);
  }
  blocks.forEach((block, i) => {
    checkBlock(block, `block ${i + 1}`, state);
  });
  return problems;
}

interface State {
  problems: string[];
  actionIds: Set<string>;
  blockIds: Set<string>;
  textChars: number;
}

function checkBlock(raw: unknown, at: string, state: State): void {
  if (!isObject(raw) || typeof raw.type !== "string") {
    state.problems.push(`${at} is not a block object with a type`);
    return;
  }
  const where = `${at} (${raw.type})`;
  if (raw.block_id !== undefined) {
    const id = String(raw.block_id);
    max(state, `${where} block_id`, id.length, LIMITS.blockId);
    if (state.blockIds.has(id)) state.problems.push(`${where} repeats block_id "${id}"`);
    state.blockIds.add(id);
  }
  if (raw.type === "section") checkSection(raw, where, state);
  else if (raw.type === "header") {
    if (!isObject(raw.text)) state.problems.push(`${where} has no text`);
    else checkText(raw.text, `${where} text`, LIMITS.headerText, state, "plain_text");
  } else if (raw.type === "context") checkElements(raw, where, LIMITS.contextElements, state);
  else if (raw.type === "actions") checkElements(raw, where, LIMITS.actionsElements, state);
  else if (raw.type === "input") checkInput(raw, where, state);
}

function checkInput(block: Json, where: string, state: State): void {
  checkText(block.label, `${where} label`, LIMITS.inputLabel, state, "plain_text");
  if (block.hint !== undefined) {
    checkText(block.hint, `${where} hint`, LIMITS.inputLabel, state, "plain_text");
  }
  if (!isObject(block.element)) {
    state.problems.push(`${where} has no element`);
    return;
  }
  const { placeholder } = block.element;
  if (placeholder !== undefined) {
    checkText(placeholder, `${where} element placeholder`, LIMITS.placeholder, state, "plain_text");
  }
  checkElement(block.element, `${where} element`, state);
}

function checkSection(block: Json, where: string, state: State): void {
  if (block.text === undefined && block.fields === undefined) {
    state.problems.push(`${where} needs text or fields`);
  }
  if (block.text !== undefined) checkText(block.text, `${where} text`, LIMITS.sectionText, state);
  if (block.fields !== undefined) {
    const fields = Array.isArray(block.fields) ? block.fields : [];
    max(state, `${where} fields`, fields.length, LIMITS.sectionFields, "items");
    fields.forEach((f, i) => {
      checkText(f, `${where} field ${i + 1}`, LIMITS.sectionField, state);
    });
  }
  if (block.accessory !== undefined) checkElement(block.accessory, `${where} accessory`, state);
}

function checkElements(block: Json, where: string, limit: number, state: State): void {
  const elements = Array.isArray(block.elements) ? block.elements : [];
  if (elements.length === 0) state.problems.push(`${where} has no elements`);
  max(state, `${where} elements`, elements.length, limit, "items");
  elements.forEach((e, i) => {
    const at = `${where} element ${i + 1}`;
    if (
      block.type === "context" &&
      isObject(e) &&
      (e.type === "mrkdwn" || e.type === "plain_text")
    ) {
      checkText(e, at, LIMITS.textObject, state);
    } else checkElement(e, at, state);
  });
}

function checkElement(raw: unknown, at: string, state: State): void {
  if (!isObject(raw)) {
    state.problems.push(`${at} is not an object`);
    return;
  }
  if (raw.action_id !== undefined) {
    const id = String(raw.action_id);
    max(state, `${at} action_id`, id.length, LIMITS.actionId);
    if (state.actionIds.has(id)) state.problems.push(`${at} repeats action_id "${id}"`);
    state.actionIds.add(id);
  }
  if (raw.type !== "button") return;
  if (!isObject(raw.text)) state.problems.push(`${at} (button) has no text`);
  else checkText(raw.text, `${at} (button) text`, LIMITS.buttonText, state, "plain_text");
  if (raw.value !== undefined) {
    max(state, `${at} (button) value`, String(raw.value).length, LIMITS.buttonValue);
  }
  if (raw.url !== undefined) {
    max(state, `${at} (button) url`, String(raw.url).length, LIMITS.buttonUrl);
  }
}

/** A text object: right type, not empty (Slack rejects ""), within `limit`; counts its length. */
function checkText(
  raw: unknown,
  at: string,
  limit: number,
  state: State,
  required?: "plain_text",
): void {
  if (!isObject(raw) || typeof raw.text !== "string") {
    state.problems.push(`${at} is not a text object`);
    return;
  }
  if (required && raw.type !== required) {
    state.problems.push(`${at} must be ${required}, not ${String(raw.type)}`);
  } else if (raw.type !== "plain_text" && raw.type !== "mrkdwn") {
    state.problems.push(`${at} has type ${String(raw.type)}; use plain_text or mrkdwn`);
  }
  if (raw.text.trim() === "") state.problems.push(`${at} is empty; Slack rejects empty text`);
  max(state, at, raw.text.length, limit);
  state.textChars += raw.text.length;
}

function max(state: State, at: string, actual: number, limit: number, unit = "characters"): void {
  if (actual > limit) state.problems.push(`${at} has ${actual} ${unit}; Slack allows ${limit}`);
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
