/**
 * The identity of an essay link, shared by everything that asks "is this the same essay?":
 * link unfurls, the archive (a guid change with the same link is the same essay) and the
 * announcer. People paste links in every shape: http or https, with or without a trailing slash,
 * with tracking parameters, from dev.to for an essay the feed lists on forem.com.
 */

/** Hosts that serve the same Forem article at the same path. */
const SAME_SITE: Readonly<Record<string, string>> = {
  "dev.to": "forem.com",
  "forem.com": "forem.com",
};

/**
 * The identity of an essay link: host (aliases folded, no `www.`) + path (no trailing slash,
 * lower-cased: Forem slugs are lower-case and people retype them). Scheme, query string (utm_*,
 * ?ref=…) and fragment never change which essay a link names. Undefined when it is not a URL.
 */
export function urlKey(url: string): string | undefined {
  const parsed = parseLenient(url.trim());
  if (!parsed) return undefined;
  const host = parsed.hostname.toLowerCase().replace(/^www\./, "");
  const path = decodeSafe(parsed.pathname).replace(/\/+$/, "").toLowerCase();
  return `${SAME_SITE[host] ?? host}${path}`;
}

/** The `#anchor` of a link, decoded ("" when none). */
export function urlAnchor(url: string): string {
  const parsed = parseLenient(url.trim());
  return parsed ? decodeSafe(parsed.hash.replace(/^#/, "")) : "";
}

function parseLenient(url: string): URL | undefined {
  // Slack wraps links as <url|label>; copy-pastes often drop the scheme.
  const bare = url.replace(/^<|>$/g, "").split("|")[0] ?? "";
  // A scheme is letters then ":" not followed by a digit (that would be host:port).
  const withScheme = /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(bare) ? bare : `https://${bare}`;
  try {
    const parsed = new URL(withScheme);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
