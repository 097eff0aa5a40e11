import { describe, expect, it } from "vitest";
import { renderFloodSummary } from "../../src/render/flood-summary.js";
import { essayOf, expectSafe, HOSTILE, long, meta } from "./factory.js";

const many = (
  n: number,
  title = (i: number) => `Essay ${i}`,
  url = (i: number) => `https://x.test/${i}`,
) =>
  Array.from({ length: n }, (_, i) => essayOf(meta({ id: `e${i}`, title: title(i), url: url(i) })));

describe("flood summary", () => {
  it("counts every new essay, lists the newest of the rest by name, and says how to find the others", () => {
    const message = renderFloodSummary(many(295), 5);
    const all = expectSafe(message);
    expect(message.text).toBe("300 new essays were published at once");
    expect(all).toContain("The 5 newest follow in posts of their own");
    expect(all).toContain("<https://x.test/0|Essay 0>");
    expect(all).toContain("<https://x.test/9|Essay 9>");
    expect(all).not.toContain("Essay 10>");
    expect(all).toContain("…and 285 more");
    expect(all).toContain("/essay &lt;words&gt;");
  });

  it("stays inside Block Kit limits with hostile, huge titles and links", () => {
    const rest = many(
      40,
      (i) => `${HOSTILE} ${long("t", 5000)} ${i}`,
      (i) => `https://x.test/${long("p", 790)}${i}`,
    );
    expectSafe(renderFloodSummary(rest, 1));
  });

  it("does not link what is not an http(s) URL", () => {
    const all = expectSafe(
      renderFloodSummary(
        many(3, undefined, () => "javascript:alert(1)"),
        5,
      ),
    );
    expect(all).not.toContain("javascript:");
  });
});
