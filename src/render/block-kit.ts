/**
 * Block Kit types and the few element constructors every builder shares. Types come from Bolt
 * (type-only: the core must not load @slack/* at runtime); the constructors keep each builder
 * from restating Slack's object shapes and make the plain_text / mrkdwn choice in one place.
 */
import type { types } from "@slack/bolt";
import { truncateMrkdwn, truncatePlain } from "./truncate.js";

export type KnownBlock = types.KnownBlock;
export type Button = types.Button;
export type ContextBlock = types.ContextBlock;
export type SectionBlock = types.SectionBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** What every message builder returns: `text` is the notification fallback, already escaped. */
export interface RenderedMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's limits, shared by the builders and by checkBlockKitLimits. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  textObject: 3000,
  /** Slack rejects longer messages (msg_too_long); a far lower total keeps replies readable. */
  totalText: 12000,
  /** A modal or the Home tab (views.open, views.update, views.publish). */
  viewBlocks: 100,
  /** A modal's title, submit and close texts. */
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
  placeholder: 150,
} as const;

/** A section of mrkdwn, cut to fit (callers pass escaped mrkdwn). */
export function section(mrkdwn: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = {
    type: "section",
    text: { type: "mrkdwn", text: truncateMrkdwn(mrkdwn, LIMITS.sectionText) || "—" },
  };
  if (accessory) block.accessory = accessory;
  return block;
}

/** A context line; empty parts are dropped so the line never shows stray separators. */
export function context(...mrkdwnParts: string[]): ContextBlock {
  const text = mrkdwnParts.filter((p) => p.trim() !== "").join(" · ");
  return {
    type: "context",
    // Slack rejects an empty text object, so an all-empty line still carries a dash.
    elements: [{ type: "mrkdwn", text: truncateMrkdwn(text, LIMITS.textObject) || "—" }],
  };
}

export function divider(): KnownBlock {
  return { type: "divider" };
}

/** A button that posts back to the app (`actionId` is unique within the message). */
export function actionButton(
  label: string,
  actionId: string,
  value: string,
  style?: "primary",
): Button {
  const button: Button = {
    type: "button",
    text: { type: "plain_text", text: buttonLabel(label), emoji: true },
    action_id: actionId,
    value,
  };
  if (style) button.style = style;
  return button;
}

/**
 * A button that opens a page. Slack still sends the click to the app, so it carries an action_id
 * the app acknowledges (see ACTION_IDS.open).
 */
export function urlButton(label: string, url: string, actionId: string): Button {
  return {
    type: "button",
    text: { type: "plain_text", text: buttonLabel(label), emoji: true },
    action_id: actionId,
    url,
  };
}

/** A modal title (or submit/close text): Slack allows 24 characters there. */
export function viewTitle(text: string): { type: "plain_text"; text: string; emoji: true } {
  return {
    type: "plain_text",
    text: truncatePlain(text, LIMITS.viewTitle) || "essay-bot",
    emoji: true,
  };
}

function buttonLabel(label: string): string {
  return truncatePlain(label.replace(/\s+/g, " ").trim(), LIMITS.buttonText) || "Open";
}
