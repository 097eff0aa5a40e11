/**
 * docker-compose.yml and the proxy's config, read as Docker Compose and nginx would: this machine
 * has no Docker engine, so the file's shape is what can be checked here. nginx itself checks the
 * config (`nginx -t`) where it is installed.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

interface Service {
  image?: string;
  build?: string | { context?: string };
  environment?: Record<string, string>;
  env_file?: string | string[];
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] | string };
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// Compose reads YAML 1.1 merge keys (`<<: *bot`): so must the test.
const compose = () => parse(read("docker-compose.yml"), { merge: true }) as Compose;

/** `${NAME:?message}` and `${NAME:-default}` as Compose would fill them, with a stand-in value. */
const interpolate = (value: string) => value.replace(/\$\{[A-Z_]+(?::[-?][^}]*)?\}/g, "x");

const bots = (c: Compose) =>
  Object.entries(c.services).filter(([, s]) => s.build !== undefined || s.image === "essay-bot");

const healthzCommand = (test: string[] | string | undefined) =>
  Array.isArray(test) ? test.slice(1).join(" ") : String(test);

describe("docker-compose.yml", () => {
  it("runs Postgres with a named volume and a pg_isready healthcheck", () => {
    const c = compose();
    const postgres = c.services.postgres;
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(JSON.stringify(postgres?.healthcheck?.test)).toContain("pg_isready");
    const volume = postgres?.volumes?.[0]?.split(":")[0] ?? "";
    expect(Object.keys(c.volumes ?? {})).toContain(volume);
  });

  it("runs at least two bot replicas built from the Dockerfile, each on the Postgres service", () => {
    const c = compose();
    const env = c.services.postgres?.environment ?? {};
    const replicas = bots(c).reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0);
    expect(replicas).toBeGreaterThanOrEqual(2);
    for (const [name, bot] of bots(c)) {
      const url = new URL(interpolate(bot.environment?.DATABASE_URL ?? ""));
      expect(url.protocol, name).toBe("postgres:");
      expect(url.hostname, name).toBe("postgres");
      expect(url.username, name).toBe(env.POSTGRES_USER);
      expect(url.pathname, name).toBe(`/${env.POSTGRES_DB}`);
      expect(bot.depends_on?.postgres?.condition, name).toBe("service_healthy");
      expect(bot.env_file, name).toBe(".env");
      // HTTP mode behind the proxy, whatever .env says.
      expect(bot.environment?.SLACK_APP_TOKEN, name).toBe("");
    }
  });

  it("never gives two replicas one DATA_DIR volume", () => {
    const c = compose();
    const named = bots(c).flatMap(([, s]) =>
      (s.volumes ?? []).filter((v) => v.endsWith(`:${s.environment?.DATA_DIR}`)),
    );
    expect(new Set(named).size).toBe(named.length);
  });

  it("checks each replica's health with the Dockerfile's own /healthz command", () => {
    const dockerfile = read("Dockerfile").replace(/\\\n/g, " ");
    const cmd = /HEALTHCHECK[^\n]*CMD (\[[^\n]*\])/.exec(dockerfile)?.[1] ?? "[]";
    const expected = (JSON.parse(cmd) as string[]).join(" ");
    expect(expected).toContain("/healthz");
    for (const [name, bot] of bots(compose())) {
      expect(healthzCommand(bot.healthcheck?.test), name).toBe(expected);
    }
  });

  it("only sets settings the bot knows (the names in .env.example)", () => {
    const known = new Set(
      read(".env.example")
        .split("\n")
        .map((line) => /^([A-Z_]+)=/.exec(line)?.[1])
        .filter(Boolean),
    );
    for (const [name, bot] of bots(compose())) {
      for (const key of Object.keys(bot.environment ?? {}))
        expect(known, `${name} ${key}`).toContain(key);
    }
  });

  it("puts an nginx proxy in front, round robin over every replica on its PORT", () => {
    const c = compose();
    const proxy = c.services.proxy;
    expect(proxy?.image).toMatch(/^nginx:/);
    const mount = proxy?.volumes?.find((v) => v.includes(":/etc/nginx/nginx.conf"));
    const file = mount?.split(":")[0] ?? "";
    expect(existsSync(new URL(file, root))).toBe(true);
    const conf = read(file);
    const upstream = /upstream (\w+) \{([^}]*)\}/.exec(conf);
    const servers = [...(upstream?.[2] ?? "").matchAll(/server ([\w.-]+):(\d+)/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(servers.sort()).toEqual(
      bots(c)
        .map(([name, s]) => `${name}:${s.environment?.PORT}`)
        .sort(),
    );
    // No other balancing method: nginx's default is round robin.
    expect(upstream?.[2]).not.toMatch(/least_conn|ip_hash|hash |random/);
    const slack = /location = \/slack\/events \{([^}]*)\}/.exec(conf)?.[1] ?? "";
    expect(slack).toContain(`proxy_pass http://${upstream?.[1]};`);
    // Slack's signature covers the raw body and its own headers: nothing may drop or rewrite them.
    const directives = conf.replace(/#.*$/gm, "");
    expect(directives).not.toMatch(
      /proxy_set_body|proxy_pass_request_(body|headers) off|proxy_set_header\s+X-Slack/i,
    );
    const published = proxy?.ports?.[0] ?? "";
    expect(conf).toContain(`listen ${published.split(":").at(-1)};`);
    // `server … resolve` (re-resolving the bots' names after a restart) needs nginx 1.27.3 or
    // newer: the compose file must pin such an image. (Debian 12's nginx, 1.22, rejects it, so
    // `nginx -t` cannot check this file here.)
    const image = /nginx:(\d+)\.(\d+)/.exec(proxy?.image ?? "");
    expect(Number(image?.[1]) * 1000 + Number(image?.[2])).toBeGreaterThanOrEqual(1027);
  });
});
