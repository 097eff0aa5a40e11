/**
 * What each HTML element means to the splitter and renderers. Works on domhandler nodes (what
 * cheerio parses into) directly: walking plain objects is several times faster than going through
 * cheerio wrappers, and every essay is walked twice (text and mrkdwn).
 */
import type { AnyNode, Element, Text } from "domhandler";

/** Never shown, never indexed: code, embeds, media, form controls, and images (no text to show). */
export const DROPPED: ReadonlySet<string> = new Set([
  "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
  "video", "audio", "source", "track", "picture", "img", "map", "button", "input", "select",
  "textarea", "form", "head", "meta", "link", "title",
]); // biome-ignore format: one tag per line would hide the list's shape

/** Headings that can start a section. h4–h6 are too fine-grained: they stay inside a section. */
export const SECTION_HEADINGS: ReadonlySet<string> = new Set(["h1", "h2", "h3"]);

/**
 * Wrappers that only group other blocks. When one holds blocks or headings we look through it,
 * so `<div class="wrapper"><h2>…</h2><p>…</p></div>` splits like the bare tags would.
 */
export const CONTAINERS: ReadonlySet<string> = new Set([
  "html", "body", "div", "section", "article", "main", "header", "footer", "aside", "nav",
  "center", "figure", "details", "hgroup", "fieldset",
]); // biome-ignore format: one tag per line would hide the list's shape

/** Elements that break the flow of inline text into separate lines / blocks. */
export const BLOCKS: ReadonlySet<string> = new Set([
  ...CONTAINERS, "p", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead",
  "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
  "figcaption", "summary", "address",
]); // biome-ignore format: one tag per line would hide the list's shape

export function isElement(node: AnyNode): node is Element {
  return node.type === "tag" || node.type === "script" || node.type === "style";
}

export function isText(node: AnyNode): node is Text {
  return node.type === "text";
}

/** True when an element directly holds a block-level element or a heading. */
export function hasBlockChild(el: Element): boolean {
  return el.children.some((child) => isElement(child) && BLOCKS.has(child.name));
}

/*
 * Every walker over the parsed DOM in this folder keeps its own stack instead of recursing: a feed
 * can nest tags arbitrarily deep, and recursion overflowed the call stack at a couple of thousand
 * levels (2,000 unclosed <span>s were enough), so the whole essay failed to split.
 */

/** Concatenated text of a subtree, skipping dropped elements (scripts, styles, images…). */
export function textContent(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!isElement(node) || DROPPED.has(node.name)) return "";
  let out = "";
  const stack: AnyNode[] = [];
  pushChildren(stack, node);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (isText(next)) out += next.data;
    else if (isElement(next) && !DROPPED.has(next.name)) pushChildren(stack, next);
  }
  return out;
}

/** Depth-first search for the first descendant element matching `test`. */
export function findDescendant(el: Element, test: (e: Element) => boolean): Element | undefined {
  const stack: AnyNode[] = [];
  pushChildren(stack, el);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (!isElement(next)) continue;
    if (test(next)) return next;
    pushChildren(stack, next);
  }
  return undefined;
}

/**
 * Pushes an element's children last first, so popping the stack visits them in document order.
 * A loop, not `push(...children)`: spreading a huge child list would overflow the call stack too.
 */
export function pushChildren(stack: AnyNode[], el: Element): void {
  const { children } = el;
  for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AnyNode);
}

/** Collapses every run of whitespace (NBSP included) to one space and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
