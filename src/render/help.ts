/** `/essay help`: what the command does, by example, and what the buttons on a result do. */
import { context, type RenderedMessage, section } from "./block-kit.js";

export function renderHelp(): RenderedMessage {
  return {
    text: "How to use /essay",
    blocks: [
      section(
        [
          "*Search the essays by section*",
          "`/essay promotion` finds the sections that talk about promotion.",
          '`/essay "pull request"` matches the exact phrase.',
          "`/essay latest` lists the newest essays.",
          "`/essay help` shows this message.",
        ].join("\n"),
      ),
      section(
        [
          "*On a result*",
          "*Share* posts that passage to the channel for everyone, with a link to the section.",
          "*Next* and *Previous* page through more matching sections.",
          "Only you see search results until you share one.",
        ].join("\n"),
      ),
      context(
        "Paste a link to an essay (or to one of its sections) and it unfurls into a preview.",
      ),
    ],
  };
}
