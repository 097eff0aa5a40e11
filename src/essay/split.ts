/**
 * Essay HTML → sections at its subheadings. Pure and synchronous; the HTML is parsed once.
 *
 * Levels: h2 starts a section (h1 too: authors who write "# Heading" in a Forem body mean a
 * section). An h3 after an h2 starts its own, smaller section, remembering the h2 as
 * `parentHeading`. An essay with no h1/h2 but some h3s splits at the h3s. h4–h6 stay inside their
 * section as bold lines. Content before the first subheading is the opening section.
 */
import { load } from "cheerio/slim";
import type { Element } from "domhandler";
import type { Essay } from "../feed/types.js";
import { renderBlock } from "./block-text.js";
import { DROPPED, findDescendant, isElement, normalizeSpace, textContent } from "./dom.js";
import { essayMeta } from "./meta.js";
import { countBodyWords } from "./reading-time.js";
import { finishSections, type SectionDraft } from "./sections.js";
import { foremSlug } from "./slug.js";
import type { EssayMeta, SplitEssay } from "./types.js";
import { walk } from "./walk.js";

/** Splits one essay. Boilerplate is not removed here: that needs the whole corpus (library/shelf.ts). */
export function splitEssay(essay: Essay): SplitEssay {
  const { meta, drafts } = draftEssay(essay);
  return { meta, sections: finishSections(meta, drafts) };
}

/** The essay's metadata and its sections before the empty ones are dropped. */
export function draftEssay(essay: Essay): { meta: EssayMeta; drafts: SectionDraft[] } {
  // cheerio/slim parses with htmlparser2: fast, and forgiving enough for feed HTML.
  const roots = load(essay.html, null, false).root()[0]?.children ?? [];
  const meta = essayMeta(essay, countBodyWords(roots));

  const events = walk(roots);
  const hasTopLevel = events.some((e) => e.kind === "heading" && e.level <= 2);
  const topLevel = hasTopLevel ? 2 : 3;
  const opening: SectionDraft = {
    heading: "",
    parentHeading: "",
    anchor: "",
    blocks: [],
    position: 0,
  };
  const drafts = [opening];
  let current = opening;
  let parent = "";
  for (const event of events) {
    if (event.kind === "block") {
      const block = renderBlock(event.nodes, essay.url);
      if (block.text !== "") current.blocks.push(block);
      continue;
    }
    const raw = headingText(event.el);
    const heading = normalizeSpace(raw);
    // A heading with no text (an image, an empty tag) cannot be named or searched: no split.
    if (heading === "") continue;
    const nested = event.level > topLevel;
    if (!nested) parent = heading;
    current = {
      heading,
      parentHeading: nested ? parent : "",
      anchor: explicitAnchor(event.el) ?? foremSlug(raw),
      blocks: [],
      position: drafts.length,
    };
    drafts.push(current);
  }
  return { meta, drafts };
}

/**
 * A heading's text without permalink decorations: blogs often end headings with a self-link
 * whose text is a symbol ("#", "¶", "🔗"), which is not part of the title.
 *
 * Built bottom up on an explicit stack, not by recursion: a feed can nest tags deeper than the call
 * stack (see dom.ts). Each element's frame gathers its text without permalinks, and whether any of
 * its text (permalinks included) has a letter or digit, which is what makes a link a permalink or
 * not; so every node is read once, however deeply links nest.
 */
function headingText(heading: Element): string {
  const stack: HeadingFrame[] = [];
  let frame: HeadingFrame = { el: heading, next: 0, text: "", worded: false };
  for (;;) {
    const child = frame.el.children[frame.next++];
    if (child === undefined) {
      const parent = stack.pop();
      if (parent === undefined) return frame.text;
      if (!isPermalink(frame.el, frame.worded)) parent.text += frame.text;
      parent.worded ||= frame.worded;
      frame = parent;
    } else if (!isElement(child)) {
      const text = textContent(child);
      frame.text += text;
      frame.worded ||= WORDED.test(text);
    } else if (!DROPPED.has(child.name)) {
      stack.push(frame);
      frame = { el: child, next: 0, text: "", worded: false };
    }
  }
}

interface HeadingFrame {
  el: Element;
  /** Index of the next child to read. */
  next: number;
  /** Text read so far, permalinks left out. */
  text: string;
  /** Whether the element's whole text (permalinks included) so far has a letter or digit. */
  worded: boolean;
}

const WORDED = /[\p{L}\p{N}]/u;

/** `worded`: whether the link's text (scripts and the like left out) has a letter or digit. */
function isPermalink(el: Element, worded: boolean): boolean {
  return el.name === "a" && (el.attribs.href ?? "").startsWith("#") && !worded;
}

/**
 * An anchor the feed's markup already names wins over a computed one: it is what the page links
 * to. Forem pages carry `<a name="slug" href="#slug" class="anchor">` inside the heading (its
 * feed strips it, hence foremSlug); other sites put an `id` on the heading.
 */
function explicitAnchor(heading: Element): string | undefined {
  const named = findDescendant(heading, (e) => e.name === "a" && !!e.attribs.name);
  if (named?.attribs.name) return named.attribs.name;
  if (heading.attribs.id) return heading.attribs.id;
  const withId = findDescendant(heading, (e) => !!e.attribs.id);
  if (withId?.attribs.id) return withId.attribs.id;
  const selfLink = findDescendant(
    heading,
    (e) =>
      e.name === "a" &&
      /\banchor\b/.test(e.attribs.class ?? "") &&
      /^#./.test(e.attribs.href ?? ""),
  );
  return selfLink ? decodeFragment((selfLink.attribs.href ?? "").slice(1)) : undefined;
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
