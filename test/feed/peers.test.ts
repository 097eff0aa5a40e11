/**
 * Every real-world feed in test/fixtures/peers (rss-parser's own test corpus) either ingests or
 * fails with one clear FeedError naming the file. A new fixture without a row here fails the
 * "covers every fixture" test, so the table cannot silently fall behind the folder.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FeedError } from "../../src/feed/errors.js";
import { loadFeed } from "../../src/feed/load.js";

const DIR = "test/fixtures/peers";

type Row =
  | { file: string; essays: number; title?: string; id?: string; why?: string }
  | { file: string; code: FeedError["code"]; why: string };

const ROWS: Row[] = [
  {
    file: "atom-customfields.atom",
    essays: 15,
    title: "Buy Now, Bitches*",
    id: "yt:video:lR-w1h5ONOY",
  },
  {
    file: "content-encoded.rss",
    essays: 7,
    title: "THE CREATIVE FORAGER",
    id: "https://medium.com/p/125af37d838f",
  },
  {
    file: "craigslist.rss",
    essays: 25,
    // RSS 1.0; the title carries HTML and a double-escaped "$": both cleaned up.
    title: "Bright, Spacious Beautiful Victorian (oakland north / temescal) $4300 3bd 1930ft2",
    id: "http://sfbay.craigslist.org/eby/apa/6186664607.html",
  },
  {
    file: "customfields.rss",
    essays: 15,
    title: "ISUZU launches the ‘mu-X’ premium full-size 7 seater SUV in Bengaluru",
    id: "http://www.varthabharati.in/article/english/74450",
  },
  {
    file: "encoding.rss",
    essays: 40,
    title: "Mãe de utente é a nova presidente da Raríssimas",
    id: "http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html",
  },
  {
    file: "feedburner.atom",
    essays: 25,
    title: "AdWords and DFP Java client library will soon require Java 7+",
    id: "tag:blogger.com,1999:blog-7815614485808579332.post-8394866751819460570",
  },
  {
    file: "giantbomb-podcast.rss",
    essays: 730,
    title: "Giant Bombcast 603: Call of Tuesday",
    id: "1600-2823",
  },
  {
    file: "guardian.rss",
    essays: 55,
    title: "Trump State of the Union address promised unity but emphasized discord",
    id: "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord",
  },
  {
    file: "gulp-atom.atom",
    essays: 10,
    title: "v3.9.0",
    id: "tag:github.com,2008:Repository/11167738/v3.9.0",
  },
  {
    file: "heise.atom",
    essays: 15,
    title: "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei",
    id: "http://heise.de/-3088438",
  },
  // RSS 0.92 with no guid and no dates: the link is the id.
  {
    file: "heraldsun.rss",
    essays: 2,
    title: "The First Item",
    id: "http://www.oreilly.com/example/001.html",
  },
  { file: "incomplete-fields.atom", essays: 0, why: "its only entry is empty" },
  {
    file: "instant-article.rss",
    essays: 1,
    title: "My first Instant Article",
    id: "https://localhost:8000",
  },
  {
    file: "item-itunes-episodeType.rss",
    essays: 1,
    title: "Trailer",
    id: "cc973b648d6fb41e4e5ef7e4b4ee7604",
  },
  {
    file: "itunes-category.rss",
    essays: 1,
    title: "Taverncast 62 - Temporal Anomaly",
    id: "http://taverncast.com/shows/taverncast-62.mp3",
  },
  {
    file: "itunes-href.rss",
    essays: 10,
    title:
      "Manager bewertet Transfers | Eberl lobt BVB für Pulisic-Deal – Hudson-Odoi kostet „fast so viel wie mein Kader“",
    id: "http://www.transfermarkt.de/eberl-lobt-bvb-fur-pulisic-deal-ndash-hudson-odoi-kostet-bdquo-fast-so-viel-wie-mein-kader-ldquo-/view/news/326649?rss",
  },
  {
    file: "itunes-keywords-array.rss",
    essays: 1,
    title: "Ostafrika stellt sich auf die nächste Heuschreckenplage ein",
    id: "c88fbba9-c228-4724-bf41-8c193b72491c",
  },
  {
    file: "itunes-keywords-astext.rss",
    essays: 32,
    title: "Die mit Alice Merton und der Wespen-Taschen Psychologie",
    id: "3602b6b4-68e4-47a6-81b9-323cc79ed87f",
  },
  {
    file: "itunes-keywords.rss",
    essays: 1,
    title: "Taverncast 62 - Temporal Anomaly",
    id: "http://taverncast.com/shows/taverncast-62.mp3",
  },
  // 131 items, but one guid appears twice: the first copy is kept.
  {
    file: "itunes-missing-image.rss",
    essays: 130,
    title: "Taverncast 62 - Temporal Anomaly",
    id: "http://taverncast.com/shows/taverncast-62.mp3",
  },
  {
    file: "many-links.rss",
    essays: 25,
    title: "Code Health: Providing Context with Commit Messages and Bug Reports",
    id: "tag:blogger.com,1999:blog-15045980.post-8046216467923860328",
  },
  { file: "missing-fields.atom", essays: 0, why: "its only entry has an id and nothing to show" },
  {
    file: "narro.rss",
    essays: 1,
    title: "FAQ for Narro",
    id: "https://www.narro.co/article/54e703933058540300000069",
  },
  {
    file: "pagination-links.rss",
    essays: 1,
    title: "The First Episode",
    id: "a6f22abe-be5c-4a37-8f4b-8be3d69b0235",
  },
  {
    file: "reddit-atom.rss",
    essays: 24,
    title: "The Difficulties in Space",
    id: "https://www.reddit.com/r/space/comments/42babr/the_difficulties_in_space/",
  },
  {
    file: "reddit-home.rss",
    essays: 24,
    title: "How the British as seen by Americans and Europeans",
    id: "t3_42tizy",
  },
  {
    file: "reddit.rss",
    essays: 24,
    title: "The water is too deep, so he improvises",
    id: "https://www.reddit.com/r/funny/comments/3skxqc/the_water_is_too_deep_so_he_improvises/",
  },
  {
    file: "rss-1.rss",
    essays: 69,
    title: "Food for fungi",
    id: "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1",
  },
  { file: "unrecognized.rss", code: "not-a-feed", why: "it is an HTML 'Document Moved' page" },
  {
    file: "uolNoticias.rss",
    essays: 15,
    // <rss> without a version, Latin-1 without a declaration, Portuguese dates (→ null).
    title: "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
    id: "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm",
  },
  {
    file: "xml2js-options.rss",
    essays: 69,
    title: "Food for fungi",
    id: "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1",
  },
];

describe("peer feeds", () => {
  it("covers every fixture in the folder", () => {
    const files = readdirSync(DIR).filter((name) => !name.startsWith("LICENSE"));
    expect(ROWS.map((row) => row.file).sort()).toEqual(files.sort());
  });

  for (const row of ROWS) {
    const source = `${DIR}/${row.file}`;
    if ("code" in row) {
      it(`${row.file} fails with ${row.code}: ${row.why}`, async () => {
        const error = await loadFeed(source).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(FeedError);
        expect((error as FeedError).code).toBe(row.code);
        expect((error as FeedError).feedUrl).toBe(source);
        expect((error as FeedError).message).toContain(`Feed ${source} `);
      });
      continue;
    }
    it(`${row.file} ingests ${row.essays} essays`, async () => {
      const result = await loadFeed(source);
      if (result.status !== "ok") throw new Error("a local file is never not-modified");
      const { essays } = result.feed;
      expect(essays).toHaveLength(row.essays);
      if (row.title !== undefined) expect(essays[0]?.title).toBe(row.title);
      if (row.id !== undefined) expect(essays[0]?.id).toBe(row.id);
      // What every consumer downstream relies on, whatever the feed looked like.
      expect(new Set(essays.map((essay) => essay.id)).size).toBe(essays.length);
      for (const essay of essays) {
        expect(essay.id).not.toBe("");
        expect(essay.feedUrl).toBe(source);
        expect(essay.title).toBe(essay.title.trim());
        expect(essay.title || essay.html || essay.url).not.toBe("");
        if (essay.published !== null) {
          expect(new Date(essay.published).toISOString()).toBe(essay.published);
        }
        expect(essay.tags.every((tag) => tag !== "" && tag === tag.trim())).toBe(true);
        expect(`${essay.title} ${essay.html}`).not.toContain("\uFFFD");
      }
    });
  }
});
