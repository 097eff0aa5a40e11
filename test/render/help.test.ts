import { describe, expect, it } from "vitest";
import { renderHelp } from "../../src/render/help.js";
import { expectSafe } from "./factory.js";

describe("renderHelp", () => {
  it("shows every form of the command and what the buttons do", () => {
    const all = expectSafe(renderHelp());
    for (const example of [
      "/essay promotion",
      '/essay "pull request"',
      "/essay latest",
      "/essay help",
    ]) {
      expect(all).toContain(example);
    }
    expect(all).toContain("*Share*");
    expect(all).toContain("*Next*");
  });
});
