/**
 * Bytes → text for feeds in any encoding. rss-parser (xml2js/sax) only takes a string and ignores
 * the XML declaration, so an ISO-8859-1 feed read as UTF-8 comes out garbled ("Not�cias").
 *
 * Where the encoding comes from, strongest evidence first:
 *   1. a byte-order mark: it cannot be there by accident, so it beats any label (as in the
 *      WHATWG encoding standard browsers follow);
 *   2. the charset of the HTTP Content-Type (RFC 7303: it overrides the document's own claim);
 *   3. the XML declaration's `encoding="…"`;
 *   4. UTF-8, the XML default.
 * A label TextDecoder does not know is skipped. When the chosen encoding is UTF-8 but the bytes
 * are not valid UTF-8 (a server's default `charset=utf-8`, or a Latin-1 feed with no declaration
 * at all), we fall back to the next label that names something else, else windows-1252: that is
 * what such feeds almost always are, and it beats replacement characters.
 *
 * Node's TextDecoder maps "iso-8859-1" to windows-1252, like browsers do, but Node 20.18.3+ /
 * 22.13+ decode windows-1252 as plain Latin-1 (nodejs/node#60888), turning curly quotes and € into
 * invisible C1 control characters; `decodeWith` repairs those.
 */
export function decodeFeedBody(body: string | Uint8Array, contentType?: string): string {
  if (typeof body === "string") return body.replace(/^\uFEFF/, "");
  const labels = [bomEncoding(body), charsetOf(contentType), declaredEncoding(body)].filter(
    (label): label is string => label !== undefined && isKnownEncoding(label),
  );
  const chosen = labels[0] ?? "utf-8";
  if (canonical(chosen) !== "utf-8") return decodeWith(chosen, body);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    const fallback = labels.find((label) => canonical(label) !== "utf-8") ?? "windows-1252";
    return decodeWith(fallback, body);
  }
}

// WHATWG windows-1252 for bytes 0x80-0x9F; 0x81, 0x8D, 0x8F, 0x90 and 0x9D map to themselves.
const CP1252_C1 =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

function decodeWith(label: string, body: Uint8Array): string {
  const text = new TextDecoder(label).decode(body);
  if (canonical(label) !== "windows-1252") return text;
  // A no-op on a Node that decodes windows-1252 correctly: it never emits these C1 controls.
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

/** The charset parameter of a Content-Type header, e.g. `text/xml; charset="ISO-8859-1"`. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1] : undefined;
}

/** `encoding="…"` from an XML declaration at the very start (after an optional BOM). */
export function declaredEncoding(body: Uint8Array): string | undefined {
  // The declaration is ASCII in every ASCII-compatible encoding, so latin1 reads it safely.
  const head = Buffer.from(body.buffer, body.byteOffset, Math.min(body.byteLength, 1024)).toString(
    "latin1",
  );
  const label =
    /^(?:\xEF\xBB\xBF)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(
      head,
    )?.[1];
  // A declaration we could read as ASCII cannot be UTF-16 (that needs a BOM anyway): such files
  // are UTF-8 with a wrong label, and believing it would turn the text into CJK soup.
  return label && /^(?:utf-?16|ucs-?2)/i.test(label) ? undefined : label;
}

function bomEncoding(body: Uint8Array): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  return undefined;
}

function isKnownEncoding(label: string): boolean {
  return canonical(label) !== undefined;
}

function canonical(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}
