/**
 * The bot's main thread serves requests; feeds are parsed and essays split on its worker thread.
 * So its modules must not pull in an HTML or feed parser: cheerio and rss-parser took 0.4 s of
 * every start (and the memory they hold) for code the main thread never runs.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type TempDataDir, tempDataDir } from "../support/data-dir.js";

const BOT = new URL("../../src/bot.ts", import.meta.url).href;
const TSX = import.meta.resolve("tsx");

let dir: TempDataDir | undefined;
afterEach(async () => {
  await dir?.cleanup();
});

/** Every package the module at `url` loads (with what it loads), by name. */
async function packagesLoadedBy(url: string): Promise<Set<string>> {
  dir = await tempDataDir();
  const hooks = join(dir.dir, "hooks.mjs");
  await writeFile(
    hooks,
    `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url);
  if (m) process.stderr.write("LOADED " + m[1] + "\\n");
  return r;
}\n`,
  );
  const register = join(dir.dir, "register.mjs");
  await writeFile(
    register,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const child = spawn(
    process.execPath,
    [
      "--import",
      TSX,
      "--import",
      pathToFileURL(register).href,
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(url)});`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += String(chunk);
  });
  const [code] = await once(child, "exit");
  expect(code, stderr).toBe(0);
  return new Set([...stderr.matchAll(/^LOADED (\S+)$/gm)].map((m) => m[1] ?? ""));
}

describe("the bot's main thread", () => {
  it("loads Bolt but no HTML or feed parser", async () => {
    const loaded = await packagesLoadedBy(BOT);
    expect(loaded).toContain("@slack/bolt");
    for (const parser of ["cheerio", "rss-parser", "parse5", "htmlparser2"]) {
      expect(loaded, parser).not.toContain(parser);
    }
  });
});
