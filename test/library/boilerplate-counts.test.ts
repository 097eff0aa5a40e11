import { describe, expect, it } from "vitest";
import { BoilerplateCounts } from "../../src/library/boilerplate-counts.js";

describe("BoilerplateCounts", () => {
  it("answers as a recount would while essays come and go and the threshold moves", () => {
    const counts = new BoilerplateCounts();
    const seen: boolean[] = [];
    const ask = () => seen.push(counts.isBoilerplate("footer"));
    counts.set("a", [["footer", "a1"], ["footer"]]);
    ask(); // one essay: the key is in 1 of the 2 needed
    counts.set("b", [["footer"]]);
    ask(); // two essays, threshold 2: boilerplate
    counts.set("c", [["c1"]]);
    ask(); // three essays, threshold 3, key in 2: not
    counts.set("d", [["footer"]]);
    ask(); // key in 3 of 4: boilerplate
    counts.remove("b");
    ask(); // key in 2 of 3: not
    counts.set("c", [["footer"]]);
    ask(); // c replaced, now with the key: 3 of 3
    expect(seen).toEqual([false, true, false, true, false, true]);
    expect(counts.isBoilerplate("a1")).toBe(false);
    expect(counts.isBoilerplate("")).toBe(false);
  });

  it("changes its generation whenever what is boilerplate may have changed", () => {
    const counts = new BoilerplateCounts();
    counts.set("a", [["x"]]);
    counts.set("b", [["y"]]);
    counts.set("c", [["z"]]);
    const before = counts.generation;
    counts.set("d", [["x"]]);
    expect(counts.generation).toBe(before); // x in 2 of 4: nothing crossed
    counts.set("e", [["x"]]);
    expect(counts.generation).not.toBe(before); // x in 3: crossed
  });
});
