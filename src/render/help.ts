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
          "*New essays, as you like them*",
          "`/essay subscribe` posts every new essay in this channel; `/essay subscribe promotion, hiring` only those about a topic; `/essay subscribe daily` (or `weekly`) a digest instead.",
          "`/essay unsubscribe` stops them; `/essay subscriptions` shows this channel's and yours.",
          "`/essay notify promotion` sends you a direct message for each new essay about it; `/essay notify off` stops them.",
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
