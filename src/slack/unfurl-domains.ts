/**
 * Slack sends link_shared only for links on the app's unfurl domains (manifest.yml,
 * features.unfurl_domains); a link anywhere else is never unfurled and nobody is told. This
 * compares the essays' hosts with that list so the log says which hosts to add. A domain covers
 * its subdomains (Slack's link_shared reference shows a link on yet.another-example.com arriving
 * for the domain another-example.com), so "forem.com" covers "community.forem.com".
 */
import { readFile } from "node:fs/promises";
import type { Logger } from "../logger.js";

/** The manifest at the package root (beside dist/ and src/), as `npm start` and Docker ship it. */
export const MANIFEST_URL = new URL("../../manifest.yml", import.meta.url);

/** Slack accepts at most this many unfurl domains per app (its manifest schema's maxItems). */
export const MAX_UNFURL_DOMAINS = 5;

/**
 * features.unfurl_domains from the manifest's YAML, block (`- forem.com`) or flow
 * (`[forem.com, dev.to]`) style. Read by hand because the runtime has no YAML parser (`yaml` is
 * a dev dependency) and this list is all the bot needs from the file.
 */
export function readUnfurlDomains(manifest: string): string[] {
  const lines = manifest.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*unfurl_domains\s*:/.test(line));
  if (start < 0) return [];
  const head = lines[start] ?? "";
  const indent = head.search(/\S/);
  const flow = /:\s*\[(.*)\]/.exec(stripComment(head));
  if (flow) return (flow[1] ?? "").split(",").map(clean).filter(Boolean);
  const domains: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const text = stripComment(line);
    if (text.trim() === "") continue;
    const item = /^(\s*)-\s*(.+)$/.exec(text);
    // The list ends at the first line that is not one of its items.
    if (!item || (item[1] ?? "").length < indent) break;
    const domain = clean(item[2] ?? "");
    if (domain) domains.push(domain);
  }
  return domains;
}

function stripComment(line: string): string {
  return line.replace(/\s#.*$/, "");
}

function clean(value: string): string {
  return value
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
}

/** Whether Slack sends link_shared for links on `host`: it is a domain or one of its subdomains. */
export function covered(host: string, domains: readonly string[]): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** The hosts of `urls` no domain covers, sorted, each once. */
export function uncoveredHosts(urls: Iterable<string>, domains: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const url of urls) {
    const host = hostOf(url);
    if (host && !covered(host, domains)) missing.add(host);
  }
  return [...missing].sort();
}

function hostOf(url: string): string | undefined {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === "http:" || protocol === "https:"
      ? hostname.toLowerCase().replace(/\.$/, "")
      : undefined;
  } catch {
    return undefined;
  }
}

/** What to add for a host: "www." dropped, since the bare domain covers it and its siblings. */
export function domainToAdd(host: string): string {
  return host.replace(/^www\./, "");
}

/**
 * A check to run after each refresh: warns once per new set of uncovered hosts (a feed added
 * later brings new ones), never again for hosts already named. A manifest that cannot be read
 * (a deployment without the file) is said once at debug level: unfurls are configured in Slack,
 * and the file is only our copy of that configuration.
 */
export function unfurlDomainsCheck(
  log: Logger,
  readManifest: () => Promise<string> = () => readFile(MANIFEST_URL, "utf8"),
): (essayUrls: () => Iterable<string>) => Promise<void> {
  let domains: Promise<string[] | undefined> | undefined;
  const warned = new Set<string>();
  return async (essayUrls) => {
    domains ??= readManifest().then(readUnfurlDomains, (err: unknown) => {
      log.debug({ err }, "manifest.yml could not be read; unfurl domains not checked");
      return undefined;
    });
    const listed = await domains;
    if (!listed) return;
    const missing = uncoveredHosts(essayUrls(), listed).filter((host) => !warned.has(host));
    if (missing.length === 0) return;
    for (const host of missing) warned.add(host);
    const add = [...new Set(missing.map(domainToAdd))];
    const room = MAX_UNFURL_DOMAINS - listed.length;
    log.warn(
      { missing, unfurlDomains: listed, add },
      `Links to essays on ${missing.join(", ")} will not unfurl: manifest.yml's unfurl_domains lists only ${listed.join(", ") || "nothing"}. Add ${add.join(", ")} under features.unfurl_domains in your app's manifest (api.slack.com/apps → your app → App Manifest; at most ${MAX_UNFURL_DOMAINS} domains${room < add.length ? ", so replace ones you do not need" : ""}), save, and reinstall the app if Slack asks.`,
    );
  };
}
