/**
 * The paraphrase query set (bench/data/queries-paraphrase.json) is judged against the reference
 * feed by essay link and heading: a typo there, or a heading the splitter no longer produces,
 * would silently score as "nothing relevant". And a query that copies a heading measures nothing
 * the shared set does not already measure.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  EXTRA_QUERIES,
  keyOf,
  loadQueries,
  loadReferenceCorpus,
  PARAPHRASE_QUERIES,
  SHARED_QUERIES,
  sectionKey,
} from "../../bench/evaluate.js";

describe("the paraphrase judged queries", () => {
  it("parse, with notes on how they were written and judged", async () => {
    const data = JSON.parse(await readFile(PARAPHRASE_QUERIES, "utf8")) as { notes?: unknown };
    expect(typeof data.notes).toBe("string");
    const queries = await loadQueries(PARAPHRASE_QUERIES);
    expect(queries.length).toBeGreaterThanOrEqual(30);
    for (const q of queries) {
      expect(q.query.trim(), "query text").not.toBe("");
      const grades = q.relevant.map((r) => r.grade);
      // Without a grade-2 section, success@3 and MRR would be 0 for every system.
      expect(grades, `${q.query}: a grade-2 section`).toContain(2);
      for (const grade of grades) expect([1, 2], `${q.query}: grade`).toContain(grade);
    }
  });

  it("name only sections that exist in the reference corpus, each once per query", async () => {
    const corpus = await loadReferenceCorpus();
    const existing = new Set(corpus.flatMap((e) => e.sections.map(keyOf)));
    const missing: string[] = [];
    for (const q of await loadQueries(PARAPHRASE_QUERIES)) {
      const keys = q.relevant.map((r) => sectionKey(r.url, r.heading));
      expect(new Set(keys).size, `${q.query}: a section judged twice`).toBe(keys.length);
      for (const key of keys) if (!existing.has(key)) missing.push(`${q.query} → ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it("copy no section heading and repeat no query of the other sets", async () => {
    const corpus = await loadReferenceCorpus();
    const headings = new Set(corpus.flatMap((e) => e.sections.map((s) => norm(s.heading))));
    const queries = (await loadQueries(PARAPHRASE_QUERIES)).map((q) => norm(q.query));
    expect(queries.filter((q) => headings.has(q))).toEqual([]);
    const others = [...(await loadQueries(SHARED_QUERIES)), ...(await loadQueries(EXTRA_QUERIES))];
    const taken = new Set(others.map((q) => norm(q.query)));
    expect(queries.filter((q) => taken.has(q))).toEqual([]);
    expect(new Set(queries).size).toBe(queries.length);
  });
});

function norm(text: string): string {
  return text.trim().toLowerCase();
}
