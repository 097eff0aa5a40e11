/**
 * A feed's address as it may be shown in /healthz and logs. A private feed's URL can carry a
 * secret (`https://user:pass@host/feed`, `?key=…`, `?token=…`), and /healthz has no
 * authentication, so credentials and the query string are left out. Local paths pass through.
 */
export function displayFeedUrl(source: string): string {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return source;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return source;
  const hadQuery = url.search !== "";
  url.username = "";
  url.password = "";
  url.search = "";
  url.hash = "";
  return `${url.toString()}${hadQuery ? "?…" : ""}`;
}

/** `text` with every occurrence of the raw feed address replaced by its display form. */
export function withDisplayFeedUrl(text: string, source: string): string {
  return text.replaceAll(source, displayFeedUrl(source));
}
