import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { timestampName } from "../output.js";
import { formatBytes, formatSeconds, formatSecondsSummary } from "../reports/format.js";
import { markdownTable } from "../reports/markdown.js";
import { textTable } from "../reports/table.js";
import type { TableData } from "../reports/tableData.js";
import type { Summary } from "../stats.js";
import type { DuckdbCaseResult, DuckdbGroupResults, DuckdbSideSummary } from "./group.js";

function formatCount(summary: Summary): string {
  const format = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
  return summary.min === summary.max
    ? format(summary.median)
    : `${format(summary.median)} [${format(summary.min)}–${format(summary.max)}]`;
}

function fitCell(side: DuckdbSideSummary, optimizer: string): string {
  const fit = side.fits.find((candidate) => candidate.optimizer === optimizer);
  if (fit === undefined) return "—";
  return `${formatSecondsSummary(fit.seconds)}, ${formatCount(fit.passes)} passes${fit.converged ? "" : " (not converged)"}`;
}

/** One row per side of each case: pass time, its CPU time, fits (time and passes), peak RSS against X. */
export function duckdbTable(results: DuckdbGroupResults): TableData {
  const optimizers = [...new Set(results.cases.flatMap((c) => c.case.fits))];
  const rows: string[][] = [];
  for (const result of results.cases) {
    const memory = result.sides.find((side) => side.side === "memory");
    for (const side of result.sides) {
      const ratio =
        side.side !== "memory" && memory !== undefined
          ? ` (${(side.passSeconds.median / memory.passSeconds.median).toFixed(1)}× memory)`
          : "";
      rows.push([
        result.case.id,
        side.engine,
        `${formatSecondsSummary(side.passSeconds)}${ratio}`,
        formatSecondsSummary(side.passCpuSeconds),
        ...optimizers.map((optimizer) => fitCell(side, optimizer)),
        `${formatBytes(side.maxRssBytes)} (X/peak ${(result.xBytes / side.maxRssBytes).toFixed(2)})`,
      ]);
    }
  }
  return {
    header: ["case", "engine", "pass (median [min–max])", "pass CPU", ...optimizers, "peak RSS"],
    rows,
  };
}

function caseNotes(result: DuckdbCaseResult): string[] {
  const notes = [
    `${result.case.id}: X ${formatBytes(result.xBytes)} of doubles, Parquet file ${formatBytes(result.fileBytes)}; load average ${result.loadAverage.start.toFixed(1)} → ${result.loadAverage.end.toFixed(1)}.`,
  ];
  const memory = result.sides.find((s) => s.side === "memory");
  for (const side of result.sides) {
    if (memory === undefined || side === memory) continue;
    const difference = Math.abs(side.value - memory.value) / Math.abs(memory.value);
    notes.push(
      `${result.case.id}, ${side.side}: f at the test point agrees with memory's to ${difference.toExponential(1)} relative.`,
    );
  }
  for (const side of result.sides) {
    notes.push(
      `${result.case.id}, ${side.side}: setup ${formatSeconds(side.setupSeconds.median)} (opening and checking the file, or filling X).`,
    );
  }
  for (const failure of result.failures) notes.push(`${result.case.id}: failed: ${failure}`);
  return notes;
}

export function duckdbMarkdown(results: DuckdbGroupResults): string {
  return [
    "# descent bench: DuckDB beside memory",
    "",
    `${results.mode} run, ${results.startedAt}, ${results.threads} thread(s) on each side. A value-and-gradient pass over a Parquet file through \`@descent/duckdb\`, as one SQL aggregate (duckdb) and read directly by the kernels' threads (parquet), beside the same doubles in memory on the kernels backend; fits from θ = 0 to tol 1e-8; peak RSS of each side's own process.`,
    "",
    markdownTable(duckdbTable(results)),
    "",
    ...results.cases.flatMap(caseNotes).map((note) => `- ${note}`),
    "",
  ].join("\n");
}

/** The terminal's report: the table within 100 columns, then the notes. */
export function duckdbText(results: DuckdbGroupResults): string {
  return [textTable(duckdbTable(results)), "", ...results.cases.flatMap(caseNotes)].join("\n");
}

/** Writes duckdb-<timestamp>.json and .md into `dir` (and duckdb-latest.*); returns their paths. */
export function writeDuckdbResults(
  dir: string,
  results: DuckdbGroupResults,
): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const stem = `duckdb-${timestampName(results.startedAt)}`;
  const json = join(dir, `${stem}.json`);
  const markdown = join(dir, `${stem}.md`);
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(markdown, duckdbMarkdown(results));
  copyFileSync(json, join(dir, "duckdb-latest.json"));
  copyFileSync(markdown, join(dir, "duckdb-latest.md"));
  return { json, markdown };
}
