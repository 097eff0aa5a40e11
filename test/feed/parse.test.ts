import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/feed/parse.js";

const URL = "https://example.test/feed";

const rss = (items: string, channel = "") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example</title><link>https://example.test/</link>${channel}${items}</channel></rss>`;

const atom = (entries: string, feedExtra = "") =>
  `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<title>Atom Example</title><link href="https://atom.example.test/"/><id>urn:feed</id>${feedExtra}${entries}</feed>`;

describe("dates", () => {
  it("keeps an Atom entry with a malformed date, undated, and the rest of the feed", async () => {
    const feed = await parseFeed(
      atom(`<entry><id>urn:a</id><title>Bad date</title><published>last Tuesday-ish</published></entry>
            <entry><id>urn:b</id><title>Good date</title><published>2024-02-03T04:05:06Z</published></entry>
            <entry><id>urn:c</id><title>Updated only</title><updated>2024-01-01T00:00:00Z</updated></entry>`),
      URL,
    );
    expect(feed.essays.map((e) => [e.id, e.published])).toEqual([
      ["urn:a", null],
      ["urn:b", "2024-02-03T04:05:06.000Z"],
      ["urn:c", "2024-01-01T00:00:00.000Z"],
    ]);
  });

  it("keeps RSS items with missing or malformed dates as published: null", async () => {
    const feed = await parseFeed(
      rss(`<item><title>No date</title><link>https://example.test/a</link></item>
           <item><title>Bad date</title><link>https://example.test/b</link><pubDate>Seg, 24 Set 2018</pubDate></item>
           <item><title>Good</title><link>https://example.test/c</link><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>`),
      URL,
    );
    expect(feed.essays.map((e) => e.published)).toEqual([null, null, "2003-06-10T04:00:00.000Z"]);
  });
});

describe("identity", () => {
  it("prefers the guid (unwrapping attributes), then the link, then a hash", async () => {
    const feed = await parseFeed(
      rss(`<item><title>A</title><guid isPermaLink="false"> post-1 </guid><link>https://example.test/a</link></item>
           <item><title>B</title><guid isPermaLink="false"/><link>https://example.test/b</link></item>
           <item><title>C</title><description>Only text</description><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>`),
      URL,
    );
    const [a, b, c] = feed.essays;
    expect(a?.id).toBe("post-1");
    expect(b?.id).toBe("https://example.test/b");
    expect(c?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Same title and date on the next fetch → same id; that is what "announce once" rests on.
    const again = await parseFeed(
      rss(
        `<item><title>C</title><description>Edited text</description><pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate></item>`,
      ),
      URL,
    );
    expect(again.essays[0]?.id).toBe(c?.id);
  });

  it("keeps only the first of two items with the same id", async () => {
    const feed = await parseFeed(
      rss(
        `<item><title>New</title><guid>same</guid></item><item><title>Old</title><guid>same</guid></item>`,
      ),
      URL,
    );
    expect(feed.essays.map((e) => e.title)).toEqual(["New"]);
  });
});

describe("tags", () => {
  it("normalises RSS categories (plain or with attributes): trimmed, de-duplicated", async () => {
    const feed = await parseFeed(
      rss(`<item><title>T</title><link>https://example.test/t</link>
             <category> leadership </category><category domain="https://example.test/c">Career</category>
             <category>Leadership</category><category></category><category>Society &amp; Culture</category></item>`),
      URL,
    );
    expect(feed.essays[0]?.tags).toEqual(["leadership", "Career", "Society & Culture"]);
  });

  it("reads Atom categories from their term attribute", async () => {
    const feed = await parseFeed(
      atom(
        `<entry><id>urn:a</id><title>T</title><category term="devops" label="DevOps"/><category term="ai"/></entry>`,
      ),
      URL,
    );
    expect(feed.essays[0]?.tags).toEqual(["devops", "ai"]);
  });
});

describe("authors", () => {
  it("takes dc:creator, a name out of an RSS author email, or the channel's author", async () => {
    const feed = await parseFeed(
      rss(
        `<item><title>A</title><guid>a</guid><dc:creator>Jono Herrington</dc:creator></item>
         <item><title>B</title><guid>b</guid><author>jo@example.test (Jo Example)</author></item>
         <item><title>C</title><guid>c</guid></item>`,
        `<itunes:author xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">The Channel</itunes:author>`,
      ),
      URL,
    );
    expect(feed.essays.map((e) => e.author)).toEqual([
      "Jono Herrington",
      "Jo Example",
      "The Channel",
    ]);
  });

  it("takes the Atom entry author, else the feed's author, else nothing", async () => {
    const withFeedAuthor = await parseFeed(
      atom(
        `<entry><id>urn:a</id><title>A</title><author><name>Entry Author</name></author></entry>
         <entry><id>urn:b</id><title>B</title></entry>`,
        `<author><name>Feed Author</name></author>`,
      ),
      URL,
    );
    expect(withFeedAuthor.essays.map((e) => e.author)).toEqual(["Entry Author", "Feed Author"]);
    const anonymous = await parseFeed(rss(`<item><title>A</title><guid>a</guid></item>`), URL);
    expect(anonymous.essays[0]?.author).toBe("");
  });
});

describe("titles, bodies and links", () => {
  it("trims titles and decodes entities the feed escaped twice, but not lookalikes", async () => {
    const feed = await parseFeed(
      rss(`<item><guid>a</guid><title>
             Q&amp;amp;A: what&amp;#8217;s new   in <![CDATA[<em>tech</em>]]>
           </title></item>
           <item><guid>b</guid><title>R&amp;D &amp;notes; &amp;copy; 2024</title></item>`),
      URL,
    );
    expect(feed.essays.map((e) => e.title)).toEqual([
      "Q&A: what’s new in tech",
      "R&D &notes; © 2024",
    ]);
  });

  it("prefers content:encoded, then description", async () => {
    const feed = await parseFeed(
      rss(`<item><guid>a</guid><title>A</title><description>short</description>
             <content:encoded><![CDATA[<h2>Full</h2><p>body</p>]]></content:encoded></item>
           <item><guid>b</guid><title>B</title><description>&lt;p&gt;only&lt;/p&gt;</description></item>`),
      URL,
    );
    expect(feed.essays.map((e) => e.html)).toEqual(["<h2>Full</h2><p>body</p>", "<p>only</p>"]);
  });

  it("prefers Atom content, then summary, then media:description escaped as text", async () => {
    const feed = await parseFeed(
      atom(`<entry><id>urn:a</id><title>A</title><summary>sum</summary><content type="html">&lt;p&gt;full&lt;/p&gt;</content></entry>
            <entry><id>urn:b</id><title>B</title><summary type="html">&lt;p&gt;sum&lt;/p&gt;</summary></entry>
            <entry><id>urn:c</id><title>C</title><media:group><media:description>1 &lt; 2

next</media:description></media:group></entry>`),
      URL,
    );
    expect(feed.essays.map((e) => e.html)).toEqual([
      "<p>full</p>",
      "<p>sum</p>",
      "<p>1 &lt; 2</p>\n<p>next</p>",
    ]);
  });

  it("resolves relative Atom links against the feed's link", async () => {
    const feed = await parseFeed(
      atom(`<entry><id>urn:a</id><title>A</title><link rel="alternate" href="/posts/a"/></entry>`),
      URL,
    );
    expect(feed.essays[0]?.url).toBe("https://atom.example.test/posts/a");
  });

  it("skips items with neither title, body nor link, and keeps a bare link", async () => {
    const feed = await parseFeed(
      rss(`<item><guid>empty</guid></item><item><link>https://example.test/bare</link></item>`),
      URL,
    );
    expect(feed.essays.map((e) => [e.id, e.title])).toEqual([["https://example.test/bare", ""]]);
  });

  it("reads RSS 0.91 and RSS 1.0", async () => {
    const v091 = await parseFeed(
      `<rss version="0.91"><channel><title>Old</title><item><title>Item</title><link>https://example.test/i</link></item></channel></rss>`,
      URL,
    );
    expect(v091.essays.map((e) => e.id)).toEqual(["https://example.test/i"]);
    const rdf = await parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
         <channel rdf:about="https://example.test/"><title>RDF</title></channel>
         <item rdf:about="urn:rdf:1"><title>One</title></item></rdf:RDF>`,
      URL,
    );
    expect(rdf.essays.map((e) => e.id)).toEqual(["urn:rdf:1"]);
  });
});
