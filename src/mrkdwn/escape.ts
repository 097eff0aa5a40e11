/**
 * Slack mrkdwn escaping. Slack gives `&`, `<` and `>` control meaning (`<!channel>`, `<@U123>`,
 * `<https://evil|click>`), so every piece of feed or user text must pass through here before it
 * is placed in mrkdwn. Slack's docs: "You shouldn't HTML-escape the entire message… only these
 * three characters."
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A link in mrkdwn. The URL must not contain `|` or `>` (they would end the link early and let the
 * rest be read as text or another link), and the label is escaped like any text.
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = url.replace(/[|<>\s]/g, (c) => encodeURIComponent(c));
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, "∣");
  return safeLabel ? `<${safeUrl}|${safeLabel}>` : `<${safeUrl}>`;
}

/**
 * User or feed text shown in *bold*. A `*` inside would close the bold early and bold the rest of
 * the line instead, and Slack has no backslash escape, so it becomes the look-alike "∗".
 */
export function mrkdwnBold(text: string): string {
  const inner = escapeMrkdwn(text).replace(/\*/g, "∗").trim();
  return inner ? `*${inner}*` : "";
}

/**
 * Defence in depth for mrkdwn made elsewhere (search excerpts, essay blocks): it should already be
 * escaped, but a slip there must not become `<!channel>` or `<@U123>` here. Keeps only web and
 * mail links; any other `<` is shown as a literal "<".
 */
export function defangMrkdwn(mrkdwn: string): string {
  return mrkdwn.replace(/<(?!(?:https?:\/\/|mailto:)[^<>|\s]+(?:\|[^<>]*)?>)/gi, "&lt;");
}
