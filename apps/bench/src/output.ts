import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CompareRow } from "./compare.js";
import { htmlReport } from "./reports/html.js";
import { markdownReport } from "./reports/markdown.js";
import type { BenchResults } from "./results.js";

export interface WrittenFiles {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
}

/** "2025-06-01T12-30-05Z": the run's start, safe in a file name on every system. */
export function timestampName(startedAt: string): string {
  return startedAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/**
 * Writes the run as <timestamp>.json, .md and .html in `dir`, and the same three as latest.*, so the
 * newest run is always at a fixed path and older ones stay for --compare.
 */
export function writeResults(
  dir: string,
  results: BenchResults,
  comparison: readonly CompareRow[] | null,
): WrittenFiles {
  mkdirSync(dir, { recursive: true });
  const stem = timestampName(results.startedAt);
  const json = `${JSON.stringify(results, null, 1)}\n`;
  const markdown = markdownReport(results, comparison);
  const html = htmlReport(results, comparison);
  for (const name of [stem, "latest"]) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), markdown);
    writeFileSync(join(dir, `${name}.html`), html);
  }
  return {
    json: join(dir, `${stem}.json`),
    markdown: join(dir, `${stem}.md`),
    html: join(dir, `${stem}.html`),
  };
}

/** Rewrites the Markdown and HTML reports of a saved run beside its JSON: x.json → x.md, x.html. */
export function renderReports(jsonPath: string, results: BenchResults): { markdown: string; html: string } {
  const stem = jsonPath.replace(/\.json$/, "");
  const markdown = `${stem}.md`;
  const html = `${stem}.html`;
  writeFileSync(markdown, markdownReport(results, null));
  writeFileSync(html, htmlReport(results, null));
  return { markdown, html };
}
