import { l1ReportBlocks } from "../l1/l1Report.js";
import type { BenchResults } from "../results.js";
import { formatBytesPerSecond, formatPercent, formatSeconds, formatSecondsSummary } from "./format.js";
import { largestProblemBandwidth, recommendations } from "./headline.js";
import { multiclassTable } from "./multiclass.js";
import {
  describeProblem,
  headlineTable,
  kernelsTable,
  oracleTable,
  recommendationTable,
  runsTable,
  type TableData,
  targetsTable,
} from "./tableData.js";

/** The terminal report's width: every line of it fits in 100 columns. */
export const TERMINAL_COLUMNS = 100;

const widthOf = (text: string) => [...text].length;

/** A number and its unit ("4.2 ms", "13.68 GB/s", "46 %") stay on one line. */
const UNIT = / (?=(?:ns|µs|ms|s|kB|MB|GB|GB\/s|%)(?:$|[ ,;:.)\]–]))/g;

/** `text` broken at spaces into lines of at most `width` characters; a longer word is cut. */
export function wrapText(text: string, width: number, indent = ""): string[] {
  return wrapWords(text.replace(UNIT, "\u00a0"), width, indent).map((line) => line.replace(/\u00a0/g, " "));
}

function wrapWords(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(" ")) {
    while (widthOf(indent) + widthOf(word) > width) {
      if (line !== "") {
        lines.push(line);
        line = "";
      }
      const room = width - widthOf(indent);
      lines.push(indent + [...word].slice(0, room).join(""));
      word = [...word].slice(room).join("");
    }
    const candidate = line === "" ? indent + word : `${line} ${word}`;
    if (widthOf(candidate) > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = candidate;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}

/** A paragraph wrapped to the terminal's width; later lines indented by `hang`. */
export function paragraph(text: string, hang = ""): string {
  const [first, ...rest] = wrapText(text, TERMINAL_COLUMNS);
  return [first!, ...(rest.length === 0 ? [] : wrapText(rest.join(" "), TERMINAL_COLUMNS, hang))].join("\n");
}

/**
 * Columns padded to their widest cell, separated by two spaces, the header underlined; where that is wider
 * than `maxWidth`, the widest column is narrowed (to no less than its longest word) and its cells wrap.
 */
export function textTable({ header, rows }: TableData, maxWidth = TERMINAL_COLUMNS): string {
  const cells = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => widthOf(row[column] ?? ""))));
  const longestWord = header.map((_, column) =>
    Math.max(...cells.flatMap((row) => (row[column] ?? "").replace(UNIT, "\u00a0").split(" ").map(widthOf))),
  );
  const total = () => widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    for (let column = 0; column < widths.length; column++) {
      if (widths[column]! > longestWord[column]! && (widest < 0 || widths[column]! > widths[widest]!))
        widest = column;
    }
    if (widest < 0) break;
    widths[widest]!--;
  }
  const render = (row: readonly string[]) => {
    const wrapped = widths.map((width, column) => wrapText(row[column] ?? "", width));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    return Array.from({ length: height }, (_, index) =>
      wrapped
        .map((lines, column) => {
          const cell = lines[index] ?? "";
          return cell + " ".repeat(widths[column]! - widthOf(cell));
        })
        .join("  ")
        .trimEnd(),
    ).join("\n");
  };
  return [render(header), widths.map((width) => "─".repeat(width)).join("  "), ...rows.map(render)].join(
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

/**
 * The whole run for the terminal, within TERMINAL_COLUMNS: headline, which optimizer when, oracle-tuned
 * runs, targets, one table per problem (medians; the Markdown and HTML reports add each spread and the
 * settings), whole process, notes.
 */
export function terminalReport(results: BenchResults): string {
  const { machine } = results;
  const parts: string[] = [];
  parts.push(
    paragraph(
      `descent bench (${results.mode}), ${results.startedAt}; ${machine.cpu} × ${machine.cores}, Node ${machine.node}. ${loadSentence(results)}`,
    ),
  );
  parts.push(
    `\n${paragraph("Headline: descent's fastest optimizer against the fastest peer, both with settings a user has (defaults, documented options), time to f − f* ≤ 1e-6·|f*|")}\n${textTable(headlineTable(results))}`,
  );
  parts.push(paragraph(bandwidthSentence(results)));
  const { rules, notes } = recommendations(results);
  if (rules.length > 0) {
    parts.push(
      `\nWhich optimizer when (from this run: descent's fastest package per problem, to 1e-6)\n${textTable(recommendationTable(results))}`,
    );
    for (const line of [...rules, ...notes]) parts.push(paragraph(`- ${line}`, "  "));
  }
  const oracle = oracleTable(results);
  if (oracle.rows.length > 0) {
    parts.push(
      `\n${paragraph("Oracle-tuned runs (step sizes from the exact curvature bounds L and μ, which a user does not have), to 1e-6")}\n${textTable(oracle)}`,
    );
  }
  parts.push(`\nTargets\n${textTable(targetsTable(results))}`);
  const multiclass = multiclassTable(results);
  if (multiclass.rows.length > 0) {
    parts.push(
      `\n${paragraph("Multiclass (the multinomial loss): per library, the run fastest to 1e-8, else the best gap")}\n${textTable(multiclass)}`,
    );
  }
  for (const problem of results.problems) {
    parts.push(
      `\n${paragraph(`${problem.label}: ${describeProblem(problem)}`)}\n${textTable(runsTable(problem, { compact: true }))}`,
    );
    if (problem.kernels.length > 0) parts.push(textTable(kernelsTable(problem, { compact: true })));
  }
  for (const block of l1ReportBlocks(results.l1 ?? [], { compact: true })) {
    if (block.kind === "heading") parts.push(`\n${block.text}`);
    else if (block.kind === "text") parts.push(paragraph(block.text));
    else parts.push(textTable(block.table));
  }
  const process = results.processTiming;
  if (process !== null) {
    const python = process.python
      ? `, python + scikit-learn ${formatSecondsSummary(process.python)}: ratio ${process.ratio!.toFixed(3)}`
      : "";
    const floor = process.nodeFloor
      ? `; Node alone (an empty ES module) ${formatSecondsSummary(process.nodeFloor)}`
      : "";
    const program = process.descentProgram.split(":")[0];
    parts.push(
      `\n${paragraph(`Whole process on breast cancer: ${program} ${formatSecondsSummary(process.descent)}${floor}${python}.${process.note ? ` ${process.note}` : ""}`)}`,
    );
  }
  if (results.notes.length > 0)
    parts.push(`\nNotes\n${results.notes.map((note) => paragraph(`- ${note}`, "  ")).join("\n")}`);
  parts.push(`\n${formatSeconds(results.seconds)} in all.`);
  return parts.join("\n");
}
