import type { BenchResults } from "../results.js";
import { formatBytesPerSecond, formatPercent, formatSeconds, formatSecondsSummary } from "./format.js";
import { largestProblemBandwidth } from "./headline.js";
import {
  describeProblem,
  headlineTable,
  kernelsTable,
  runsTable,
  type TableData,
  targetsTable,
} from "./tableData.js";

/** Columns padded to their widest cell, separated by two spaces; the header underlined. */
export function textTable({ header, rows }: TableData): string {
  const width = (text: string) => [...text].length;
  const widths = header.map((title, column) =>
    Math.max(width(title), ...rows.map((row) => width(row[column] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell + " ".repeat(widths[column]! - width(cell)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((columnWidth) => "─".repeat(columnWidth))), ...rows.map(line)].join(
    "\n",
  );
}

export function bandwidthSentence(results: BenchResults): string {
  const largest = largestProblemBandwidth(results);
  if (largest === null) return "Gradient-pass bandwidth: not measured.";
  const { roofline } = results;
  const share = roofline
    ? `, ${formatPercent(largest.kernels.rooflineFraction)} of the memory roofline (${formatBytesPerSecond(roofline.bytesPerSecond.median)}, ${roofline.method})`
    : "";
  const threaded = largestProblemBandwidth(results, true);
  const allCores = results.rooflineAllCores;
  const threadedShare =
    threaded === null
      ? ""
      : ` On ${threaded.kernels.threads} threads: ${formatBytesPerSecond(threaded.kernels.gradientBandwidth)}${allCores ? `, ${formatPercent(threaded.kernels.rooflineFraction)} of the all-core roofline (${formatBytesPerSecond(allCores.bytesPerSecond.median)})` : ""}.`;
  const wasm = results.wasmReadLoop;
  const wasmShare = wasm
    ? ` A WebAssembly read loop alone reads ${formatBytesPerSecond(wasm.bytesPerSecond.median)} on one thread.`
    : "";
  return `Gradient pass on the largest problem, ${largest.problem.label} (${largest.kernels.variant}): ${formatBytesPerSecond(largest.kernels.gradientBandwidth)} of X read${share}.${threadedShare}${wasmShare}`;
}

/** Says so when the machine was busy: then every time in the run is noisy. */
export function loadSentence(results: BenchResults): string {
  const { machine } = results;
  const busy = machine.loadAverage.start > machine.cores / 2;
  return `Load average ${machine.loadAverage.start.toFixed(2)} at the start, ${machine.loadAverage.end.toFixed(2)} at the end${busy ? ": the machine was busy, so timings are noisy" : ""}.`;
}

/** The whole run for the terminal: headline, targets, one table per problem, whole process, notes. */
export function terminalReport(results: BenchResults): string {
  const { machine } = results;
  const parts: string[] = [];
  parts.push(
    `descent bench (${results.mode}), ${results.startedAt}; ${machine.cpu} × ${machine.cores}, Node ${machine.node}. ${loadSentence(results)}`,
  );
  parts.push(
    `\nHeadline: descent's fastest optimizer against the fastest peer, time to f − f* ≤ 1e-6·|f*|\n${textTable(headlineTable(results))}`,
  );
  parts.push(bandwidthSentence(results));
  parts.push(`\nTargets\n${textTable(targetsTable(results))}`);
  for (const problem of results.problems) {
    parts.push(`\n${problem.label}: ${describeProblem(problem)}\n${textTable(runsTable(problem))}`);
    if (problem.kernels.length > 0) parts.push(textTable(kernelsTable(problem)));
  }
  const process = results.processTiming;
  if (process !== null) {
    const python = process.python
      ? `, python + scikit-learn ${formatSecondsSummary(process.python)}: ratio ${process.ratio!.toFixed(3)}`
      : ` (${process.note})`;
    parts.push(
      `\nWhole process on breast cancer: node + descent ${formatSecondsSummary(process.descent)}${python}`,
    );
  }
  if (results.notes.length > 0) parts.push(`\nNotes\n${results.notes.map((note) => `- ${note}`).join("\n")}`);
  parts.push(`\n${formatSeconds(results.seconds)} in all.`);
  return parts.join("\n");
}
