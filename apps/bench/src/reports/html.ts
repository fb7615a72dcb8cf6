import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { CompareRow } from "../compare.js";
import { l1ReportBlocks } from "../l1/l1Report.js";
import type { BenchResults, Library, ProblemResult } from "../results.js";
import { GAP_FLOOR, relativeGap } from "../trace.js";
import { formatBytes, formatSeconds, formatSettings } from "./format.js";
import { recommendations } from "./headline.js";
import {
  comparisonTable,
  HEADLINE_INTRODUCTION,
  ORACLE_INTRODUCTION,
  READING_GUIDE,
  RECOMMENDATION_INTRODUCTION,
} from "./markdown.js";
import { MULTICLASS_INTRODUCTION, multiclassTable } from "./multiclass.js";
import { bandwidthSentence, loadSentence } from "./table.js";
import {
  describeProblem,
  headlineTable,
  kernelsTable,
  oracleTable,
  processTable,
  recommendationTable,
  runsTable,
  type TableData,
  targetsTable,
} from "./tableData.js";

/** uPlot's script and styles, read from its package so the report opens offline, with no requests. */
export function uplotAssets(): { script: string; style: string } {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve("uplot/dist/uPlot.iife.min.js"));
  return {
    script: readFileSync(join(dist, "uPlot.iife.min.js"), "utf8"),
    style: readFileSync(join(dist, "uPlot.min.css"), "utf8"),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function htmlTable({ header, rows }: TableData): string {
  const head = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** One line of a plot: x ascending and positive (log axes), y the relative gap floored at GAP_FLOOR. */
export interface PlotSeries {
  readonly label: string;
  readonly library: Library;
  /** The same optimizer has the same colour in every plot. */
  readonly color: string;
  readonly x: number[];
  readonly y: number[];
}

/**
 * The points of one run against time or passes, ready for log–log axes: x > 0 only (the start, at 0,
 * has no place on a log axis), sorted, one point per x (the best gap there).
 */
export function plotPoints(
  xs: readonly (number | null)[],
  losses: readonly number[],
  fStar: number,
): { x: number[]; y: number[] } {
  const pairs: [number, number][] = [];
  for (let k = 0; k < losses.length; k++) {
    const x = xs[k];
    if (x === null || x === undefined || !(x > 0)) continue;
    pairs.push([x, Math.max(relativeGap(losses[k]!, fStar), GAP_FLOOR)]);
  }
  pairs.sort((a, b) => a[0] - b[0]);
  const x: number[] = [];
  const y: number[] = [];
  for (const [px, py] of pairs) {
    if (x.length > 0 && x[x.length - 1] === px) {
      y[y.length - 1] = Math.min(y[y.length - 1]!, py);
      continue;
    }
    x.push(px);
    y.push(py);
  }
  return { x, y };
}

const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#e377c2",
  "#bcbd22",
  "#7f7f7f",
  "#393b79",
  "#637939",
  "#843c39",
  "#7b4173",
];

/** A colour per run id, in order of first appearance across the problems. */
export function runColors(results: BenchResults): Map<string, string> {
  const colors = new Map<string, string>();
  for (const problem of results.problems) {
    for (const run of problem.runs) {
      if (!colors.has(run.id)) colors.set(run.id, PALETTE[colors.size % PALETTE.length]!);
    }
  }
  return colors;
}

export function problemPlots(
  problem: ProblemResult,
  colors: ReadonlyMap<string, string>,
): { time: PlotSeries[]; passes: PlotSeries[] } {
  const time: PlotSeries[] = [];
  const passes: PlotSeries[] = [];
  for (const run of problem.runs) {
    if (run.trace === null) continue;
    const common = { label: run.label, library: run.library, color: colors.get(run.id) ?? "#000" };
    const byTime = plotPoints(run.trace.seconds, run.trace.loss, problem.optimum.f);
    if (byTime.x.length > 0) time.push({ ...common, ...byTime });
    const byPasses = plotPoints(run.trace.passes, run.trace.loss, problem.optimum.f);
    if (byPasses.x.length > 0) passes.push({ ...common, ...byPasses });
  }
  return { time, passes };
}

/** Draws every chart from the embedded data. Runs in the browser; uPlot is inlined above it. */
const CHART_SCRIPT = `
function drawChart(element, title, xLabel, series) {
  if (series.length === 0) { element.textContent = "No run has points to plot here."; return; }
  const data = uPlot.join(series.map((s) => [s.x, s.y]));
  const width = Math.min(element.clientWidth || 640, 760);
  new uPlot({
    title, width, height: 360,
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    axes: [
      { label: xLabel, values: (u, splits) => splits.map((v) => v == null ? "" : (+v).toPrecision(2)) },
      { label: "(f − f*) / |f*|", size: 70, values: (u, splits) => splits.map((v) => v == null ? "" : (+v).toExponential(0)) },
    ],
    series: [
      { label: xLabel },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: s.library === "descent" ? 2 : 1.5,
        dash: s.library === "descent" ? undefined : [6, 4],
        spanGaps: true,
        points: { show: false },
        value: (u, v) => v == null ? "—" : (+v).toExponential(2),
      })),
    ],
  }, data, element);
}
for (const problem of BENCH_PLOTS) {
  drawChart(document.getElementById(problem.id + "-time"), problem.label + ": gap against time", "seconds", problem.time);
  drawChart(document.getElementById(problem.id + "-passes"), problem.label + ": gap against passes", "passes over the data", problem.passes);
}
`;

/** Inline JSON that cannot end the script element early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** The HTML report: the Markdown report's content, with two plots per problem; one self-contained file. */
export function htmlReport(
  results: BenchResults,
  comparison: readonly CompareRow[] | null = null,
  assets: { script: string; style: string } = uplotAssets(),
): string {
  const { machine } = results;
  const colors = runColors(results);
  const plots = results.problems.map((problem) => ({
    id: problem.id,
    label: problem.label,
    ...problemPlots(problem, colors),
  }));
  const sections: string[] = [];
  sections.push(`<h1>descent bench — ${escapeHtml(results.mode)} run, ${escapeHtml(results.startedAt)}</h1>`);
  sections.push(
    `<p>${escapeHtml(`${machine.cpu}, ${machine.cores} cores, ${formatBytes(machine.memoryBytes)}; Node ${machine.node}; scikit-learn ${machine.sklearn ?? "not available"}; TF.js ${machine.tfjs ?? "not available"}. ${loadSentence(results)} The run took ${formatSeconds(results.seconds)}.`)}</p>`,
  );
  sections.push("<h2>Headline</h2>");
  sections.push(`<p>${escapeHtml(HEADLINE_INTRODUCTION)}</p>`);
  sections.push(htmlTable(headlineTable(results)));
  sections.push(`<p>${escapeHtml(bandwidthSentence(results))}</p>`);
  const advice = recommendations(results);
  if (advice.winners.length > 0) {
    sections.push("<h2>Which optimizer when</h2>", `<p>${escapeHtml(RECOMMENDATION_INTRODUCTION)}</p>`);
    sections.push(htmlTable(recommendationTable(results)));
    sections.push(
      `<ul>${[...advice.rules, ...advice.notes].map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
    );
  }
  const oracle = oracleTable(results);
  if (oracle.rows.length > 0) {
    sections.push(
      "<h2>Oracle-tuned runs</h2>",
      `<p>${escapeHtml(ORACLE_INTRODUCTION)}</p>`,
      htmlTable(oracle),
    );
  }
  sections.push("<h2>Targets</h2>", htmlTable(targetsTable(results)));
  const multiclass = multiclassTable(results);
  if (multiclass.rows.length > 0) {
    sections.push(
      "<h2>Multiclass</h2>",
      `<p>${escapeHtml(MULTICLASS_INTRODUCTION)}</p>`,
      htmlTable(multiclass),
    );
  }
  if (comparison !== null)
    sections.push("<h2>Changes since the compared run</h2>", htmlTable(comparisonTable(comparison)));
  sections.push(
    "<h2>Problems</h2>",
    `<p>${escapeHtml(READING_GUIDE)} In the plots, descent's optimizers are solid lines and peers dashed.</p>`,
  );
  for (const problem of results.problems) {
    sections.push(`<h3>${escapeHtml(problem.label)}</h3>`, `<p>${escapeHtml(describeProblem(problem))}</p>`);
    sections.push(
      `<div class="plots"><div id="${problem.id}-time"></div><div id="${problem.id}-passes"></div></div>`,
    );
    sections.push(htmlTable(runsTable(problem)));
    sections.push(
      `<details><summary>Settings</summary><ul>${problem.runs
        .map(
          (run) =>
            `<li><b>${escapeHtml(run.label)}</b>: ${escapeHtml(formatSettings(run.settings) || "defaults")}${run.note ? `. ${escapeHtml(run.note)}` : ""}</li>`,
        )
        .join("")}</ul></details>`,
    );
    if (problem.kernels.length > 0) sections.push(htmlTable(kernelsTable(problem)));
  }
  for (const block of l1ReportBlocks(results.l1 ?? [])) {
    if (block.kind === "heading")
      sections.push(`<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`);
    else if (block.kind === "text") sections.push(`<p>${escapeHtml(block.text)}</p>`);
    else sections.push(htmlTable(block.table));
  }
  if (results.processTiming !== null) {
    const process = results.processTiming;
    sections.push("<h2>Whole process</h2>", htmlTable(processTable(process)));
    sections.push(
      `<p>${escapeHtml([process.ratio === null ? "" : `descent / Python = ${process.ratio.toFixed(3)}.`, process.note ?? ""].join(" ").trim())}</p>`,
    );
  }
  if (results.notes.length > 0) {
    sections.push(
      "<h2>Notes</h2>",
      `<ul>${results.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ul>`,
    );
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>descent bench — ${escapeHtml(results.startedAt)}</title>
<style>${assets.style}</style>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1600px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1em; }
</style>
</head>
<body>
${sections.join("\n")}
<script>${assets.script}</script>
<script>const BENCH_PLOTS = ${scriptJson(plots)};</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
