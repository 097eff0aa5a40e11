import { readFile } from "node:fs/promises";

/**
 * Variables from a dotenv-style file; a missing file is simply {} (the file is optional).
 *
 * We parse it ourselves rather than with node:util parseEnv: that is missing before Node 20.12
 * (package.json allows any Node 20), and Node 20.20's version glues an indented comment line
 * onto the next key ("  # note\nA=1" yields the key "# note\nA") and keeps the indentation of
 * "  export A=1" in the key.
 */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(
      `Could not read ${path} (${(err as Error).message}). Make it readable, or remove it and ` +
        "set the variables in the environment instead.",
      { cause: err },
    );
  }
  return parseEnvFile(text);
}

/**
 * A variable set in the real environment wins over the file, even when it is empty: `FOO=` on
 * the command line is how a person switches off what .env says (and an empty value then counts
 * as unset, as everywhere in the config). Only a variable missing from the environment is taken
 * from the file.
 */
export function mergeEnv(
  fileVars: Record<string, string>,
  processEnv: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...fileVars };
  for (const [name, value] of Object.entries(processEnv)) {
    if (value !== undefined) merged[name] = value;
  }
  return merged;
}

/**
 * The common dotenv subset: `KEY=value`, optional `export `, `#` comments (whole line, or after
 * whitespace in an unquoted value, so `https://x/#y` and `KEY=#general` survive), '…' and `…` taken literally,
 * "…" with \n \r \t \" \\ escapes and possibly spanning lines. Later lines win.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=(\s*)(.*)$/.exec(lines[i] ?? "");
    if (!match) continue; // blank, comment, or not an assignment
    const key = match[1] as string;
    const spaced = match[2] !== "";
    let rest = match[3] as string;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      const close = (v: string) => (quote === '"' ? closingQuote(v) : v.indexOf(quote, 1));
      let end = close(rest);
      // Only double quotes may span lines; stop at the first line that closes them.
      let j = i;
      while (quote === '"' && end === -1 && j + 1 < lines.length) {
        j++;
        rest += `\n${lines[j]}`;
        end = close(rest);
      }
      if (end !== -1) {
        const inner = rest.slice(1, end);
        vars[key] = quote === '"' ? unescapeDoubleQuoted(inner) : inner;
        i = j;
        continue;
      }
      rest = match[3] as string; // unterminated: take the line as it is
    }
    // `KEY=#general` is a value (a channel name someone pasted; config then explains what to
    // use instead), not a comment that would silently unset KEY. `KEY= # note` is a comment.
    const literalHash = !spaced && rest.startsWith("#");
    vars[key] = literalHash
      ? rest.replace(/\s+#.*$/, "").trim()
      : rest.replace(/(^|\s+)#.*$/, "").trim();
  }
  return vars;
}

/** Index of the `"` closing a value that starts with `"`, skipping escaped quotes. */
function closingQuote(s: string): number {
  for (let k = 1; k < s.length; k++) {
    if (s[k] === "\\") k++;
    else if (s[k] === '"') return k;
  }
  return -1;
}

function unescapeDoubleQuoted(s: string): string {
  const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
  return s.replace(/\\(.)/g, (all, c: string) => map[c] ?? all);
}

/**
 * For the entry points (the bot and the CLI): `.env` in the working directory under the real
 * environment, or undefined after saying on stderr why `.env` cannot be read (exit code 1).
 * readEnvFile's sentence says what to do; a stack would bury it.
 */
export async function processEnv(): Promise<Record<string, string | undefined> | undefined> {
  try {
    return mergeEnv(await readEnvFile(".env"), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return undefined;
  }
}
