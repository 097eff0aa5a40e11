/**
 * One block of an essay (a paragraph, list, quote, code block, table, or a run of loose inline
 * content) → a `Block` with plain text and Slack mrkdwn side by side. Both renderings walk the
 * same tree with the same rules, so a search hit in `text` always has its twin in `mrkdwn`.
 */
import type { AnyNode, Element } from "domhandler";
import { escapeMrkdwn } from "../mrkdwn/escape.js";
import { finishInline, SENTINELS } from "../mrkdwn/inline-marks.js";
import { BLOCKS, DROPPED, isElement, isText, pushChildren, textContent } from "./dom.js";
import { type RenderContext, renderInline } from "./inline-text.js";
import type { Block } from "./types.js";

interface BlockContext extends RenderContext {
  /** Inside a quote already: Slack has no nested quotes, so only the outer one adds "> ". */
  inQuote: boolean;
  /** How many lists and how many tables enclose this content (see MAX_NESTING). */
  lists: number;
  tables: number;
}

/**
 * Lists and tables rewrite every line inside them: a list indents its items' further lines, a
 * table folds each cell onto one line. Nested ever deeper, that work (and a list's indentation)
 * grows with the square of the depth. No essay nests lists or tables this deep; a broken or
 * hostile feed can, so past this depth a list stops indenting (its items are still marked) and a
 * table reads like any other wrapper, its cells on lines of their own, which the enclosing
 * table's cell then folds onto one line.
 */
const MAX_NESTING = 8;

/** Renders `nodes` (one block element, or a run of inline nodes) both ways. */
export function renderBlock(nodes: readonly AnyNode[], baseUrl: string): Block {
  const text: BlockContext = { mrkdwn: false, baseUrl, inQuote: false, lists: 0, tables: 0 };
  return {
    text: renderFlow(nodes, text),
    mrkdwn: renderFlow(nodes, { ...text, mrkdwn: true }),
  };
}

/**
 * Mixed content being rendered: consecutive inline nodes form one paragraph, each block element
 * renders on its own lines. Parts are joined by single line breaks so a list item or quote stays
 * one unit.
 */
interface Flow {
  kind: "flow";
  nodes: readonly AnyNode[];
  /** Index of the next node in `nodes` to render. */
  next: number;
  ctx: BlockContext;
  /** Inline nodes waiting to be rendered together as one paragraph (none: undefined). */
  run: AnyNode[] | undefined;
  /** The non-empty parts so far, joined by line breaks. */
  out: string;
  /** What becomes of the text at the end (a quote's "> " markers), if anything. */
  finish: ((text: string) => string) | undefined;
}

/**
 * A list or table waiting for the flows inside it (its items' content, its cells') to render,
 * one after the other, before `finish` makes its text out of theirs.
 */
interface Nested {
  kind: "nested";
  /** The elements whose content flows, one flow each. */
  flows: readonly Element[];
  /** The context its flows render in. */
  ctx: BlockContext;
  done: string[];
  finish: (done: readonly string[]) => string;
}

/**
 * Flows and the block elements in them nest, each inside the other, as deep as the HTML does. The
 * nesting is kept on an explicit stack, not in recursive calls: a feed can nest tags deeper than
 * the call stack (see dom.ts). When a flow ends, its text goes to the frame under it: as one more
 * part of the flow it sits in, or as the next text a list or table was waiting for.
 *
 * Parts are appended, not collected and joined: appending is cheap in V8 (it links the two
 * strings), while joining at every level would copy the deepest text once per level above it.
 */
function renderFlow(nodes: readonly AnyNode[], ctx: BlockContext): string {
  const stack: (Flow | Nested)[] = [];
  let flow = startFlow(nodes, ctx);
  for (;;) {
    const node = flow.nodes[flow.next++];
    if (node !== undefined) {
      const block = addNode(flow, node);
      if (block !== undefined) flow = enter(stack, flow, block);
      continue;
    }
    flushRun(flow);
    const text = flow.finish ? flow.finish(flow.out) : flow.out;
    const below = stack.pop();
    if (below === undefined) return text;
    if (below.kind === "flow") {
      addPart(below, text);
      flow = below;
      continue;
    }
    below.done.push(text);
    const following = below.flows[below.done.length];
    if (following !== undefined) {
      stack.push(below);
      flow = startFlow(following.children, below.ctx);
      continue;
    }
    flow = stack.pop() as Flow; // a list or table always sits in a flow
    addPart(flow, below.finish(below.done));
  }
}

function startFlow(nodes: readonly AnyNode[], ctx: BlockContext): Flow {
  return { kind: "flow", nodes, next: 0, ctx, run: undefined, out: "", finish: undefined };
}

/**
 * Takes in the flow's next node. A block element that needs what is inside it rendered first is
 * returned: a flow to render in its place (a wrapper's, a quote's), or a list or table with flows
 * of its own.
 */
function addNode(flow: Flow, node: AnyNode): Flow | Nested | undefined {
  if (isElement(node) && BLOCKS.has(node.name)) {
    flushRun(flow);
    const block = blockElement(node, flow.ctx);
    if (typeof block !== "string") return block;
    addPart(flow, block);
  } else if (isText(node) || (isElement(node) && !DROPPED.has(node.name))) {
    flow.run ??= [];
    flow.run.push(node);
  }
  return undefined;
}

/** The flow to render next, now that `flow` has met `block`: the first flow inside it. */
function enter(stack: (Flow | Nested)[], flow: Flow, block: Flow | Nested): Flow {
  if (block.kind === "flow") {
    stack.push(flow);
    return block;
  }
  const first = block.flows[0];
  if (first === undefined) {
    addPart(flow, block.finish([]));
    return flow;
  }
  stack.push(flow, block);
  return startFlow(first.children, block.ctx);
}

/** Empty parts are left out, the rest joined by line breaks. */
function addPart(flow: Flow, part: string): void {
  if (part !== "") flow.out = flow.out === "" ? part : `${flow.out}\n${part}`;
}

/**
 * A run of inline nodes as one paragraph. A plain function, not a closure in renderFlow: this
 * runs for every block twice, and a named closure is made anew on each call.
 */
function flushRun(flow: Flow): void {
  if (flow.run === undefined) return;
  addPart(flow, finishInline(renderInline(flow.run, flow.ctx), flow.ctx.mrkdwn));
  flow.run = undefined;
}

/** A block element's text, or what inside it needs rendering first. */
function blockElement(el: Element, ctx: BlockContext): string | Flow | Nested {
  switch (el.name) {
    case "ul":
    case "ol":
      return list(el, ctx);
    case "blockquote":
      return quote(el, ctx);
    case "pre":
      return preformatted(el, ctx);
    case "table":
      return ctx.tables < MAX_NESTING ? table(el, ctx) : startFlow(el.children, ctx);
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
      // Anything else only groups content: its children's flow is its text.
      return startFlow(el.children, ctx);
  }
}

/**
 * "• item" and "1. item" lines (numbering honours `<ol start>`); an item's further lines and
 * nested lists are indented under it.
 */
function list(el: Element, ctx: BlockContext): Nested {
  const items = el.children.filter((c): c is Element => isElement(c) && c.name === "li");
  const indent = ctx.lists < MAX_NESTING;
  return {
    kind: "nested",
    flows: items,
    ctx: indent ? { ...ctx, lists: ctx.lists + 1 } : ctx,
    done: [],
    finish: (bodies) => listText(el, bodies, indent),
  };
}

function listText(el: Element, bodies: readonly string[], indent: boolean): string {
  const ordered = el.name === "ol";
  const start = Number.parseInt(el.attribs.start ?? "1", 10);
  let out = "";
  bodies.forEach((body, index) => {
    if (!body) return;
    const marker = ordered ? `${(Number.isNaN(start) ? 1 : start) + index}. ` : "• ";
    const item = marker + (indent ? indentFurtherLines(body) : body);
    out = out === "" ? item : `${out}\n${item}`;
  });
  return out;
}

/** Four spaces before every line but the first, empty lines left empty. */
function indentFurtherLines(body: string): string {
  return body.replace(FURTHER_LINE, "\n    ");
}

/** A line break followed by a line with something on it. */
const FURTHER_LINE = /\n(?=[^\n])/g;

/** Text: the quoted lines as they are. Mrkdwn: each line behind "> ", Slack's quote marker. */
function quote(el: Element, ctx: BlockContext): Flow {
  if (ctx.inQuote) return startFlow(el.children, ctx);
  const body = startFlow(el.children, { ...ctx, inQuote: true });
  if (ctx.mrkdwn) body.finish = quoteLines;
  return body;
}

function quoteLines(body: string): string {
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
function table(el: Element, ctx: BlockContext): Nested {
  const rows = tableRows(el);
  return {
    kind: "nested",
    flows: rows.flat(),
    ctx: { ...ctx, tables: ctx.tables + 1 },
    done: [],
    finish: (cells) => tableText(rows, cells),
  };
}

/**
 * The table's rows in document order, looking through thead, tbody and tfoot: each row is its
 * cells (td, th), a caption a row of one. A stack, not recursion: broken markup can nest sections.
 */
function tableRows(el: Element): Element[][] {
  const rows: Element[][] = [];
  const stack: AnyNode[] = [];
  pushChildren(stack, el);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!isElement(node)) continue;
    if (node.name === "tr") rows.push(node.children.filter(isCell));
    else if (TABLE_SECTIONS.has(node.name)) pushChildren(stack, node);
    else if (node.name === "caption") rows.push([node]);
  }
  return rows;
}

const TABLE_SECTIONS: ReadonlySet<string> = new Set(["thead", "tbody", "tfoot"]);

function isCell(node: AnyNode): node is Element {
  return isElement(node) && (node.name === "td" || node.name === "th");
}

/** `cells`: the rendered cells of all `rows`, in order. */
function tableText(rows: readonly Element[][], cells: readonly string[]): string {
  const lines: string[] = [];
  let next = 0;
  for (const row of rows) {
    const rowCells = cells.slice(next, next + row.length);
    next += row.length;
    // A caption is a row of one: only cells fold their lines into the row's line.
    const line =
      row[0]?.name === "caption"
        ? (rowCells[0] ?? "")
        : rowCells
            .map((cell) => cell.replace(/\n/g, " "))
            .filter((cell) => cell !== "")
            .join(" | ");
    if (line !== "") lines.push(line);
  }
  return lines.join("\n");
}
