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
