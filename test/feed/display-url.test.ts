import { describe, expect, it } from "vitest";
import { displayFeedUrl, withDisplayFeedUrl } from "../../src/feed/display-url.js";

describe("displayFeedUrl (what /healthz and logs show)", () => {
  it("leaves out credentials and the query string of a private feed", () => {
    expect(displayFeedUrl("https://me:s3cret@feeds.example/private.xml?key=abc")).toBe(
      "https://feeds.example/private.xml?…",
    );
    expect(displayFeedUrl("https://forem.com/feed/jonoherrington")).toBe(
      "https://forem.com/feed/jonoherrington",
    );
  });

  it("passes local paths through and rewrites the address inside messages", () => {
    expect(displayFeedUrl("./feeds/essays.xml")).toBe("./feeds/essays.xml");
    const raw = "https://u:p@x.example/f?token=t";
    expect(withDisplayFeedUrl(`Feed ${raw} answered 500.`, raw)).toBe(
      "Feed https://x.example/f?… answered 500.",
    );
  });
});
