/**
 * Flattens an essay's DOM into the sequence the splitter needs: section headings and blocks, in
 * document order, whatever wrappers they sit in. Feeds wrap headings (`<div><h2>…</h2></div>`),
 * leave text loose between blocks, or separate paragraphs with `<br><br>` instead of `<p>`.
 */
import type { AnyNode, Element } from "domhandler";
import {
  BLOCKS,
  CONTAINERS,
  DROPPED,
  hasBlockChild,
  isElement,
  isText,
  SECTION_HEADINGS,
} from "./dom.js";

export type WalkEvent =
  | { kind: "heading"; level: number; el: Element }
  /** One block element, or a run of inline nodes that together make a paragraph. */
  | { kind: "block"; nodes: AnyNode[] };

export function walk(nodes: readonly AnyNode[]): WalkEvent[] {
  const events: WalkEvent[] = [];
  let run: AnyNode[] = [];
  const flush = () => {
    if (run.some((node) => !isBlank(node))) events.push({ kind: "block", nodes: run });
    run = [];
  };
  // Wrappers are entered on an explicit stack of child lists, not by recursion: a feed can nest
  // them deeper than the call stack (see dom.ts). The run is flushed on entering and on leaving
  // each wrapper, so one run serves every level.
  const stack: { nodes: readonly AnyNode[]; next: number }[] = [{ nodes, next: 0 }];
  for (let level = stack[0]; level !== undefined; level = stack.at(-1)) {
    const node = level.nodes[level.next++];
    if (node === undefined) {
      flush();
      stack.pop();
      continue;
    }
    if (isText(node)) {
      run.push(node);
      continue;
    }
    if (!isElement(node) || DROPPED.has(node.name)) continue;
    const { name } = node;
    if (SECTION_HEADINGS.has(name)) {
      flush();
      events.push({ kind: "heading", level: Number(name.slice(1)), el: node });
    } else if (CONTAINERS.has(name) && hasBlockChild(node)) {
      // A wrapper of blocks (and maybe headings): split inside it as if it were not there.
      flush();
      stack.push({ nodes: node.children, next: 0 });
    } else if (BLOCKS.has(name)) {
      flush();
      events.push({ kind: "block", nodes: [node] });
    } else if (name === "br" && endsWithBreak(run)) {
      // `<br><br>` is a paragraph break in feeds that do not use <p>.
      run = dropTrailingBreak(run);
      flush();
    } else {
      run.push(node);
    }
  }
  return events;
}

function isBlank(node: AnyNode): boolean {
  return (isText(node) && node.data.trim() === "") || (isElement(node) && node.name === "br");
}

function endsWithBreak(run: AnyNode[]): boolean {
  for (let i = run.length - 1; i >= 0; i--) {
    const node = run[i];
    if (node === undefined) break;
    if (isElement(node) && node.name === "br") return true;
    if (!(isText(node) && node.data.trim() === "")) return false;
  }
  return false;
}

function dropTrailingBreak(run: AnyNode[]): AnyNode[] {
  const last = run.findLastIndex((node) => isElement(node) && node.name === "br");
  return last >= 0 ? run.slice(0, last) : run;
}
