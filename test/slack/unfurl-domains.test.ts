import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  covered,
  domainToAdd,
  MANIFEST_URL,
  readUnfurlDomains,
  uncoveredHosts,
} from "../../src/slack/unfurl-domains.js";

describe("unfurl domains", () => {
  it("reads manifest.yml's unfurl_domains as a YAML parser does", async () => {
    const text = await readFile(MANIFEST_URL, "utf8");
    const manifest = parse(text) as { features: { unfurl_domains: string[] } };
    expect(readUnfurlDomains(text)).toEqual(manifest.features.unfurl_domains);
  });

  it("reads flow style, quotes and comments, and stops at the list's end", () => {
    expect(readUnfurlDomains("features:\n  unfurl_domains: [forem.com, 'dev.to'] # two\n")).toEqual(
      ["forem.com", "dev.to"],
    );
    const block =
      'features:\n  unfurl_domains:\n    - "Forem.com" # main\n\n    - dev.to\n  other:\n    - x.test\n';
    expect(readUnfurlDomains(block)).toEqual(["forem.com", "dev.to"]);
    expect(readUnfurlDomains("features: {}\n")).toEqual([]);
  });

  it("counts a subdomain as covered by its domain, and nothing else", () => {
    const domains = ["forem.com", "dev.to"];
    expect(covered("community.forem.com", domains)).toBe(true);
    expect(covered("dev.to", domains)).toBe(true);
    expect(covered("notforem.com", domains)).toBe(false);
    expect(covered("forem.com.evil.test", domains)).toBe(false);
    expect(
      uncoveredHosts(
        ["https://WWW.Blog.test/a", "https://www.blog.test/b", "https://dev.to/x", "not a url"],
        domains,
      ),
    ).toEqual(["www.blog.test"]);
    expect(domainToAdd("www.blog.test")).toBe("blog.test");
  });
});
