/**
 * How the library holds sections in memory: at 100k sections the text is most of the heap, and
 * a large heap costs more than memory — its garbage collections pause the event loop. So:
 * - a block keeps its mrkdwn only when it is more than its text escaped (links, emphasis, code):
 *   about six blocks in seven are plain prose, and their mrkdwn is made again when read;
 * - a section does not keep its whole text beside its blocks: it is joined when read (an index
 *   build reads it once; a reply reads the few it shows).
 * Both read exactly as the plain objects the splitter makes (`Block`, `Section`).
 */
import type { Block, EssayMeta, Section } from "../essay/types.js";
import { escapeMrkdwn } from "../mrkdwn/escape.js";

export class CompactBlock implements Block {
  readonly text: string;
  readonly #mrkdwn: string | undefined;

  constructor(text: string, mrkdwn: string | undefined) {
    this.text = text;
    this.#mrkdwn = mrkdwn === undefined || mrkdwn === escapeMrkdwn(text) ? undefined : mrkdwn;
  }

  get mrkdwn(): string {
    return this.#mrkdwn ?? escapeMrkdwn(this.text);
  }

  /** What a store saves: the mrkdwn only where it says more than the text. */
  toJSON(): { text: string; mrkdwn?: string } {
    return this.#mrkdwn === undefined
      ? { text: this.text }
      : { text: this.text, mrkdwn: this.#mrkdwn };
  }
}

/** A block as a store hands it back (mrkdwn present or not) or as the splitter made it. */
export function compactBlock(block: { text: string; mrkdwn?: string }): CompactBlock {
  return block instanceof CompactBlock ? block : new CompactBlock(block.text, block.mrkdwn);
}

export class CompactSection implements Section {
  readonly id: string;
  readonly essay: EssayMeta;
  readonly heading: string;
  readonly parentHeading: string;
  readonly anchor: string;
  readonly url: string;
  readonly blocks: Block[];
  readonly position: number;

  constructor(section: Omit<Section, "text">) {
    this.id = section.id;
    this.essay = section.essay;
    this.heading = section.heading;
    this.parentHeading = section.parentHeading;
    this.anchor = section.anchor;
    this.url = section.url;
    this.blocks = section.blocks;
    this.position = section.position;
  }

  /** As finishSections joins it: the blocks' text, a blank line between. */
  get text(): string {
    return this.blocks.map((block) => block.text).join("\n\n");
  }

  /** Its length without joining: what a fingerprint needs. */
  get textLength(): number {
    let length = Math.max(0, this.blocks.length - 1) * 2;
    for (const block of this.blocks) length += block.text.length;
    return length;
  }

  toJSON(): Section {
    const { id, essay, heading, parentHeading, anchor, url, blocks, text, position } = this;
    return { id, essay, heading, parentHeading, anchor, url, blocks, text, position };
  }
}
