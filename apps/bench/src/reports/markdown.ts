import type { CompareRow } from "../compare.js";
import { l1ReportBlocks } from "../l1/l1Report.js";
import type { BenchResults, ProblemResult } from "../results.js";
import { formatBytes, formatBytesPerSecond, formatSeconds, formatSettings } from "./format.js";
import { recommendations } from "./headline.js";
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

/** Text as Markdown shows it literally: "f*" must not open an emphasis. */
function escapeText(text: string): string {
  return text.replace(/\*/g, "\\*");
}

function escapeCell(text: string): string {
  return escapeText(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function markdownTable({ header, rows }: TableData): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** What the headline compares: the same sentence in every report. */
export const HEADLINE_INTRODUCTION =
  "Descent's fastest optimizer against the fastest peer (TF.js, ml.js, scikit-learn), both with settings a user has " +
  "(each package's defaults, documented options such as Newton's mode, fixed constants), time to f − f* ≤ 1e-6·|f*|. " +
  "Runs tuned from the problem's exact curvature are left out here and shown apart below.";

export const RECOMMENDATION_INTRODUCTION =
  "From this run's figures: per problem, descent's fastest optimizer package at settings a user has, to 1e-6, and the " +
  "fastest of another package; then, with the problems in order of the entries of X, the package that won each stretch.";

export const ORACLE_INTRODUCTION =
  "Step sizes computed from the exact curvature bounds L and μ (gradient descent 2/(L + μ), Polyak's heavy ball, " +
  "Nesterov with 1/L), which the bench has only because it solved the problem first: the best a first-order method " +
  "could do, beside descent's fastest at settings a user has. Time to 1e-6.";

/** How to read the figures: the same paragraph in the Markdown and HTML reports. */
export const READING_GUIDE =
  "Times are wall time from the start of a fit (building the objective and validating X included) until f − f* ≤ target·|f*| was first seen, " +
  "as median [min–max] over the repeats, with how many repeats got there when not all did. Passes are passes over the training data " +
  "(a minibatch counts its share; scikit-learn does not report them). The best gap is the smallest relative gap reached. " +
  "Peak memory is the peak resident set of the configuration's own process minus that of an idle one (Node or Python), so it includes the data.";

function problemSection(problem: ProblemResult): string {
  const lines = [
    `### ${problem.label}`,
    "",
    escapeText(describeProblem(problem)),
    "",
    markdownTable(runsTable(problem)),
    "",
    "Settings:",
    "",
  ];
  for (const run of problem.runs) {
    lines.push(
      `- **${escapeText(run.label)}**: ${escapeText(formatSettings(run.settings) || "defaults")}${run.note ? `. ${escapeText(run.note)}` : ""}`,
    );
  }
  if (problem.kernels.length > 0) {
    lines.push("", markdownTable(kernelsTable(problem)));
    for (const note of new Set(problem.kernels.flatMap((kernels) => kernels.notes)))
      lines.push("", escapeText(note));
  }
  return lines.join("\n");
}

export function comparisonTable(rows: readonly CompareRow[]): TableData {
  return {
    header: ["where", "figure", "before", "now", "now / before"],
    rows: rows.map((row) => [
      row.scope,
      row.figure,
      row.before,
      row.after,
      row.ratio === null ? "—" : `${row.ratio.toFixed(2)}×`,
    ]),
  };
}

/** The Markdown report: the headline and targets first, then every figure with its spread and settings. */
export function markdownReport(
  results: BenchResults,
  comparison: readonly CompareRow[] | null = null,
): string {
  const { machine } = results;
  const out: string[] = [`# descent bench — ${results.mode} run, ${results.startedAt}`, ""];
  out.push(
    `${machine.cpu}, ${machine.cores} cores, ${formatBytes(machine.memoryBytes)}; Node ${machine.node} on ${machine.platform}; ` +
      `scikit-learn ${machine.sklearn ?? "not available"}; TF.js ${machine.tfjs ?? "not available"}. ${loadSentence(results)} ` +
      `The run took ${formatSeconds(results.seconds)}.`,
  );
  out.push("", "## Headline", "", escapeText(HEADLINE_INTRODUCTION), "");
  out.push(markdownTable(headlineTable(results)), "", escapeText(bandwidthSentence(results)), "");
  const advice = recommendations(results);
  if (advice.winners.length > 0) {
    out.push("## Which optimizer when", "", escapeText(RECOMMENDATION_INTRODUCTION), "");
    out.push(markdownTable(recommendationTable(results)), "");
    for (const line of [...advice.rules, ...advice.notes]) out.push(`- ${escapeText(line)}`);
    out.push("");
  }
  const oracle = oracleTable(results);
  if (oracle.rows.length > 0) {
    out.push("## Oracle-tuned runs", "", escapeText(ORACLE_INTRODUCTION), "", markdownTable(oracle), "");
  }
  out.push("## Targets", "", markdownTable(targetsTable(results)), "");
  const multiclass = multiclassTable(results);
  if (multiclass.rows.length > 0) {
    out.push("## Multiclass", "", escapeText(MULTICLASS_INTRODUCTION), "", markdownTable(multiclass), "");
  }
  if (comparison !== null) {
    out.push("## Changes since the compared run", "");
    out.push(
      comparison.length === 0 ? "No figure is in both runs." : markdownTable(comparisonTable(comparison)),
      "",
    );
  }
  if (results.roofline !== null) {
    out.push("## Memory roofline", "");
    for (const roofline of [
      results.roofline,
      results.rooflineAllCores ?? null,
      results.wasmReadLoop ?? null,
    ]) {
      if (roofline === null || (roofline === results.rooflineAllCores && (roofline.threads ?? 1) === 1))
        continue;
      const threads = roofline.threads ?? 1;
      out.push(
        `${roofline.method}: a sum over ${formatBytes(roofline.arrayBytes)} of doubles, ${threads === 1 ? "one thread" : `${threads} threads`}: ${formatBytesPerSecond(roofline.bytesPerSecond.median)} ` +
          `(min ${formatBytesPerSecond(roofline.bytesPerSecond.min)}, max ${formatBytesPerSecond(roofline.bytesPerSecond.max)}, ${roofline.bytesPerSecond.count} sweeps).`,
        "",
      );
    }
  }
  out.push("## Problems", "", escapeText(READING_GUIDE));
  for (const problem of results.problems) out.push("", problemSection(problem));
  for (const block of l1ReportBlocks(results.l1 ?? [])) {
    if (block.kind === "heading") out.push("", `${"#".repeat(block.level)} ${escapeText(block.text)}`, "");
    else if (block.kind === "text") out.push(escapeText(block.text), "");
    else out.push(markdownTable(block.table), "");
  }
  const process = results.processTiming;
  if (process !== null) {
    out.push("", "## Whole process", "", markdownTable(processTable(process)), "");
    out.push(
      [
        process.ratio === null
          ? null
          : `descent / Python = ${process.ratio.toFixed(3)} (median over median).`,
        process.note === null ? null : escapeText(process.note),
      ]
        .filter((text) => text !== null)
        .join(" "),
    );
  }
  if (results.notes.length > 0) {
    out.push("", "## Notes", "");
    for (const note of results.notes) out.push(`- ${escapeText(note)}`);
  }
  out.push("");
  return out.join("\n");
}
