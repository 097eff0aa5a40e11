import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mergeEnv, parseEnvFile, readEnvFile } from "../src/env-file.js";

describe("parseEnvFile", () => {
  it("reads plain, exported and spaced assignments", () => {
    expect(parseEnvFile("A=1\nexport B=two\n  export   C = three  \r\nD=\n")).toEqual({
      A: "1",
      B: "two",
      C: "three",
      D: "",
    });
  });

  it("skips comments, blank lines and junk, including indented comments", () => {
    const text = "# top\n\nA=1\n  # indented note\nB=2\nnot an assignment\n";
    expect(parseEnvFile(text)).toEqual({ A: "1", B: "2" });
  });

  it("strips trailing comments from unquoted values but keeps # inside URLs", () => {
    expect(parseEnvFile("A=x y # note\nB=https://x.example/a#frag\nC= #only comment\n")).toEqual({
      A: "x y",
      B: "https://x.example/a#frag",
      C: "",
    });
  });

  it("keeps a value that starts with # (a pasted channel name) so config can explain it", () => {
    expect(parseEnvFile("ANNOUNCE_CHANNEL=#general # the team channel\n")).toEqual({
      ANNOUNCE_CHANNEL: "#general",
    });
  });

  it("honours quotes: single and backtick literal, double with escapes", () => {
    const text = [
      "S='a # not a comment \\n'",
      "T=`back tick`",
      'D="line1\\nline2 \\"quoted\\"" # comment',
      'E="spans',
      'two lines"',
      "F=after",
    ].join("\n");
    expect(parseEnvFile(text)).toEqual({
      S: "a # not a comment \\n",
      T: "back tick",
      D: 'line1\nline2 "quoted"',
      E: "spans\ntwo lines",
      F: "after",
    });
  });

  it("keeps an unterminated quote as written instead of swallowing the file", () => {
    expect(parseEnvFile('A="oops\nB=2\n')).toEqual({ A: '"oops', B: "2" });
  });

  it("lets a later line win", () => {
    expect(parseEnvFile("A=1\nA=2\n")).toEqual({ A: "2" });
  });
});

describe("readEnvFile", () => {
  it("returns {} when the file is missing and parses it when present", async () => {
    const dir = await mkdtemp(join(tmpdir(), "essay-bot-env-"));
    try {
      expect(await readEnvFile(join(dir, ".env"))).toEqual({});
      await writeFile(join(dir, ".env"), "SLACK_BOT_TOKEN=xoxb-1\nPORT=8080\n");
      expect(await readEnvFile(join(dir, ".env"))).toEqual({
        SLACK_BOT_TOKEN: "xoxb-1",
        PORT: "8080",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("mergeEnv", () => {
  it("lets real environment variables win, empty ones too", () => {
    const merged = mergeEnv(
      { PORT: "8080", LOG_LEVEL: "debug", FEED_URLS: "./a.xml" },
      { PORT: "9090", LOG_LEVEL: "", HOME: "/root", UNSET: undefined },
    );
    expect(merged).toEqual({
      PORT: "9090",
      LOG_LEVEL: "",
      FEED_URLS: "./a.xml",
      HOME: "/root",
    });
  });
});

describe(".env.example", () => {
  it("means the same to docker --env-file, which takes each value literally", async () => {
    const text = await readFile(new URL("../.env.example", import.meta.url), "utf8");
    const ours = parseEnvFile(text);
    const assignments = text.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#"));
    expect(assignments.length).toBeGreaterThan(5);
    for (const line of assignments) {
      // Docker keeps everything after "=": a trailing "# note" or quotes would be in the value.
      const [key, ...rest] = line.split("=");
      expect({ [key as string]: rest.join("=") }).toEqual({ [key as string]: ours[key as string] });
    }
  });
});
