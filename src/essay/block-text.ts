/**
 * One block of an essay (a paragraph, list, quote, code block, table, or a run of loose inline
 * content) → a `Block` with plain text and Slack mrkdwn side by side. Both renderings walk the
 * same tree with the same rules, so a search hit in `text` always has its twin in `mrkdwn`.
 */
import type { AnyNode, Element } from "domhandler";
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { finishInline, SENTINELS } from "../mrkdwn/inline-marks.js";
import { BLOCKS, DROPPED, isElement, isText, textContent } from "./dom.js";
import { type RenderContext, renderInline } from "./inline-text.js";
import type { Block } from "./types.js";

interface BlockContext extends RenderContext {
  /** Inside a quote already: Slack has no nested quotes, so only the outer one adds "> ". */
  inQuote: boolean;
}

/** Renders `nodes` (one block element, or a run of inline nodes) both ways. */
export function renderBlock(nodes: readonly AnyNode[], baseUrl: string): Block {
  return {
    text: renderFlow(nodes, { mrkdwn: false, baseUrl, inQuote: false }),
    mrkdwn: renderFlow(nodes, { mrkdwn: true, baseUrl, inQuote: false }),
  };
}

/**
 * Mixed content: consecutive inline nodes form one paragraph, each block element renders on its
 * own lines. Parts are joined by single line breaks so a list item or quote stays one unit.
 */
function renderFlow(nodes: readonly AnyNode[], ctx: BlockContext): string {
  const parts: string[] = [];
  let run: AnyNode[] = [];
  for (const node of nodes) {
    if (isElement(node) && BLOCKS.has(node.name)) {
      flushRun(run, ctx, parts);
      run = [];
      parts.push(blockElement(node, ctx));
    } else if (isText(node) || (isElement(node) && !DROPPED.has(node.name))) {
      run.push(node);
    }
  }
  flushRun(run, ctx, parts);
  return parts.filter((part) => part !== "").join("\n");
}

/**
 * A run of inline nodes as one paragraph. A plain function, not a closure in renderFlow: this
 * runs for every block twice, and a named closure is made anew on each call.
 */
function flushRun(run: readonly AnyNode[], ctx: BlockContext, parts: string[]): void {
  if (run.length > 0) parts.push(finishInline(renderInline(run, ctx), ctx.mrkdwn));
}

function blockElement(el: Element, ctx: BlockContext): string {
  switch (el.name) {
    case "ul":
    case "ol":
      return list(el, ctx);
    case "blockquote":
      return quote(el, ctx);
    case "pre":
      return preformatted(el, ctx);
    case "table":
      return table(el, ctx);
    case "hr":
      return "";
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
      // A heading that does not start a section (h4–h6, or one inside a list or quote) reads
      // best as a bold line of its own.
      return finishInline(renderInline(el.children, ctx, "bold"), ctx.mrkdwn);
    default:
      return renderFlow(el.children, ctx);
  }
}

/**
 * "• item" and "1. item" lines (numbering honours `<ol start>`); an item's further lines and
 * nested lists are indented under it.
 */
function list(el: Element, ctx: BlockContext): string {
  const ordered = el.name === "ol";
  const start = Number.parseInt(el.attribs.start ?? "1", 10);
  const items = el.children.filter((c): c is Element => isElement(c) && c.name === "li");
  const lines: string[] = [];
  items.forEach((item, index) => {
    const body = renderFlow(item.children, ctx);
    if (!body) return;
    const marker = ordered ? `${(Number.isNaN(start) ? 1 : start) + index}. ` : "• ";
    const [first = "", ...rest] = body.split("\n");
    lines.push(marker + first, ...rest.map((line) => (line ? `    ${line}` : line)));
  });
  return lines.join("\n");
}

/** Text: the quoted lines as they are. Mrkdwn: each line behind "> ", Slack's quote marker. */
function quote(el: Element, ctx: BlockContext): string {
  const body = renderFlow(el.children, { ...ctx, inQuote: true });
  if (!ctx.mrkdwn || ctx.inQuote) return body;
  return body
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => `> ${line}`)
    .join("\n");
}

/** Code keeps its own whitespace; only blank lines at the edges go. Mrkdwn fences it. */
function preformatted(el: Element, ctx: BlockContext): string {
  const code = textContent(el)
    .replace(/^\s*\n|\s+$/g, "")
    .replace(SENTINELS, "");
  if (!code.trim()) return "";
  return ctx.mrkdwn ? `\`\`\`\n${escapeMrkdwn(code)}\n\`\`\`` : code;
}

/** One line per row, cells separated by " | ": enough to read and to search. */
function table(el: Element, ctx: BlockContext): string {
  const rows: string[] = [];
  const visit = (node: Element) => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.name === "tr") rows.push(row(child, ctx));
      else if (["thead", "tbody", "tfoot"].includes(child.name)) visit(child);
      else if (child.name === "caption") rows.push(renderFlow(child.children, ctx));
    }
  };
  visit(el);
  return rows.filter((line) => line !== "").join("\n");
}

function row(tr: Element, ctx: BlockContext): string {
  return tr.children
    .filter((c): c is Element => isElement(c) && (c.name === "td" || c.name === "th"))
    .map((cell) => renderFlow(cell.children, ctx).replace(/\n/g, " "))
    .filter((cell) => cell !== "")
    .join(" | ");
}
