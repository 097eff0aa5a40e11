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
  const inner = renderNodes(nodes, ctx, active);
  return mark ? wrap(mark, inner, ctx, NO_MARKS) : inner;
}

/** Shared rather than made per run of text: marks sets are only read, never changed. */
const NO_MARKS: Active = new Set();

/** An element whose children are being rendered (or, at the bottom, the run itself). */
interface Frame {
  /** The element's tag name ("" for the run itself) and the mark it adds, if any. */
  name: string;
  mark: Mark | undefined;
  nodes: readonly AnyNode[];
  /** Index of the next node in `nodes` to render. */
  next: number;
  /** The children rendered so far. */
  out: string;
  /** Marks open around the element. */
  outer: Active;
  /** Marks open inside it: `outer` plus its own. */
  active: Active;
}

/**
 * The nodes rendered one after another, descending into elements on an explicit stack of frames
 * rather than by recursion: a feed can nest inline tags deeper than the call stack (see dom.ts).
 * Strings are appended, not collected and joined: appending is cheap in V8 (it links the two
 * strings), while joining at every level would copy the deepest text once per level above it.
 */
function renderNodes(nodes: readonly AnyNode[], ctx: RenderContext, active: Active): string {
  const stack: Frame[] = [];
  let frame: Frame = { name: "", mark: undefined, nodes, next: 0, out: "", outer: active, active };
  for (;;) {
    const node = frame.nodes[frame.next++];
    if (node === undefined) {
      const parent = stack.pop();
      if (parent === undefined) return frame.out;
      parent.out += closeElement(frame, ctx);
      frame = parent;
      continue;
    }
    const leaf = leafNode(node, ctx, frame.active);
    if (leaf !== undefined) {
      frame.out += leaf;
    } else if (isElement(node)) {
      stack.push(frame);
      frame = enterElement(node, frame.active);
    }
  }
}

/** A node rendered whole, or undefined for an element whose children render in its place. */
function leafNode(node: AnyNode, ctx: RenderContext, active: Active): string | undefined {
  if (isText(node)) return leafText(node.data, ctx);
  if (!isElement(node) || DROPPED.has(node.name)) return "";
  const name = node.name;
  if (name === "br") return "\n";
  if (name === "a") return link(node, ctx);
  if (MARK_OF[name] === "code") return code(node, ctx, active);
  return undefined;
}

function enterElement(el: Element, outer: Active): Frame {
  const mark = MARK_OF[el.name];
  const active = mark ? new Set([...outer, mark]) : outer;
  return { name: el.name, mark, nodes: el.children, next: 0, out: "", outer, active };
}

/** An element's rendered children, set on lines of their own or wrapped in its mark. */
function closeElement(frame: Frame, ctx: RenderContext): string {
  // A block that ended up inside inline content (`<span><p>…</p></span>`) still gets its own line.
  if (BLOCKS.has(frame.name)) return `\n${frame.out}\n`;
  return frame.mark ? wrap(frame.mark, frame.out, ctx, frame.outer) : frame.out;
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
