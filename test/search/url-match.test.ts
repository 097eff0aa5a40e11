import { describe, expect, it } from "vitest";
import { urlAnchor, urlKey } from "../../src/feed/url-key.js";
import { UrlLookup } from "../../src/search/url-match.js";
import { essay } from "./corpus-builder.js";

const promotion = essay({
  title: "The Promotion Happened",
  slug: "the-promotion-happened-7i6",
  sections: [
    ["", "Opening."],
    ["This week", "Send a note."],
  ],
});
const lookup = UrlLookup.of([promotion]);

describe("urlKey", () => {
  it("ignores scheme, www, trailing slash, query string, fragment and case", () => {
    const key = urlKey("https://forem.com/author/the-promotion-happened-7i6");
    for (const variant of [
      "http://forem.com/author/the-promotion-happened-7i6",
      "https://www.forem.com/author/the-promotion-happened-7i6/",
      "https://forem.com/author/the-promotion-happened-7i6?utm_source=slack&utm_medium=x",
      "https://forem.com/author/The-Promotion-Happened-7i6#this-week",
      "forem.com/author/the-promotion-happened-7i6",
      "<https://forem.com/author/the-promotion-happened-7i6|The Promotion>",
    ]) {
      expect(urlKey(variant), variant).toBe(key);
    }
  });

  it("keeps query parameters that name the item, so distinct items never merge", () => {
    expect(urlKey("https://blog.example/?p=123")).not.toBe(urlKey("https://blog.example/?p=124"));
    expect(urlKey("https://www.youtube.com/watch?v=AbC")).not.toBe(
      urlKey("https://www.youtube.com/watch?v=abc"),
    );
    expect(urlKey("https://blog.example/?utm_source=x&p=123&ref=hn")).toBe(
      urlKey("http://blog.example/?p=123"),
    );
    expect(urlKey("https://x.example/a?b=2&a=1")).toBe(urlKey("https://x.example/a?a=1&b=2"));
  });

  it("treats dev.to and forem.com as the same site", () => {
    expect(urlKey("https://dev.to/author/x")).toBe(urlKey("https://forem.com/author/x"));
  });

  it("rejects what is not an http(s) link", () => {
    expect(urlKey("mailto:someone@example.com")).toBeUndefined();
    expect(urlKey("javascript:alert(1)")).toBeUndefined();
    expect(urlKey("")).toBeUndefined();
  });

  it("reads the anchor, decoded", () => {
    expect(urlAnchor("https://forem.com/a/b#caf%C3%A9")).toBe("café");
    expect(urlAnchor("https://forem.com/a/b")).toBe("");
  });
});

describe("UrlLookup", () => {
  it("finds the essay from a dev.to link with tracking parameters", () => {
    const found = lookup.find("https://dev.to/author/the-promotion-happened-7i6/?utm_campaign=x");
    expect(found?.essay.meta.title).toBe("The Promotion Happened");
    expect(found?.section).toBeUndefined();
  });

  it("finds the section an #anchor names", () => {
    const found = lookup.find("https://forem.com/author/the-promotion-happened-7i6#this-week");
    expect(found?.section?.heading).toBe("This week");
  });

  it("still finds the essay when the anchor is unknown", () => {
    const found = lookup.find("https://forem.com/author/the-promotion-happened-7i6#renamed");
    expect(found?.essay.meta.title).toBe("The Promotion Happened");
    expect(found?.section).toBeUndefined();
  });

  it("returns undefined for links to anything else", () => {
    expect(lookup.find("https://forem.com/author/another-essay")).toBeUndefined();
    expect(lookup.find("https://example.com/author/the-promotion-happened-7i6")).toBeUndefined();
    expect(lookup.find("not a url at all")).toBeUndefined();
  });
});
