import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { charsetOf, decodeFeedBody } from "../../src/feed/decode.js";
import { parseFeed } from "../../src/feed/parse.js";

const ENCODING_RSS = new URL("../fixtures/peers/encoding.rss", import.meta.url);
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

describe("decoding feeds that are not UTF-8", () => {
  it("reads the ISO-8859-1 fixture from its XML declaration, accents intact", async () => {
    const body = new Uint8Array(await readFile(ENCODING_RSS));
    const feed = await parseFeed(body, "encoding.rss");
    expect(feed.title).toBe("Jornal de Notícias - Últimas Notícias");
    expect(feed.essays[0]?.title).toBe("Mãe de utente é a nova presidente da Raríssimas");
    expect(feed.essays[0]?.html).toContain("Sónia Laygue, profissional na área");
    expect(JSON.stringify(feed)).not.toContain("\uFFFD");
  });

  it("lets the Content-Type charset win over a missing declaration", () => {
    const body = latin1("<rss><channel><title>Caf\u00e9</title></channel></rss>");
    expect(decodeFeedBody(body, "application/rss+xml; charset=ISO-8859-1")).toContain("Café");
    expect(decodeFeedBody(body, 'text/xml; charset="iso-8859-1"')).toContain("Café");
  });

  it("reads windows-1252 punctuation under an iso-8859-1 label, as browsers do", () => {
    const body = new Uint8Array([0x93, 0x68, 0x69, 0x94, 0x20, 0x80]); // “hi” €
    expect(decodeFeedBody(body, "text/xml; charset=iso-8859-1")).toBe("\u201chi\u201d \u20ac");
  });

  it("honours a byte-order mark", () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("<rss>é</rss>", "utf16le")]);
    expect(decodeFeedBody(utf16)).toBe("<rss>é</rss>");
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("<rss>é</rss>")]);
    expect(decodeFeedBody(utf8, "text/xml; charset=iso-8859-1")).toBe("<rss>é</rss>");
  });

  it("defaults to UTF-8, and falls back to windows-1252 for bytes that are not UTF-8", () => {
    expect(decodeFeedBody(new Uint8Array(Buffer.from("<rss>ümlaut</rss>")))).toBe(
      "<rss>ümlaut</rss>",
    );
    // Like uolNoticias.rss: Latin-1 bytes with no declaration and no charset anywhere.
    expect(decodeFeedBody(latin1("<rss>Not\u00edcias</rss>"))).toBe("<rss>Notícias</rss>");
    // A server's blanket charset=utf-8 does not garble a feed that declares its real encoding.
    const declared = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss>Sónia</rss>');
    expect(decodeFeedBody(declared, "text/xml; charset=utf-8")).toContain("Sónia");
  });

  it("skips labels it does not know", () => {
    const body = latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss>é</rss>');
    expect(decodeFeedBody(body, "text/xml; charset=x-made-up")).toContain("<rss>é</rss>");
  });

  it("extracts the charset parameter", () => {
    expect(charsetOf("application/xml; charset=windows-1251")).toBe("windows-1251");
    expect(charsetOf("application/xml")).toBeUndefined();
    expect(charsetOf(undefined)).toBeUndefined();
  });
});
