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
 * Query parameters that only say where a click came from. Everything else in a query string can
 * name the item itself (`?p=123` on WordPress, `watch?v=…`, `item?id=…`), so it is kept.
 */
const TRACKING_PARAM =
  /^(?:utm_.*|ref|ref_src|ref_url|source|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok)$/i;

/**
 * The identity of an essay link: host (aliases folded, no `www.`) + path (no trailing slash) +
 * the query parameters that are not tracking ones, sorted. Scheme, tracking parameters (utm_*,
 * ?ref=…) and fragment never change which essay a link names. Paths are compared case-blind only
 * on Forem, whose slugs are lower-case and get retyped; elsewhere case can matter (IDs).
 * Undefined when it is not an http(s) URL.
 */
export function urlKey(url: string): string | undefined {
  const parsed = parseLenient(url.trim());
  if (!parsed) return undefined;
  const bareHost = parsed.hostname.toLowerCase().replace(/^www\./, "");
  const host = SAME_SITE[bareHost];
  const rawPath = decodeSafe(parsed.pathname).replace(/\/+$/, "");
  const path = host ? rawPath.toLowerCase() : rawPath;
  const kept = [...parsed.searchParams].filter(([name]) => !TRACKING_PARAM.test(name));
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : "";
  return `${host ?? bareHost}${path}${query}`;
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
