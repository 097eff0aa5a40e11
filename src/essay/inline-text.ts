/**
 * Inline HTML (text, emphasis, links, code) → one string, as plain text or as Slack mrkdwn with
 * sentinel marks that mrkdwn/inline-marks.ts turns into markers. Every piece of feed text is escaped
 * here, at the leaf where it enters the output, so nothing unescaped can slip through later.
 */
import type { AnyNode, Element } from "domhandler";
import { escapeMrkdwn, mrkdwnLink } from "../mrkdwn/escape.js";
import { CLOSE, HAS_SENTINEL, type Mark, OPEN, SENTINELS } from "../mrkdwn/inline-marks.js";
import { BLOCKS, DROPPED, isElement, isText, normalizeSpace, textContent } from "./dom.js";

export interface RenderContext {
  mrkdwn: boolean;
  /** The essay's URL: relative links ("/t/career", "#anchor") resolve against it. */
  baseUrl: string;
}

/** Marks already open around the current node: nested `<b><b>` must not print `**`. */
type Active = ReadonlySet<Mark>;

const MARK_OF: Record<string, Mark> = {
  strong: "bold",
  b: "bold",
  em: "italic",
  i: "italic",
  cite: "italic",
  s: "strike",
  strike: "strike",
  del: "strike",
  code: "code",
  kbd: "code",
  samp: "code",
  tt: "code",
};

/**
 * Renders a run of inline nodes, all inside `mark` when given (a heading shown as a bold line).
 * Whitespace is collapsed per text node here and per line by `finishInline`.
 */
export function renderInline(nodes: readonly AnyNode[], ctx: RenderContext, mark?: Mark): string {
  const active: Active = mark ? new Set([mark]) : NO_MARKS;
  const inner = nodes.map((node) => inlineNode(node, ctx, active)).join("");
  return mark ? wrap(mark, inner, ctx, NO_MARKS) : inner;
}

/** Shared rather than made per run of text: marks sets are only read, never changed. */
const NO_MARKS: Active = new Set();

function inlineNode(node: AnyNode, ctx: RenderContext, active: Active): string {
  if (isText(node)) return leafText(node.data, ctx);
  if (!isElement(node) || DROPPED.has(node.name)) return "";
  const name = node.name;
  if (name === "br") return "\n";
  if (name === "a") return link(node, ctx);
  const mark = MARK_OF[name];
  if (mark === "code") return code(node, ctx, active);
  const inner = children(node, ctx, mark ? new Set([...active, mark]) : active);
  // A block that ended up inside inline content (`<span><p>…</p></span>`) still gets its own line.
  if (BLOCKS.has(name)) return `\n${inner}\n`;
  return mark ? wrap(mark, inner, ctx, active) : inner;
}

function children(el: Element, ctx: RenderContext, active: Active): string {
  return el.children.map((child) => inlineNode(child, ctx, active)).join("");
}

/**
 * Plain feed text: whitespace collapsed (line breaks come only from `<br>`), then escaped. Every
 * text node of every essay passes here twice, so each rewrite runs only when it would change
 * something.
 */
function leafText(data: string, ctx: RenderContext): string {
  const clean = HAS_SENTINEL.test(data) ? data.replace(SENTINELS, "") : data;
  const text = clean.replace(LOOSE_SPACE, " ");
  return ctx.mrkdwn && HAS_SPECIAL.test(text) ? escapeMrkdwn(text) : text;
}

/**
 * Whitespace that is not already a lone space: a line break, tab or NBSP (with what follows it),
 * or a space followed by more. Lone spaces never match, so ordinary text is returned untouched
 * instead of being rebuilt space by space.
 */
export const LOOSE_SPACE = /[^\S ]\s*| \s+/g;
const HAS_SPECIAL = /[&<>]/;

function wrap(mark: Mark, inner: string, ctx: RenderContext, active: Active): string {
  if (!ctx.mrkdwn || active.has(mark)) return inner;
  return OPEN[mark] + inner + CLOSE[mark];
}

/** Inline code: its text verbatim (no emphasis inside), as one unbreakable span. */
function code(el: Element, ctx: RenderContext, active: Active): string {
  const text = textContent(el).replace(SENTINELS, "").replace(LOOSE_SPACE, " ");
  if (!ctx.mrkdwn) return text;
  return wrap("code", escapeMrkdwn(text), ctx, active);
}

/**
 * A link keeps its text; in mrkdwn it becomes `<url|text>` when the target is a web or mail
 * address. The label is plain text: Slack does not format inside link labels. A link with no
 * text (an image link, an empty anchor) shows nothing.
 */
function link(el: Element, ctx: RenderContext): string {
  const label = normalizeSpace(textContent(el).replace(SENTINELS, ""));
  if (!label) return "";
  if (!ctx.mrkdwn) return label;
  const url = resolveUrl(el.attribs.href ?? "", ctx.baseUrl);
  return url ? mrkdwnLink(url, label) : escapeMrkdwn(label);
}

const LINKABLE = new Set(["http:", "https:", "mailto:"]);

/** Absolute http(s)/mailto URL for an href, or undefined (javascript:, data:, unresolvable). */
export function resolveUrl(href: string, baseUrl: string): string | undefined {
  const trimmed = href.trim();
  if (!trimmed) return undefined;
  try {
    const url = baseUrl ? new URL(trimmed, baseUrl) : new URL(trimmed);
    return LINKABLE.has(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
