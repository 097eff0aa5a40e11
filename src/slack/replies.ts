/**
 * The bot's own sentences for situations that are not search results. Plain text with no user
 * input in it, so nothing here needs escaping; each one tells the person what to do next.
 */

export interface TextReply {
  text: string;
}

export const loadingReply: TextReply = {
  text: "I'm still loading the essays. Try again in a few seconds.",
};

export const errorReply: TextReply = {
  text: "Sorry, something went wrong while answering that. Please try again; if it keeps happening, let whoever runs essay-bot know (the details are in its log).",
};

export const passageGoneReply: TextReply = {
  text: "That passage is no longer in the index (the essays were refreshed since you searched). Run `/essay` with your query again for fresh results.",
};

export const staleButtonReply: TextReply = {
  text: "That button is from an older version of this message. Run `/essay` with your query again.",
};
