/**
 * What the loopback feed servers serve: an RSS 2.0 document generated from plain items (with a
 * numbered series for the jobs, library and e2e tests), and a tiny hand-written feed.
 */

export interface FeedItem {
  guid: string;
  title: string;
  link: string;
  /** ISO date. */
  published: string;
  /** Body HTML. */
  html?: string;
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An RSS 2.0 document listing `items` newest first, as real feeds do. */
export function feedXml(items: readonly FeedItem[]): string {
  const sorted = [...items].sort((a, b) => b.published.localeCompare(a.published));
  const entries = sorted.map(
    (i) => `<item>
  <title>${xmlEscape(i.title)}</title>
  <link>${xmlEscape(i.link)}</link>
  <guid isPermaLink="false">${xmlEscape(i.guid)}</guid>
  <pubDate>${new Date(i.published).toUTCString()}</pubDate>
  <description>${xmlEscape(i.html ?? `<p>${i.title}: an essay body long enough to read.</p>`)}</description>
</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test feed</title><link>https://essays.test/</link>
<description>Essays for tests</description>
${entries.join("\n")}
</channel></rss>`;
}

/** Item n of a numbered series: published n days after 2026-01-01, so n orders them. */
export function item(n: number, overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    guid: `essay-${n}`,
    title: `Essay number ${n}`,
    link: `https://essays.test/essay-${n}`,
    published: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
    ...overrides,
  };
}

/** Items from..to of the numbered series, oldest first. */
export function items(from: number, to: number): FeedItem[] {
  return Array.from({ length: to - from + 1 }, (_, i) => item(from + i));
}

/** A one-essay RSS feed, written by hand. */
export const TINY_RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Tiny</title>
<item><title>First essay</title><link>https://example.test/first</link>
<guid>https://example.test/first</guid><pubDate>Mon, 18 May 2026 15:36:49 +0000</pubDate>
<description>&lt;p&gt;Hello&lt;/p&gt;</description></item>
</channel></rss>`;
